"""`read`: clinician shorthand in, slot values out, with what was read, what was assumed and
what could not be read."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache, lru_cache

from dialogs.understanding import (
    age,
    anakinra_dose,
    blood_pressure,
    ferritin,
    icans_domains,
    neurotoxicity,
    neutropenia,
    oxygen,
    patients,
    products,
    questions,
    response,
    short_answers,
    spelling,
    steroid_stance,
    temperature,
    treatments,
    two_temperatures,
    unheeded,
    weight,
)
from dialogs.understanding import terms as kinds
from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.clauses import SENTENCE_END
from dialogs.understanding.results import Finding, Mention, Note, Outcome, Problem, Reading
from dialogs.understanding.spans import Coverage
from dialogs.understanding.text import TRUNCATED, capped, normalise
from dialogs.understanding.utterance import Utterance, prepare
from knowledge import slot_registry
from knowledge.slots import SLOT_NAMES

_READERS: tuple[Callable[[Utterance], list[Outcome]], ...] = (
    temperature.read,
    blood_pressure.read,
    oxygen.read,
    steroid_stance.read,
    treatments.read,
    anakinra_dose.read,
    neutropenia.read,
    neurotoxicity.read,
    icans_domains.read,
    products.read,
    ferritin.read,
    age.read,
    response.read,
)
_WORDS = re.compile(r"[a-z][a-z'/+-]*[a-z+]|[a-z]", re.ASCII)
_UNREAD_SHOWN = 80  # characters of an unread part shown
_OLDER = re.compile(
    r"[^,;.]{0,24}?(?:(?:\d+|two|three|four|several) days? ago|on admission|last week|\d+ ?d ago"
    r"|>24 ?h ago|48 ?h ago|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))",
    re.ASCII,
)
_OLDER_BEFORE = re.compile(r"(?:\d+|two|three|several) days? ago (?:tmax|t|temp)? ?$", re.ASCII)  # a comma ends it


def _valid(mention: Mention) -> bool:
    """The slot accepts the value (the registry's own check: no whole-case model per mention)."""
    try:
        slot_registry.validate(mention.slot, mention.value)
    except slot_registry.SlotValueError:
        return False
    return True


@cache
def _filler() -> frozenset[str]:
    unknown = [w for phrase in vocab.words("answers", "unknown") for w in phrase.split()]
    return frozenset([*vocab.words("unread", "filler"), *unknown])


def _unread(u: Utterance, outcomes: Sequence[Outcome], question: tuple[int, int] | None) -> tuple[str, ...]:
    """The clauses from which nothing was read and that say more than filler words."""
    used = Coverage(len(u.text))
    for outcome in outcomes:
        used.add(outcome.start, outcome.end)
    for term in u.terms:
        used.add(*term.span)
    if question is not None:
        used.add(*question)
    shown = []
    for clause in u.clauses:
        if used.touches(clause.start, clause.end):
            continue
        words = _WORDS.findall(u.text, clause.start, clause.end)
        if any(w not in _filler() for w in words):
            part = " ".join(u.original[clause.start : clause.end].split()).strip(" -:")
            if part:
                shown.append(part if len(part) <= _UNREAD_SHOWN else part[: _UNREAD_SHOWN - 3] + "...")
    return tuple(dict.fromkeys(shown))


_HOURS_AGO = re.compile(r"[^,;.]{0,24}?(?P<hours>\d{2,3}) ?(?:h|hrs?|hours?) ago", re.ASCII)


def _stale(u: Utterance, m: Mention) -> bool:
    """A temperature said to be from more than 24 hours ago ("39.5 two days ago", "30 hours ago")."""
    hours = _HOURS_AGO.match(u.text, m.end)
    return bool(
        _OLDER.match(u.text, m.end)
        or _OLDER_BEFORE.search(u.text, max(0, m.start - 30), m.start)
        or (hours and int(hours.group("hours")) > 24)
    )


# Day labels of a course ("D1 fever 39.1. D2 levo started. Today (D4): Tmax 37.9", "40.1 on D1")
_DAY = re.compile(r"(?<![a-z0-9])(?:d|day|pod) ?\+? ?(?P<n>\d{1,2})(?![0-9]|[.,][0-9]| ?(?:mg|ml|l|%|x))", re.ASCII)
_SINCE_DAY = re.compile(r"(?<![a-z])(?:since|until|till|starting) $", re.ASCII)
_DAY_LINK = re.compile(r" ?(?:on |at |)", re.ASCII)
_MAX_WORD = re.compile(r"(?<![a-z])(?:tmax|t max|max|maximum|highest|peak)(?![a-z])", re.ASCII)


def _day_of(u: Utterance, m: Mention) -> int | None:
    """The day label a temperature is said under: the last one before it in its sentence, or one right
    after it ("febrile to 40.1 on D1")."""
    ends = [e.end() for e in SENTENCE_END.finditer(u.text, 0, m.start)]
    start = ends[-1] if ends else 0
    # "on scheduled paracetamol since D+1, afebrile 36.9": a day something started from labels nothing
    before = [d for d in _DAY.finditer(u.text, start, m.start)
              if not _SINCE_DAY.search(u.text, max(0, d.start() - 8), d.start())]
    if before:
        return int(before[-1].group("n"))
    link = _DAY_LINK.match(u.text, m.end)
    after = _DAY.match(u.text, link.end() if link else m.end)
    return int(after.group("n")) if after else None


def _earlier_days(u: Utterance, temps: Sequence[Mention]) -> list[Mention]:
    """Temperatures of a course's earlier days: two days or more before its latest day label, or any
    day before it when that day gives its own maximum ("D2 39.6 ... Today D5: Tmax 37.8")."""
    if len(temps) < 2 or _DAY.search(u.text) is None:
        return []
    latest = max(int(d.group("n")) for d in _DAY.finditer(u.text))
    days = {id(m): _day_of(u, m) for m in temps}
    today_max = any(days[id(m)] == latest and _MAX_WORD.search(u.text, max(0, m.start - 12), m.end) for m in temps)
    return [m for m in temps if (day := days[id(m)]) is not None
            and (latest - day >= 2 or (day < latest and today_max))]


def _latest(u: Utterance, mentions: Sequence[Mention]) -> dict[str, Mention]:
    """One mention per slot: the last one written, except the temperature, whose highest counts
    (the highest temperature in the last 24 hours sets fever: "Tmax 39.1, now 37.5"), and the
    oxygen support (`oxygen.support_now`)."""
    latest: dict[str, Mention] = {}
    # "Tmax 38.4 two days ago, last 24h max 37.6": a reading older than a day does not set fever
    temps = [m for m in mentions if m.slot == temperature.SLOT]
    stale = [m for m in temps if _stale(u, m)] + _earlier_days(u, temps)
    if stale:  # the reading is older than a day: it does not set fever (the temperature is asked)
        mentions = [m for m in mentions if m not in stale]
    # "Tmax 38.5... sorry, Tmax 37.5": a reading the clinician took back is not a reading; the one
    # kept says which it corrects
    if taken_back := temperature.corrected(u, [m for m in mentions if m.slot == temperature.SLOT]):
        correcting = {id(by): u.original[m.start : m.end] for m in mentions if (by := taken_back.get(id(m)))}
        mentions = [m if id(m) not in correcting else replace(m, echo=f"{m.echo} (read as correcting "
                                                                      f"'{correcting[id(m)]}')")
                    for m in mentions if id(m) not in taken_back]
    numbers = [m for m in mentions if m.slot == temperature.SLOT and m.echo != temperature.AFEBRILE_ECHO]
    if numbers:  # "afebrile at 36.8 C": the number says more than the word
        mentions = [m for m in mentions if m.slot != temperature.SLOT or m.echo != temperature.AFEBRILE_ECHO]
    for mention in mentions:
        kept = latest.get(mention.slot)
        if mention.slot == temperature.SLOT and kept is not None and float(kept.value) > float(mention.value):
            continue
        latest[mention.slot] = mention
    supports = [m for m in mentions if m.slot == oxygen.SLOT]
    if len(supports) > 1:
        latest[oxygen.SLOT] = oxygen.support_now(u, supports)
    hottest = latest.get(temperature.SLOT)
    others = [m for m in mentions if m.slot == temperature.SLOT and m is not hottest]
    if hottest is not None and others and any(m.value != hottest.value for m in others):
        shown = ", ".join(dict.fromkeys(u.original[m.start : m.end] for m in [*others, hottest]))
        latest[temperature.SLOT] = replace(hottest, echo=f"{hottest.echo} (the highest of {shown})")
    return latest


def _assemble(
    u: Utterance, outcomes: Sequence[Outcome], asked: questions.Asked, truncated: bool, typed: Callable[[int, int], str]
) -> Reading:
    mentions: list[Mention] = []
    problems: list[Problem] = []
    notes: list[str] = []
    therapy: list[str] = []
    for outcome in sorted(outcomes, key=lambda o: (o.start, o.end)):
        if isinstance(outcome, Problem):
            problems.append(outcome)
        elif isinstance(outcome, Note):
            if outcome.text:
                notes.append(outcome.text)
            if outcome.therapy:
                therapy.append(outcome.therapy)
        elif _valid(outcome):
            mentions.append(outcome)
        else:
            problems.append(Problem(outcome.slot, outcome.start, outcome.end, f"{outcome.echo}: not accepted"))
    if not any(m.slot == "anticytokine_given" for m in mentions):
        notes += _drugs_unused(u, outcomes, asked.span)
    for slot, start, end in u.rows.earlier:
        row = " ".join(u.original[start:end].split()).strip(" |;,.-")
        notes.append(f"'{row}' read as an earlier time than now, not as {slot_registry.label(slot)} now")
    mentions = [m for m in mentions if not u.earlier_row(m.slot, m.start)]
    latest = _latest(u, mentions)
    for slot, start, last, end in u.rows.unordered:
        kept = latest.get(slot)
        if kept is not None and last <= kept.start < end:  # "never a lower grade": asked, not read from the last row
            del latest[slot]
            rows = " ".join(u.original[start:end].split())
            problems.append(Problem(slot, start, end, f"rows at different clock times in an order I cannot tell "
                                    f"('{rows}'): say what {slot_registry.label(slot)} is now"))
    for slot, higher in unheeded.stepped_down(u, mentions, latest).items():
        lower = latest.pop(slot)  # "never a lower grade": asked, not read from the lower value
        said, later = u.original[higher.start : higher.end], u.original[lower.start : lower.end]
        problems.append(Problem(slot, higher.start, lower.end, f"'{said}' and later '{later}' in a part said of "
                                f"another time or a plan: say what {slot_registry.label(slot)} is now"))
    for slot, term in unheeded.unplaced(u, outcomes, latest).items():
        said = u.original[term.start : term.end]
        del latest[slot]  # "never a lower grade": asked, not read from the lower value
        problems.append(Problem(slot, term.start, term.end, f"'{said}' is named after what was read for "
                                f"{slot_registry.label(slot)} but not placed as now or stopped: say "
                                "what is running now"))
    findings = tuple(
        Finding(m.slot, m.value, typed(m.start, m.end), m.echo, m.statement)
        for m in (latest[slot] for slot in SLOT_NAMES if slot in latest)
    )
    texts = list(dict.fromkeys(p.text for p in problems))
    if truncated:
        texts.append(TRUNCATED)
    span = asked.span
    if span is not None and asked.conditional and (findings or problems):
        span = None  # "Is on norepi 0.1 and HFNC 40L": findings, not a question
    question = " ".join(u.original[span[0] : span[1]].split()).strip(" ,;:-") if span else ""
    return Reading(
        findings,
        tuple(texts),
        span is not None,
        question=question,
        notes=tuple(dict.fromkeys(notes)),
        unread=_unread(u, outcomes, span),
        therapy=tuple(dict.fromkeys(therapy)),
    )


def _drugs_unused(u: Utterance, outcomes: Sequence[Outcome], question: tuple[int, int] | None) -> list[str]:
    """ "toci this am", "dex 10 x3d": while no therapy is read as given or denied (the fever waiver is
    unknown), a drug named, not denied, that no reader used (neither given nor a stance nor asked
    about) is said to be not counted, never dropped unsaid."""
    found = []
    for term in u.of_kind(kinds.DRUG):
        if term.negated or any(o.start < term.end and term.start < o.end for o in outcomes):
            continue
        if question is not None and question[0] <= term.start < question[1]:
            continue
        shown = u.original[term.span[0] : term.span[1]]
        found.append(f"'{shown}' named, not said to be given: not counted as given")
    return found


def read(text: str, expecting: str | None = None, *, weight_kg: float | None = None) -> Reading:
    """Read clinician free text; `expecting` is the slot just asked about (short answers);
    `weight_kg` a weight already known in the consult (for doses in mg/kg)."""
    text = str(text)
    if len(text) <= _MEMO_MAX_CHARS:
        return _read_memo(text, expecting, weight_kg)
    return _read(text, expecting, weight_kg)


# Short answers ("no", "1", "why", "70 kg") recur all through a consult and its replays; the
# reader is pure and a Reading is immutable, so recent ones are shared.
_MEMO_MAX_CHARS = 200


@lru_cache(maxsize=2048)
def _read_memo(text: str, expecting: str | None, weight_kg: float | None) -> Reading:
    return _read(text, expecting, weight_kg)


def _read(text: str, expecting: str | None, weight_kg: float | None) -> Reading:
    read_part, truncated = capped(text)
    normal = normalise(read_part)
    fixes = spelling.merged(
        spelling.merged(spelling.merged(spelling.dotted(read_part, normal), spelling.dictation(normal)),
                        spelling.capitals(read_part, normal)),
        spelling.merged(spelling.self_answered(normal), spelling.corrections(normal)),
    )
    original, normal = spelling.apply(read_part, normal, fixes)
    several = patients.parts(original, normal)
    if several.patients and several.chosen is None:
        return Reading((), (TRUNCATED,) if truncated else (), False, patients=several.patients)
    note = ""
    if several.chosen is not None:
        start, end = several.chosen
        marked = next(p.label for p in several.patients if p.text == original[start:end].strip(" .;,:-\n"))
        note = f"two patients named: only the part after '{marked}' was read, not the other patient's"
        original, normal = original[start:end], normal[start:end]
    elif (said := patients.several_said(normal)) is not None:
        # "2 pts both febrile 38.5, RA": several patients said of together, not told apart
        note = (f"'{original[said[0] : said[1]]}' names several patients, not told apart: read as what is true of "
                "each; send one patient per line where theirs differ")
    asked = questions.asked(normal)
    inside = asked.span or (0, 0)
    plans = tuple(p for p in questions.planned(normal) if not (inside[0] <= p[0] < inside[1]))
    plans = tuple(sorted({*plans, *questions.queried(normal)}))
    doubts = questions.uncertain(normal)
    slot = expecting if expecting in SLOT_NAMES else None
    allergies = questions.allergies(normal)
    blank = (*asked.hypothetical, *plans, *doubts, *allergies)
    u = prepare(original, slot, blank=blank, weight_kg=weight_kg, normal=normal, planned=plans)
    outcomes = weight.read(u)
    weights = [o for o in outcomes if isinstance(o, Mention) and _valid(o)]
    if weights:
        u = replace(u, weight_kg=float(weights[-1].value))
    outcomes += [outcome for reader in _READERS for outcome in reader(u)]
    outcomes += temperature.in_case_line(u, outcomes)
    for start, end in asked.hypothetical:  # "ok to give 2nd toci?": the dose before the one asked about
        if treatments.ordinal_in(normal, (start, end)):
            rest = ((0, start), (end, len(normal)))
            alone = prepare(original, slot, blank=rest, weight_kg=u.weight_kg, normal=normal)
            outcomes += treatments.asked_ordinals(alone)
    outcomes += short_answers.read(u, [o for o in outcomes if not isinstance(o, Note)])
    if several.chosen is None and (unlabelled := two_temperatures.parts(u, outcomes)):
        return Reading((), (TRUNCATED,) if truncated else (), False, patients=unlabelled)
    offset = several.chosen[0] if several.chosen else 0

    def typed(start: int, end: int) -> str:
        """The phrase as typed (before spelling corrections) at [start, end) of the read text."""
        return read_part[
            spelling.typed_position(fixes, start + offset) : spelling.typed_position(fixes, end + offset)
        ]

    reading = _assemble(u, outcomes, asked, truncated, typed)
    assumed = tuple(f"read '{f.written.strip()}' as the answer to a heading, not a question"
                    if f.written.lstrip().startswith("?") else f"read '{f.written}' as '{f.meant}'"
                    for f in fixes) + tuple(
        f"read as planned or proposed, not as given: '{' '.join(original[a:b].split()).strip(' ,:-')}'"
        for a, b in plans
        if original[a:b].strip(" ,:-")
    ) + tuple(f"read as a doubt, not a finding: '{original[a:b].strip()}'" for a, b in doubts if len(doubts) < 3)
    assumed += tuple(
        f"read as an allergy, not as given or stopped: '{' '.join(original[a:b].split())}'" for a, b in allergies
    )
    if assumed or note:
        reading = replace(reading, notes=(*((note,) if note else ()), *assumed, *reading.notes))
    return reading
