"""Temperature: "Tmax 101.8F", "T 38.9", "temp 39.2C", "febrile to 39", "afebrile", "not febrile".

A number needs a keyword or a unit. Without a unit, 30-45 is Celsius and 86-113 Fahrenheit
(`knowledge.units.celsius`). Afebrile reads as 37.0 C and says so.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

from dialogs.understanding import terms as kinds
from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.patterns import Words, alternation, fmt, fmt_celsius, parse_number
from dialogs.understanding.results import Mention, Outcome, Problem
from dialogs.understanding.spans import Coverage
from dialogs.understanding.utterance import Utterance
from knowledge.grading import FEVER_C
from knowledge.slots import TEMPERATURE_RANGE_C
from knowledge.units import FAHRENHEIT_RANGE, UnitError, celsius

SLOT = "temperature_c"
AFEBRILE_C = 37.0
AFEBRILE_ECHO = "afebrile (read as below 38.0 C)"
_C = f"{fmt(TEMPERATURE_RANGE_C[0])}-{fmt(TEMPERATURE_RANGE_C[1])} C"
_F = f"{fmt(FAHRENHEIT_RANGE[0])}-{fmt(FAHRENHEIT_RANGE[1])} F"
FEVER_F = round(FEVER_C * 9 / 5 + 32, 1)  # an unlabelled Fahrenheit decimal is read only from a fever up
_PLAUSIBLE_TYPO = (20.0, 130.0)  # unitless numbers after a keyword outside this are not temperatures


def _number(unit_required: bool) -> str:
    units = alternation(
        vocab.words("temperature", "celsius_units") + vocab.words("temperature", "fahrenheit_units"), glued=True
    )
    number = r"(?P<num>\d{2,3}(?:[.,]\d{1,2})?)(?![0-9]|[.,][0-9])"
    with_unit = rf" ?(?:°|deg(?:rees)?)? ?(?P<unit>{units})"
    if unit_required:
        return number + with_unit
    # "fever 10 days" is a duration; "T 38.6 HR 120" and "T 37.9 x2" are temperatures (a decimal point)
    duration = alternation(vocab.words("temperature", "durations"))
    # ("t 39 hr 130": "hr" followed by a number is the heart rate's label, not a duration)
    return number + rf"(?:{with_unit}|(?<=[.,][0-9])|(?<=[.,][0-9][0-9])|(?! ?{duration}(?! {{0,2}}\d)))"


@cache
def _after_keyword() -> Words:
    keywords = vocab.words("temperature", "keywords")
    link = alternation(vocab.words("temperature", "links"))
    # the T of "CAR-T" is read by `_after_car_t`
    return Words(rf"(?<!car-)(?<!car ){alternation(keywords)}[ :=]{{0,3}}(?:{link} {{0,2}})?{_number(False)}",
                 keywords)


@cache
def _after_car_t() -> Words:
    """ "CAR-T 38.2 - what now?": the T of CAR-T before a number is still read as a label, unless the
    number is a cell dose ("CAR-T 101.5 x10^6 cells", "car t 2.0e8")."""
    dose = r"(?! ?(?:x ?10|\* ?10|e[0-9]|million|mill|cells|/kg|per kg))"
    return Words(rf"(?<=car[- ])t[ :=]{{0,3}}{_number(False)}{dose}", ["car-t", "car t"])


_WHEN = (r"(?:(?:at|@) ?\d{1,2}:?\d{2}h?|overnight|o/n|earlier|last night|this am|this morning|tonight|at night"
         r"|at home|x ?[1-3])")
_BARE = re.compile(
    r" *(?:(?:peaked|peak|peaking|max|was|earlier|spiked|spiking|vs|versus|says|said|reports|reported)"
    r"(?: at| to| of)? {1,2})?"
    r"(?P<num>\d{2,3}(?:[.,]\d{1,2})?) ?°? *"
    # "101.8 overnight", "102.1 at 2200", "100.8 at home x1": when and where it was taken ...
    rf"(?:{_WHEN}(?: {{1,2}}{_WHEN})?)?"
    # ... and on what: "102 on oral thermometer", "38.4 ax" (a whole Fahrenheit number too)
    r"(?: {0,2}(?P<site>(?:on |by |per )?(?:an? |the |his |her )?(?:oral|home|axillary|tympanic|temporal|ear|forehead)"
    r"(?: thermometer| temp)?|thermometer|orally|axillary|ax|tympanic|rectally|rectal))?"
    r" *\)? *$", re.ASCII)
# "T 37.4 now / 102.1 at 2200", "T 98.6 now (was 101.8)": the part after a slash or an opening bracket
_BARE_PART = re.compile(r".*(?: / |\()", re.ASCII)
# "101.9 norepi 4L NC": a decimal number that starts its clause, right before a vocabulary term
_LEADING = re.compile(r" *(?P<num>\d{2,3}[.,]\d{1,2}) ?°? +", re.ASCII)


_DECIMAL = re.compile(
    r"(?<![0-9.,/:a-z])(?P<num>\d{2}[.,]\d{1,2}|1[0-2]\d[.,]\d)"
    r"(?![0-9]| ?(?:%|/ ?(?:l|ul|kg|dl|ml|min|h)(?![a-z])|x ?\d|mg|ml|mmol|umol|mcg|ug|kg|lb|l(?![a-z])|units?|iu"
    r"|k(?![a-z])|g(?![a-z])))",
    re.ASCII,
)
_LABEL_BEFORE = re.compile(r"(?P<label>[a-z][a-z0-9/-]*)[ :=]{0,3}(?:(?:of|is|was|now|at) )?$", re.ASCII)


def labelled(text: str, start: int) -> bool:
    """Whether the number at `start` of `text` comes right after the label of another measure
    ("HR 110", "sats 94", "FiO2 0.4", "lactate 38.5")."""
    before = _LABEL_BEFORE.search(text, max(0, start - 24), start)
    return before is not None and before.group("label") in vocab.words("temperature", "not_labels")


# what may stand right before an unlabelled Fahrenheit fever: the start of a part, or a word that says
# the patient is at it ("she's 103.1 now", "guy in 918 is 100.6", "pt 101.3 on RA")
_F_LEAD = re.compile(r"(?:^|[,;:(|/]|(?<![a-z])(?:is|s|now|at|hit|reached|spiking|spiked|pt|patient|febrile"
                     r"|temping|running|still))\s*$", re.ASCII)


def _decimals(u: Utterance, used: Coverage, read_already: bool = False) -> list[Outcome]:
    """ "pt 38.9 on 2L NC", "she's 103.1 now": a number with a decimal point in the Celsius range, or
    a fever's in Fahrenheit where a part starts or after "is", after no label, with no temperature
    read already (`read_already`: "T 37.2, Cl 104.5" has its temperature)."""
    found: list[Outcome] = []
    low, high = (float(x) for x in vocab.values("temperature", "bare_celsius"))
    fever_f, high_f = FEVER_F, float(vocab.values("temperature", "bare_fahrenheit")[1])
    for match in _DECIMAL.finditer(u.text):
        value = parse_number(match.group("num"))
        unit = "c" if low <= value <= high else ("f" if fever_f <= value <= high_f else None)
        if unit is None or used.touches(match.start(), match.end()):
            continue
        if labelled(u.text, match.start()):
            continue
        if unit == "f" and (read_already or found or not _F_LEAD.search(u.text, max(0, match.start() - 14),
                                                                      match.start())):
            continue
        outcome = from_number(value, unit, match.start(), match.end(), False)
        if isinstance(outcome, Mention):
            echo = f"{outcome.echo} (a number with no label: read as the temperature)"
            found.append(Mention(SLOT, outcome.value, outcome.start, outcome.end, echo))
            used.add(match.start(), match.end())
    return found


def _bare(u: Utterance, used: Coverage, case_line: bool = False) -> list[Outcome]:
    """ "NE + vaso + epi, intubated, 38.9": a number alone in its clause, in the body's range."""
    found: list[Outcome] = []
    low_c, high_c = (float(x) for x in vocab.values("temperature", "bare_celsius"))
    low_f, high_f = (float(x) for x in vocab.values("temperature", "bare_fahrenheit"))
    term_starts = {t.start for t in u.terms}
    for clause in u.clauses:
        match = _BARE.match(u.text, clause.start, clause.end)
        part = _BARE_PART.match(u.text, clause.start, clause.end)
        if match is None and part is not None:
            match = _BARE.match(u.text, part.end(), clause.end)
            if match is not None and not re.search(r"[.,]", match.group("num")):
                match = None  # "HFNC 60 / 40": only a decimal after a slash is a temperature
        if match is None:
            match = _LEADING.match(u.text, clause.start, clause.end)
            if match is not None and match.end() not in term_starts:
                match = None
        if match is None or used.touches(match.start("num"), match.end("num")):
            continue
        # a number alone is no case line ("39.1" could be anything until asked), unless said to be taken
        # by a thermometer or at home
        taken = bool(match.groupdict().get("site")) or "home" in match.group()
        if not (u.terms or case_line) and not taken:
            continue
        written = match.group("num")
        value = parse_number(written)
        if low_c <= value <= high_c:
            unit = "c"
        elif low_f <= value <= high_f and ("." in written or "," in written or taken):  # "101 at home"
            unit = "f"
        else:
            continue
        outcome = from_number(value, unit, match.start("num"), match.end("num"), False)
        if isinstance(outcome, Mention):
            echo = f"{outcome.echo} (a number on its own: read as the temperature)"
            found.append(Mention(SLOT, outcome.value, outcome.start, outcome.end, echo))
    return found


@cache
def _with_unit() -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9.,])" + _number(True), re.ASCII)


def _unit(match: re.Match[str]) -> str | None:
    written = match.group("unit") or ""
    return "f" if written in vocab.words("temperature", "fahrenheit_units") else ("c" if written else None)


def from_number(value: float, unit: str | None, start: int, end: int, keyword: bool) -> Outcome | None:
    """A temperature written as `value` with unit "c", "f" or None (30-45 is C, 86-113 is F).

    Out of range it is a problem after a keyword (or when the assistant asked), else not read.
    """
    try:
        result = celsius(value, unit)
    except UnitError:
        plausible = unit is not None or _PLAUSIBLE_TYPO[0] <= value <= _PLAUSIBLE_TYPO[1]
        if not (keyword and plausible):
            return None
        accepted = {"c": f"{_C} (or {_F})", "f": f"{_F} (or {_C})", None: f"{_C} and {_F}"}[unit]
        shown = f"{fmt(value)} {unit.upper()}" if unit else fmt(value)
        return Problem(SLOT, start, end, f"temperature {shown} is outside {accepted}")
    if unit == "f":
        echo = f"{fmt(value)} F = {fmt_celsius(result)} C"
    elif unit is None and result != value:
        echo = f"{fmt(value)} (read as Fahrenheit) = {fmt_celsius(result)} C"
    else:
        echo = f"{fmt_celsius(result)} C"
    return Mention(SLOT, result, start, end, echo)


# "Temp 37.4/38.6/39.5", "T 38.2 -> 38.9": more readings after the first, each with a decimal point
_SERIES = re.compile(r" {0,2}(?:/|->|\u2192) {0,2}(?P<num>\d{2,3}[.,]\d{1,2})(?![0-9]|[.,][0-9]| ?(?:%|l(?![a-z])))",
                     re.ASCII)


def _series(u: Utterance, end: int, unit: str | None) -> list[Outcome]:
    """The readings written after the one ending at `end`, in the same unit."""
    found: list[Outcome] = []
    while (more := _SERIES.match(u.text, end)) is not None:
        outcome = from_number(parse_number(more.group("num")), unit, more.start("num"), more.end("num"), False)
        if not isinstance(outcome, Mention):
            break
        found.append(outcome)
        end = more.end()
    return found


@cache
def _headed() -> Words:
    """ "Temps (F): 0000 99.1 / 0400 100.9", "Temp (°C) 38.4", "T °F 102.6": a unit written after the
    label, in brackets or after a degree sign, is the unit of the readings that follow it."""
    keywords = vocab.words("temperature", "keywords")
    units = alternation(vocab.words("temperature", "celsius_units") + vocab.words("temperature", "fahrenheit_units"),
                        glued=True)
    degree = r"(?:°|deg|degrees)"
    return Words(rf"(?<![a-z]){alternation(keywords)} {{0,2}}(?:\( ?{degree}? ?(?P<unit>{units}) ?\)"
                 rf"|{degree} ?(?P<unit2>{units})(?![a-z]))[ :=]{{0,3}}", keywords)


# one reading of a headed list, with its clock time before it: "0400 100.9", "02:00 38.4", "2am 101"
_READING = re.compile(r"(?:(?:[01]\d|2[0-3]):?[0-5]\dh?|(?:1[0-2]|0?[1-9]) ?(?:am|pm))?[ :=-]{0,3}"
                      r"(?P<num>\d{2,3}(?:[.,]\d{1,2})?)"
                      r"(?![0-9a-z%]|[.,][0-9]|/[0-9]| (?:%|mmhg|bpm|hr|rr|kg|mg|mls?|l|lpm)(?![a-z]))", re.ASCII)
_READINGS_JOIN = re.compile(r" {0,2}(?:[/,;|]|->|\u2192|then) {0,2}", re.ASCII)


def _headed_readings(u: Utterance, used: Coverage) -> list[Outcome]:
    """The readings of each headed list, in the unit its heading names."""
    found: list[Outcome] = []
    for heading in _headed().finditer(u.text):
        written = heading.group("unit") or heading.group("unit2")
        unit = "f" if written in vocab.words("temperature", "fahrenheit_units") else "c"
        end = heading.end()
        while (reading := _READING.match(u.text, end)) is not None:
            first = end == heading.end()  # out of range, only the first reading is said to be a problem
            outcome = from_number(parse_number(reading.group("num")), unit, reading.start("num"), reading.end("num"),
                                  first)
            if outcome is None or (not first and not isinstance(outcome, Mention)):
                break
            found.append(outcome)
            used.add(heading.start() if first else reading.start(), reading.end())
            join = _READINGS_JOIN.match(u.text, reading.end())
            if join is None:
                break
            end = join.end()
    return found


def read(u: Utterance) -> list[Outcome]:
    used = Coverage(len(u.text))
    found: list[Outcome] = _headed_readings(u, used)
    for keyword, regex in ((True, _after_keyword()), (True, _after_car_t()), (False, _with_unit())):
        for match in regex.finditer(u.text):
            if used.touches(match.start(), match.end()):
                continue
            value = parse_number(match.group("num"))
            outcome = from_number(value, _unit(match), match.start(), match.end(), keyword)
            if outcome is not None:
                found.append(outcome)
                used.add(match.start(), match.end())
            if isinstance(outcome, Mention) and keyword:
                for more in _series(u, match.end(), _unit(match)):
                    found.append(more)
                    used.add(more.start, more.end)
    for term in u.of_kind(kinds.FEVER, kinds.AFEBRILE):
        afebrile = (term.kind == kinds.AFEBRILE) != term.negated
        if afebrile and (unmeasured := _not_measured().search(u.text, max(0, term.start - 12), term.end + 24)):
            found.append(Problem(SLOT, unmeasured.start(), unmeasured.end(),
                                 f"'{u.original[unmeasured.start() : unmeasured.end()]}': no temperature measured, "
                                 "not read as afebrile; give the highest temperature"))
            used.add(unmeasured.start(), unmeasured.end())
            continue
        if afebrile and not used.covers(term.start):
            found.append(Mention(SLOT, AFEBRILE_C, term.span[0], term.span[1], AFEBRILE_ECHO))
    bare = _bare(u, used)
    for outcome in bare:
        used.add(outcome.start, outcome.end)
    read_already = any(isinstance(o, Mention) for o in (*found, *bare))
    return found + bare + (_decimals(u, used, read_already) if u.terms else [])


def in_case_line(u: Utterance, others: list[Outcome]) -> list[Outcome]:
    """ "38.9 on 2L bp 110/70": with no vocabulary term, a line whose other readers found findings
    (a pressure, a flow) is a case line too; its unlabelled number in the body's range, claimed by
    none of those findings, is the temperature. `others`: what the other readers found."""
    mentions = [o for o in others if isinstance(o, Mention)]
    if u.terms or not mentions or any(m.slot == SLOT for m in mentions):
        return []
    used = Coverage(len(u.text))
    for m in mentions:
        used.add(m.start, m.end)
    bare = _bare(u, used, case_line=True)
    for outcome in bare:
        used.add(outcome.start, outcome.end)
    return bare + _decimals(u, used, bool(bare))


@cache
def _corrected_by() -> re.Pattern[str]:
    """What stands between a temperature and the one that corrects it ("... sorry, Tmax ", " - actually ")."""
    cues = alternation(vocab.words("correction", "cues"))
    return re.compile(rf"[^0-9]{{0,30}}?(?<![a-z]){cues}(?![a-z])[^0-9]{{0,24}}$", re.ASCII)


@cache
def _not_between() -> re.Pattern[str]:
    """ "T was 37.8 not 38.7": the second is the one taken back."""
    return re.compile(rf"[ ,]{{0,3}}(?:{_either('correction_not')})[ :]{{1,3}}(?:t |temp |tmax )?$", re.ASCII)


@cache
def _cue_near() -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z]){alternation(vocab.words('correction', 'cues'))}(?![a-z])", re.ASCII)


@cache
def _course() -> re.Pattern[str]:
    # a clock time is a word of time too ("sorry, 37.2 at 0600")
    return re.compile(rf"(?<![a-z]){_either('course_words')}(?![a-z])|(?:(?<![a-z])at|@) ?[0-9]", re.ASCII)


_OWN_TIME = re.compile(r" ?(?:at|@) ?\d{1,2}[:.h]?\d{2}h?(?![0-9])", re.ASCII)


@cache
def _not_measured() -> re.Pattern[str]:
    """ "no temps recorded", "temp not checked": the temperature was not measured."""
    done = _either("not_measured")
    return re.compile(rf"(?<![a-z])(?:(?:no|without) (?:temps?|temperatures?)(?: (?:were|was|have been|has been|been))?"
                      rf" {done}|(?:temps?|temperatures?) (?:not|never|wasn't|weren't|hasn't been|haven't been)"
                      rf"(?: been)? {done})(?![a-z])", re.ASCII)


def _either(field: str) -> str:
    return alternation(vocab.words("temperature", field))


def corrected(u: Utterance, temps: list[Mention]) -> dict[int, Mention]:
    """Temperatures taken back by the clinician, each with the reading that corrects it: "Tmax
    38.5... sorry, Tmax 37.5", "T 38.0 - actually 37.9, I rounded wrong", "correction: T was 37.8
    not 38.7". Only a lower reading corrects (a higher one is the highest anyway), and never where a
    word of time or trend stands between them or right after it ("T 39.1, actually 37.5 now": a course)."""
    numbers = sorted((m for m in temps if m.echo != AFEBRILE_ECHO), key=lambda m: m.start)
    taken_back: dict[int, Mention] = {}
    for first, second in pairwise(numbers):
        between = u.text[first.end : second.start]
        # "a temp of 39.2 at 01:00, sorry, correction, it was 38.2": the first reading's own time
        if (when := _OWN_TIME.match(between)) is not None:
            between = between[when.end() :]
        after = u.text[second.end : second.end + 16]
        if _course().search(between) or _course().match(after.lstrip(" ,")):
            continue
        if float(second.value) < float(first.value) and _corrected_by().match(between):
            taken_back[id(first)] = second
        elif float(first.value) < float(second.value) and _not_between().match(between) and _cue_near().search(
                u.text, max(0, first.start - 40), min(len(u.text), second.end + 40)):
            taken_back[id(second)] = first
    return taken_back
