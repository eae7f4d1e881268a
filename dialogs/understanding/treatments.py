"""What was given: tocilizumab doses ("s/p toci x2", "2 doses of toci", "toci given",
"no toci", "toci-naive"), "no anakinra", and whether any antipyretic or anticytokine therapy
was given (tocilizumab, anakinra, siltuximab, steroids, antipyretics). A drug counts as given
with a cue in its clause ("s/p", "got", "given", "on"), a dose amount or a dose count.
"team refuses steroids" is a stance, not steroids given.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from dialogs.understanding import cues
from dialogs.understanding import terms as kinds
from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.negation import asked_at
from dialogs.understanding.patterns import alternation, key
from dialogs.understanding.results import Mention, Note, Outcome, Problem
from dialogs.understanding.utterance import Term, Utterance
from knowledge.slots import TOCILIZUMAB_DOSES_MAX

TOCILIZUMAB = "tocilizumab_doses"
ANAKINRA = "anakinra_mg_day"
ANTICYTOKINE = "anticytokine_given"


class Count(NamedTuple):
    doses: int
    start: int
    end: int
    said: str = ""  # what the echo adds: a count a self-correction took back, or one denied


@cache
def _dose_count() -> re.Pattern[str]:
    numbers = alternation(vocab.numbers("treatments.number_words"))
    times = alternation(vocab.numbers("treatments.times_words"))
    ordinals = alternation(vocab.numbers("treatments.ordinal_words"))
    return re.compile(
        rf"(?<![a-z0-9])x ?(?P<x>\d{{1,2}})(?![0-9]| ?(?:days?|hours?|hrs?|h|weeks?|wks?|kg|kgs|lbs?|mg)(?![a-z])"
        # ("x3d" is three days; "toci x1 D3" one dose on day 3)
        rf"|d(?![a-z0-9]))"
        # "Toci count: 3 given"
        rf"|(?<![a-z])count ?[:=]? ?(?P<count>\d{{1,2}})(?![0-9.,])"
        rf"|(?<![0-9.,])(?P<xb>\d{{1,2}}) ?x(?![a-z0-9])"
        rf"|(?:(?<![0-9.,])(?P<n>\d{{1,2}})|(?P<word>{numbers})) {{0,2}}(?:total )?doses?(?![a-z])"
        rf"|(?P<times>{times})"
        rf"|(?P<ordinal>{ordinals}) {{0,2}}(?:[a-z]+ {{1,2}}){{0,2}}dose(?![a-z])"
        # "1st dose 0300, 2nd 1100": an ordinal with its clock time
        rf"|(?P<ordinal_time>{ordinals}) {{1,2}}(?:at |@ ?)?(?:[01]\d|2[0-3]):?[0-5]\d(?![0-9])"
        # ("last dose 6h ago", "dose 8 mg/kg", "dose 10:30": a time, an amount or a clock, no dose number)
        rf"|(?:dose|#|no\.?|number) ?#? ?(?P<hash>\d{{1,2}})(?![0-9]|[.,:]\d| ?(?:h|hrs?|hours?|mins?|minutes?|d|days?"
        rf"|wks?|weeks?|am|pm|mg|g|mcg|ug|ml|mls|units?|kg)(?![a-z]))",
        re.ASCII,
    )


# A number right before the drug's name: "had 2 toci", "two tocilizumab".
@cache
def _count_before() -> re.Pattern[str]:
    numbers = alternation(vocab.numbers("treatments.number_words"))
    return re.compile(rf"(?:(?<![0-9.,:/])(?P<n>\d)|(?P<word>{numbers})) (?:x )?$", re.ASCII)


def _word_number(table: str, written: str) -> int:
    """The number a word of `treatments.<table>` stands for ("three times", "4th", "second")."""
    return {key(k): v for k, v in vocab.numbers(f"treatments.{table}").items()}[key(written)]


def _ordinal_number(match: re.Match[str]) -> int:
    return _word_number("ordinal_words", match.group("ordinal"))


# An ordinal right before the drug's name: "2nd toci given 04:10", "second dose of tocilizumab at 0600"
@cache
def _ordinal_before() -> re.Pattern[str]:
    ordinals = alternation(vocab.numbers("treatments.ordinal_words"))
    return re.compile(rf"(?P<ordinal>{ordinals}) {{1,2}}(?:dose {{1,2}}(?:of {{1,2}})?)?$", re.ASCII)


# Clock times ("at 0200 and 1000", "02:00", "2am", "10 pm"): one dose each.
_CLOCK = re.compile(
    r"(?<![0-9.,/:])(?:(?:[01]\d|2[0-3]):?[0-5]\d(?! ?(?:mg|ml|l|kg|units?|%|x))"
    r"|(?:1[0-2]|0?[1-9])(?::[0-5]\d)? ?(?:am|pm))(?![0-9a-z])",
    re.ASCII,
)
# "will discuss toci #2 at rounds", "consider a 2nd toci", "requesting dose #3": the dose named is to come
_TO_COME_BEFORE = re.compile(
    r"(?<![a-z])(?:discuss|discussing|consider|considering|plan|planning|planned|may need|might need|will need|"
    r"needs|requesting|requested|request|asking about|asking for|whether to give|should we give|for|pending|re:?"
    # asked: "?2nd toci", "is a 2nd toci reasonable", "ok to give a 3rd dose", "can we give a second"
    # ("this is the 2nd toci", "giving 2nd toci now": that dose is given)
    r"|\?|is a|ok to give|okay to give|ok for|okay for|reasonable to give|safe to give|can we give|can i give"
    r"|could we give|do we give|would you give|give|time for|eligible for|candidate for)"
    r"(?: (?:a|an|another|with|re|about|toci|tocilizumab|actemra))* {0,2}$",
    re.ASCII,
)
# "Next step - 2nd toci + methylpred?", "Do we need 2nd toci or dex?": an ordinal dose in a sentence
# that ends in a question, with nothing saying that dose was given, is asked about
# (the question mark closes the dose's own part: "second toci in, anakinra next?" asks about anakinra)
_QUESTION_END = re.compile(r"[^.;!,\n]{0,60}\?", re.ASCII)
# words that say a dose was given: right before it ("still febrile despite 2nd toci?", "after the 2nd
# toci?") whatever the question, or anywhere in its question ("2nd toci given at 0400, now what?")
_GIVEN_LEADS = r"despite|after|post|s/p|since|following|got|received|had"
_GIVEN_BEFORE = re.compile(rf"(?<![a-z])(?:{_GIVEN_LEADS})(?: (?:the|a|her|his|their))? {{0,2}}$", re.ASCII)
_GIVEN_IN_QUESTION = re.compile(
    rf"(?<![a-z])(?:{_GIVEN_LEADS}|given|gave|giving|infused|administered|completed|hung|running|this is|was|were"
    r"|at|@|already|done)(?![a-z])|\d{3,4}h?(?![0-9])", re.ASCII)


def _asked_in_question(text: str, start: int, end: int) -> bool:
    """The ordinal dose at [start, end) is in a sentence ending in '?', and nothing from the sentence's
    start to the question mark says that dose was given."""
    question = _QUESTION_END.match(text, end)
    if question is None:
        return False
    before = max(text.rfind(stop, 0, start) for stop in ".;!\n?")
    return not _GIVEN_IN_QUESTION.search(text, before + 1, question.end())


# "afebrile since toci at 1400, now 0300 T 36.9": a clock time of a measurement after it is no dose
_MEASURE_AFTER = re.compile(r" {0,2}[:-]? {0,2}(?:t|temp|tmax|bp|map|hr|sats?|spo2|rr)[ :]{0,2}\d", re.ASCII)
_MEASURED_AT = re.compile(r"\d(?:[.,]\d{1,2})? ?(?:c|f|%|mmhg)? ?(?:at|@) ?$", re.ASCII)
_AGAIN = re.compile(r"(?<![a-z])(?:again|repeated|repeat dose|redosed|re-dosed)(?![a-z])", re.ASCII)


def segments(u: Utterance) -> dict[Term, tuple[int, int]]:
    """Each drug name's part of its clause: up to the neighbouring drug names."""
    result = {}
    for index in sorted({t.clause for t in u.of_kind(kinds.DRUG)}):
        clause = u.clauses[index]
        named = u.in_clause(index, kinds.DRUG)
        for i, term in enumerate(named):
            start = named[i - 1].end if i else clause.start
            end = named[i + 1].start if i + 1 < len(named) else clause.end
            result[term] = (start, end)
    return result


_STOP = re.compile(r"[.;!?\n](?![0-9])", re.ASCII)
# "toci #2 due at 1400", "second dose held", "toci #2?": the dose named is still to come, or was not given
_TO_COME = re.compile(
    r"(?: ?\([^)]{0,24}\))?(?: of [a-z]{2,14})? {0,2}(?:(?:is|now|was|has been|been) )?"
    r"(?:due|pending|planned|scheduled|to be given|next|needed|now\?"
    r"|held|withheld|on hold|not given|not yet given|not yet|cancell?ed|canceled|omitted|deferred|\?"
    r"|requested|ordered|to be hung|due to be hung|ok|okay|fine|can be given|not recommended|not indicated"
    r"|not advised|declined|refused|reasonable|appropriate|warranted|indicated\?|an option|worth it"
    r"|worth giving)(?![a-z])",
    re.ASCII,
)
# "anakinra stopped yesterday": a drug stopped was given, so the fever waiver holds
_AT_ALL = re.compile(r"(?<![a-z])(?:yet|as yet|so far|at all|at any point|to date|ever)(?![a-z])", re.ASCII)
_STOPPED = re.compile(
    r"(?<![a-z])(?:stopped|discontinued|d/c'd|dc'd|weaned off|weaned|finished|completed|course done)(?![a-z])",
    re.ASCII,
)


def _sentence_end(u: Utterance, term: Term) -> int:
    """Where the drug's sentence ends: the next drug named, or a full stop, semicolon, dash or line."""
    later = [t.start for t in u.of_kind(kinds.DRUG) if t.start > term.end]
    stop = _STOP.search(u.text, term.end)
    return min([*later, stop.start() if stop else len(u.text)])


def _number(match: re.Match[str]) -> int:
    group = match.lastgroup or ""
    written = match.group(group)
    if group in ("x", "xb", "n", "hash", "count"):
        number = int(written)
    else:
        table = {"word": "number_words", "times": "times_words", "ordinal": "ordinal_words",
                 "ordinal_time": "ordinal_words"}[group]
        number = _word_number(table, written)
    if group in ("ordinal", "hash") and (_TO_COME.match(match.string, match.end())
                                         or _TO_COME_BEFORE.search(match.string, max(0, match.start() - 40),
                                                                   match.start())):
        return number - 1  # "toci #2 due", "will discuss toci #2 at rounds": one given so far
    return number


@cache
def _correction() -> re.Pattern[str]:
    return re.compile(r"(?<![a-z])" + alternation(vocab.words("correction", "cues")) + r"(?![a-z])", re.ASCII)


# "given once, not twice", "x1 (not x2)": a count denied is no count
_DENIED = re.compile(r"(?<![a-z])(?:not|never)(?: given)?[ (]{1,2}$", re.ASCII)


def _corrected(u: Utterance, term: Term, end: int, counts: list[re.Match[str]]) -> tuple[int, str] | None:
    """Where a self-correction after the drug's first count starts the counts that stand ("toci x2,
    sorry, x1"; "2nd toci at 1400 - actually no, only one dose so far"), and what it took back."""
    first = min([m.start() for m in counts] + [term.start])
    for cue in reversed(list(_correction().finditer(u.text, first, end))):
        if any(m.start() >= cue.end() for m in counts) and any(m.start() < cue.start() for m in counts):
            before = [m for m in counts if m.start() < cue.start()]
            return cue.end(), u.original[before[-1].start() : before[-1].end()]
    return None


def _count(u: Utterance, term: Term, segment: tuple[int, int]) -> Count | None:
    """The dose count said for the drug; the largest one said counts (doses only add up), except
    that a count after a self-correction replaces those before it, and a count denied is none.

    "x2", "2 doses", "three times", "4th toci dose", "dose #2", "had 2 toci", or one dose per clock
    time ("toci at 0200 and again at 1000").
    """
    end = _sentence_end(u, term)
    matches = list(_dose_count().finditer(u.text, segment[0], min(segment[1], end)))
    # "toci x1 at 2200 and a second dose at 0600", "afebrile since toci, one dose given last night"
    # (an "x1" further on only after a self-correction: "toci x2, sorry, x1")
    later = list(_dose_count().finditer(u.text, min(segment[1], end), end))
    cue = _correction().search(u.text, term.end, end)
    matches += [m for m in later if m.lastgroup not in ("x", "xb") or (cue and m.start() >= cue.end())]
    denied = [m for m in matches if _DENIED.search(u.text, max(0, m.start() - 12), m.start())]
    matches = [m for m in matches if m not in denied]
    ordinal = _ordinal_before().search(u.text, max(0, term.start - 24), term.start)
    said = [*([ordinal] if ordinal is not None else []), *matches]
    corrected = _corrected(u, term, end, said) if cue or _correction().search(u.text, segment[0], term.start) else None
    if corrected is not None:
        start, taken_back = corrected
        best = max((m for m in matches if m.start() >= start), key=_number)
        return Count(_number(best), min(best.start(), term.span[0]), max(best.end(), term.span[1]),
                     f"'{taken_back.strip()}' corrected by what followed")
    if ordinal is not None:
        number = _ordinal_number(ordinal)
        given_before = _GIVEN_BEFORE.search(u.text, max(0, ordinal.start() - 20), ordinal.start())
        if not given_before and (_TO_COME.match(u.text, term.end)
                                 or _TO_COME_BEFORE.search(u.text, max(0, ordinal.start() - 40), ordinal.start())
                                 or _asked_in_question(u.text, ordinal.start(), term.end)):
            number -= 1  # "2nd toci due at 1400": one given so far
            # ... and "2nd dose toci due" is that one ordinal, not a second dose counted on its own
            matches = [m for m in matches if not ordinal.start() <= m.start() < term.start]
        if not matches or number > max(_number(m) for m in matches):
            return Count(number, ordinal.start(), term.span[1])
    if matches:
        best = max(matches, key=_number)
        not_given = f"'{u.original[denied[-1].start() : denied[-1].end()]}' said as not given" if denied else ""
        end_at = max(best.end(), term.span[1], *(m.end() for m in denied))
        return Count(_number(best), min(best.start(), term.span[0]), end_at, not_given)
    before = _count_before().search(u.text, max(segment[0], term.start - 8), term.start)
    if before is not None:
        digits, word = before.group("n"), before.group("word")
        number = int(digits) if digits else vocab.numbers("treatments.number_words")[word]
        return Count(number, before.start(), term.span[1])
    # "Toci given 16:00 for fevers (Tmax 39.8 at 15:00)": a clock time of another measure is no dose
    # ... nor one after a finding of another kind ("toci @ 22:00, ..., levo 0.05 since 01:00")
    other = [t.start for t in u.terms if t.start > term.end and t.kind not in (kinds.DRUG, kinds.NOTHING_GIVEN)]
    clocks = [c for c in _CLOCK.finditer(u.text, term.end, min([end, *other]))
              if not _MEASURED_AT.search(u.text, max(0, c.start() - 12), c.start())
              and not _MEASURE_AFTER.match(u.text, c.end())]
    if len(clocks) >= 2:
        return Count(len(clocks), term.span[0], clocks[-1].end())
    return None


_GIVEN_FOR = re.compile(r"\d(?:[.,]\d)? ?(?:c|f)? {0,2}(?:->|=>|\u2192) {0,2}$", re.ASCII)
# What may stand beside an antipyretic named on its own ("tylenol + cultures", "APAP x1"): a count, a
# joining sign, and what was done with it
_DONE_BESIDE = re.compile(r"[ +&/,.;:()-]*(?:x ?[1-4](?![0-9]))?"
                          # "Tylenol 1T po", "tylenol po": a tablet and a route
                          r"(?: {0,2}[1-2] ?(?:t|tab|tabs|tablet|tablets)(?![a-z]))?(?: {0,2}(?:po|iv|pr|sl)(?![a-z]))?"
                          r"[ +&/,.;:()-]*(?:and |plus |w/ |with )?"
                          r"(?:cultures?|blood cultures|bcx|fluids|ivf|diphenhydramine|benadryl|cool cloths|ice packs)?"
                          r"[ .,;)]*$", re.ASCII)


# ... with its route or "prn" between ("tylenol prn x2": as needed, and needed twice)
_COUNTED_AFTER = re.compile(r"(?: {1,2}\d{1,4}(?:[.,]\d{1,2})? ?(?:mg|g|mcg|ug|units?)?)?"
                            r"(?: {1,2}(?:prn|po|iv|pr|im|sc))? {0,2}x ?[1-9]"
                            r"(?![0-9]| ?(?:kg|kgs|lbs?|days?|h|hrs?|hours?|weeks?)(?![a-z])| ?d(?![a-z0-9]))",
                            re.ASCII)


@cache
def _doses_of() -> re.Pattern[str]:
    """ "3 doses of tylenol (2100, 0300, 0900)", "two doses of dex": a count of doses before the drug."""
    numbers = alternation(vocab.numbers("treatments.number_words"))
    return re.compile(rf"(?:(?<![0-9.,:/])\d{{1,2}}|{numbers}) (?:total )?doses? (?:of )?$", re.ASCII)


def _listed_as_done(u: Utterance, term: Term, segment: tuple[int, int]) -> bool:
    """An antipyretic named on its own in its part of the clause, or counted ("tylenol" at the end of
    a list of what was done, "tylenol x2", "tyl x1", "3 doses of tylenol", "APAP + diphenhydramine
    given"): given."""
    if _COUNTED_AFTER.match(u.text, term.end):
        return True  # "dex 10 x1", "methylpred 1g x2": a drug counted was given
    if _doses_of().search(u.text, max(0, term.start - 20), term.start) and not asked_at(u.text, segment[1]):
        return True
    if vocab.drug(term.name).drug_class != "antipyretic":
        return False
    before = u.text[segment[0] : term.start].strip(" +&/,.;:()-")
    if _GIVEN_FOR.search(u.text, segment[0], term.start) and not asked_at(u.text, segment[1]):
        before = ""  # "Temp was 100.4 -> Tylenol": given for the fever just said
    if before or asked_at(u.text, segment[1]):  # "tylenol?": asked, not given
        return False
    return _DONE_BESIDE.match(u.text, term.end, segment[1]) is not None


def _ordinal_held(u: Utterance, term: Term) -> Count | None:
    """ "2nd dose of toci held", "third toci not given": the doses before the one not given."""
    ordinal = _ordinal_before().search(u.text, max(0, term.start - 24), term.start)
    if ordinal is None:
        return None
    number = _ordinal_number(ordinal)
    return Count(number - 1, ordinal.start(), term.span[1]) if number > 1 else None


def asked_ordinals(u: Utterance) -> list[Outcome]:
    """ "ok to give 2nd toci?", "safe to give a third dose of tocilizumab?": a dose asked about by its
    ordinal says the doses before it were given (`u`: the question alone, the rest blanked)."""
    found: list[Outcome] = []
    for term in u.of_kind(kinds.DRUG):
        held = _ordinal_held(u, term) if vocab.drug(term.name).drug_class == "tocilizumab" else None
        if held is not None:
            found.append(_tocilizumab(u, term, held))
            found.append(Mention(ANTICYTOKINE, True, *term.span, f"antipyretic or anticytokine therapy given "
                                 f"({term.name}: dose {held[0] + 1} asked about)"))
    return found


@cache
def _ordinal_word() -> re.Pattern[str]:
    return re.compile(alternation(vocab.numbers("treatments.ordinal_words")), re.ASCII)


def ordinal_in(text: str, span: tuple[int, int]) -> bool:
    """Whether an ordinal word ("2nd", "third") is in `span` of `text` (most questions have none)."""
    return _ordinal_word().search(text, *span) is not None


def _tocilizumab(u: Utterance, term: Term, count: Count | None) -> Outcome:
    if count is None:
        again = _AGAIN.search(u.text, term.start, _sentence_end(u, term))
        more = " (more than once)" if again else ""
        return Note(*term.span, f"tocilizumab given{more}, number of doses not stated: it is asked, not assumed")
    number, start, end, said = count
    if number > TOCILIZUMAB_DOSES_MAX:
        most = TOCILIZUMAB_DOSES_MAX
        text = f"tocilizumab {number} doses is more than {most}: give the number of doses (0-{most})"
        return Problem(TOCILIZUMAB, start, end, text)
    also = f" ({said})" if said else ""
    return Mention(TOCILIZUMAB, number, start, end, f"tocilizumab {number} dose{'s' if number != 1 else ''}{also}")


def read(u: Utterance) -> list[Outcome]:
    found: list[Outcome] = []
    if not u.of_kind(kinds.DRUG, kinds.NOTHING_GIVEN, kinds.NO_CRS_THERAPY):
        return found  # every finding below starts from a drug named or "nothing given"
    given_clauses = cues.given_clauses(u)
    given: list[Term] = []
    parts = segments(u)
    counts = {term: _count(u, term, parts[term]) for term in u.of_kind(kinds.DRUG)
              if not term.negated and vocab.drug(term.name).drug_class == "tocilizumab"}
    counted = any(c is not None for c in counts.values())  # "toci x1, afebrile since toci": said once
    # "toci given 02:30; toci held 10:30": a dose held beside one given is not "none given"
    toci_given = any((c is not None and c[0] > 0) or t.clause in given_clauses for t, c in counts.items())
    for term in u.of_kind(kinds.DRUG):
        drug_class = vocab.drug(term.name).drug_class
        if term.negated:
            if _STOPPED.search(u.text, *term.span):
                given.append(term)  # "anakinra stopped": given, and no longer running
            held = _ordinal_held(u, term) if drug_class == "tocilizumab" else None
            if held is not None:  # "2nd dose of toci held": the doses before it were given
                given.append(term)
                found.append(_tocilizumab(u, term, held))
                continue
            if drug_class == "tocilizumab" and term not in given and not toci_given:
                found.append(Mention(TOCILIZUMAB, 0, *term.span, "no tocilizumab given (0 doses)"))
            elif drug_class == "anakinra":
                found.append(Mention(ANAKINRA, 0.0, *term.span, "no anakinra (0 mg/day)"))
            continue
        count = counts.get(term)
        if term.clause not in given_clauses and count is None and not _listed_as_done(u, term, parts[term]):
            continue
        if count is not None and count[0] == 0:  # "toci x0": counted, and none given
            found.append(_tocilizumab(u, term, count))
            continue
        given.append(term)
        if drug_class == "tocilizumab" and (count is not None or not counted):
            found.append(_tocilizumab(u, term, count))
    for term in given:
        found.append(Note(*term.span, "", therapy=term.name))
    if given:
        names = ", ".join(dict.fromkeys(t.name for t in given))
        found.append(
            Mention(ANTICYTOKINE, True, *given[-1].span, f"antipyretic or anticytokine therapy given ({names})")
        )
    denied = [t for t in u.of_kind(kinds.DRUG) if t.negated]
    classes = {vocab.drug(t.name).drug_class for t in denied}
    at_all = _AT_ALL.search(u.text) is not None  # "no paracetamol as yet", "no tylenol given yet"
    if not given and "antipyretic" in classes and (classes - {"antipyretic"} or at_all):
        # "no antipyretics or toci": neither kind of therapy, so ASTCT still requires fever
        start, end = denied[0].span[0], denied[-1].span[1]
        echo = f"no antipyretic or anticytokine therapy given ('{u.original[start:end]}')"
        found.append(Mention(ANTICYTOKINE, False, start, end, echo))
    for term in u.of_kind(kinds.NOTHING_GIVEN):
        found.append(Mention(ANTICYTOKINE, False, *term.span, "no antipyretic or anticytokine therapy given"))
    given_classes = {vocab.drug(t.name).drug_class for t in given}
    for term in u.of_kind(kinds.NO_CRS_THERAPY):
        if "tocilizumab" not in given_classes and not toci_given:
            found.append(Mention(TOCILIZUMAB, 0, *term.span, "no CRS-directed therapy given: no tocilizumab (0 doses)"))
        if "anakinra" not in given_classes:
            found.append(Mention(ANAKINRA, 0.0, *term.span, "no CRS-directed therapy given: no anakinra (0 mg/day)"))
    return found
