"""Two patients in one input are never merged into one case.

"Bed 12: T 38.9, 2L NC. Bed 14: levo + vaso, intubated", "Pt A ...; Pt B ...", "my other
patient ..., but this one: ...": each label starts a part. With two or more labels nothing is
read until the user says which patient the consult is about; a part marked "this one" is read
alone.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from dialogs.understanding import terms as kinds
from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.patterns import Words, alternation, compile_words
from dialogs.understanding.results import Patient
from dialogs.understanding.spelling import is_known_word
from knowledge import slot_registry

_UNIT_AFTER = re.compile(r" ?(?:kg|kgs|lb|lbs|mg|ml|l|%|c|f|units?|y|yo|yrs?|years?|doses?|x)(?![a-z])", re.ASCII)
_LEAD = r"(?:^|(?<=[.;:,!?\n(/|])|(?<=\band )|(?<=\bbut )|(?<= - ))\s*"
# between a place and its number: "#", "no", "no.", "number" ("bed no 5", "room no. 12")
_NO = r"(?:#|no\.?(?= ?\d)|nr\.?(?= ?\d)|number(?= ?\d))? ?"


@dataclass(frozen=True)
class Parts:
    patients: tuple[Patient, ...]  # every part, in order (two or more), or () for one patient
    chosen: tuple[int, int] | None  # the span marked "this one", read alone


@cache
def _labelled() -> re.Pattern[str]:
    markers = alternation(vocab.words("patients", "markers"))
    one = rf"{markers}\.? ?{_NO}(?P<id>\d{{1,8}}[a-z]?|[a-z])(?![a-z0-9])"  # "Mrs. A", "MRN 100234"
    also = rf"(?: {markers}\.? ?#? ?(?:\d{{1,4}}[a-z]?|[a-z])(?![a-z0-9]))?"  # "bay 3 bed 2"
    return re.compile(_LEAD + rf"(?P<label>{one}{also})(?P<colon> ?[:)\-])?", re.ASCII)


@cache
def _named() -> re.Pattern[str]:
    """ "Mr Smith ...; Mrs Jones ...": an honorific and a name (capitalised as typed) start a part."""
    honorifics = alternation(vocab.words("patients", "named"))
    return re.compile(_LEAD + rf"(?P<label>{honorifics}\.? (?P<id>[a-z][a-z'-]+))(?![a-z])(?P<colon> ?[:)\-])?",
                      re.ASCII)


@cache
def _anywhere() -> re.Pattern[str]:
    """ "... - that's bed 9; bed 10 is the one on levophed": bed, room, bay with a number, anywhere."""
    markers = alternation(vocab.words("patients", "anywhere"))
    label = rf"(?P<label>{markers} ?{_NO}(?P<id>\d{{1,4}}[a-z]?)(?![a-z0-9]))"
    return re.compile(rf"(?<![a-z]){label}(?P<colon> ?[:)\-])?", re.ASCII)


@cache
def _any_marker() -> Words:
    """Any word that could name a patient: most inputs have none and are done with one search."""
    words = [*vocab.words("patients", "markers"), *vocab.words("patients", "anywhere"),
             *vocab.words("patients", "named"), *vocab.words("patients", "other"),
             *vocab.words("patients", "this"), *vocab.words("patients", "several"),
             *vocab.words("patients", "plural_people"), *vocab.words("patients", "other_anywhere"), "the other"]
    return compile_words(words)


@cache
def _several() -> Words:
    """ "2 pts", "handover x2", "both CAR-T pts", "two of my epcor patients": several patients."""
    several, plural = vocab.words("patients", "several"), vocab.words("patients", "plural_people")

    def source() -> str:
        counted = alternation(vocab.words("patients", "counts")) + r" (?:[a-z0-9/-]{1,16} )?" + alternation(plural)
        return alternation(several) + "|" + counted

    return Words(source, (*several, *plural))


# "John 38.8 on 4L NC, Priya 39.1 on norad": a capitalised word at a part start, then a finding
_FIRST_NAME = re.compile(_LEAD + r"(?P<label>(?P<id>[A-Z][a-z]{2,15}))(?= (?:is |was |has |on |at )?[0-9a-z])")


# "both my pts spiking - 12 is 38.9 on ra, 14 is 39.4 on 3l": bed numbers alone, where several are said
_BARE_PLACE = re.compile(r"(?:^|(?<=[-,;:.] )|(?<=[-,;:.])|(?<=\band ))(?P<label>\d{1,4})(?: is|:| -)(?= )", re.ASCII)


def _bare_places(original: str, text: str) -> list[tuple[int, int, str, bool]]:
    found = [(m.start("label"), m.end(), original[m.start("label") : m.end("label")], False)
             for m in _BARE_PLACE.finditer(text)]
    return found if len({f[2] for f in found}) >= 2 else []


def _first_names(original: str) -> list[tuple[int, int, str, bool]]:
    """Patients named by first name, only where the text says there are several."""
    found = [(m.start("label"), m.end(), m.group("label"), False) for m in _FIRST_NAME.finditer(original)
             if not is_known_word(m.group("label").lower())]
    return found if len({f[2] for f in found}) >= 2 else []


@cache
def _ordinal() -> re.Pattern[str]:
    return re.compile(_LEAD + r"(?P<label>" + alternation(vocab.words("patients", "ordinals")) + ")", re.ASCII)


@cache
def _other() -> re.Pattern[str]:
    # "...; also my other pt on glofit ...", "... and also her roommate ..."
    return re.compile(_LEAD + r"(?:also |and also |plus )?(?P<label>" + alternation(vocab.words("patients", "other"))
                      + ")", re.ASCII)


@cache
def _other_anywhere() -> re.Pattern[str]:
    """ "also asking about another pt: ...", "the other axi-cel lady in bed 6 is on norad", "the last pt we had
    who needed norad", "the ide-cel next door": another patient named anywhere in the line."""
    people = alternation([*vocab.words("patients", "people"), "pt", "patient", "one"])
    said = alternation(vocab.words("patients", "other_anywhere"))
    # "also calling about the epcor pt in chair 3 with BP 84/50": a page that turns to somebody else
    about = (r"also (?:calling|asking|paging|messaging|texting|phoning|ringing) (?:about|re:?|regarding) "
             rf"(?:the|my|our|a|an|your) (?!(?:same|this|that|current|index) )(?:[a-z0-9+-]{{2,16}} ){{1,2}}{people}")
    other = rf"(?:the|my|our|your) other (?:[a-z0-9+-]{{2,16}} )?{people}"
    place = alternation([*vocab.words("patients", "anywhere"), "ward", "unit", "side", "icu"])
    next_to = (rf"(?:the|my|our|your) (?:(?!{place} )[a-z0-9+-]{{2,16}} ){{1,2}}"
               rf"{alternation(vocab.words('patients', 'next_to'))}")
    return re.compile(rf"(?<![a-z])(?P<label>{said}|{other}|{about}|{next_to})(?![a-z])", re.ASCII)


@cache
def _this() -> re.Pattern[str]:
    this = alternation(vocab.words("patients", "this"))
    return re.compile(_LEAD + rf"(?:(?:but|and) )?(?P<label>{this}) ?(?:is )?[:\-]", re.ASCII)


_BRACKETED_AFTER = re.compile(r" ?\( ?", re.ASCII)
# "Bed 3, room 12", "room 12 / bed 3", "room 12 in bay 2": a label of another kind right after one is the same place
_PLACE_AFTER = re.compile(r" ?(?:,|/|-|in|of|at)? ?", re.ASCII)
_PLACE_WORD = re.compile(r"[a-z]+", re.ASCII)


def _same_place(text: str, before: re.Match[str], label: re.Match[str]) -> bool:
    if not _PLACE_AFTER.fullmatch(text, before.end("label"), label.start("label")):
        return False
    first = _PLACE_WORD.match(text, before.start("label"))
    second = _PLACE_WORD.match(text, label.start("label"))
    places = vocab.words("patients", "anywhere")  # bed, room, bay: not "patient 2 in room 5"
    return (first is not None and second is not None and first.group() != second.group()
            and first.group() in places and second.group() in places)


@cache
def _moved() -> re.Pattern[str]:
    words = alternation(vocab.words("patients", "moved_from"))
    return re.compile(rf"(?<![a-z])(?:{words})(?: [a-z0-9-]+){{0,3}} {{1,2}}$", re.ASCII)


@cache
def _moving() -> re.Pattern[str]:
    words = alternation(vocab.words("patients", "moving"))
    return re.compile(rf"(?<![a-z])(?:{words})(?: [a-z0-9-]+){{0,4}} {{1,2}}(?:from|to)(?: [a-z0-9-]+){{0,3}} {{1,2}}$",
                      re.ASCII)


def _moved_from(text: str, start: int) -> bool:
    """The place at `start` is where the patient was before ("ICU bed 7 (was ward bed 12)",
    "transferred from onc ward bed 9", "moved from bed 3 to bed 9"): "from" and "to" only after a move."""
    return bool(_moved().search(text, max(0, start - 40), start) or _moving().search(text, max(0, start - 60), start))


# "Sign-out: 1) Day +4 tisa-cel, T 39.1, ... 2) Teclistamab C1D8, T 38.4, HFNC 40 L", "2 pts: 1) 38.5 ra
# 2) 39.8 levo": numbered items, each with a temperature and a finding of its own, are patients (a
# numbered problem list - "1) CRS grade 2 2) ICANS" - gives one temperature at most; a numbered series
# of one patient's temperatures - "Tmax: 1) 38.9 overnight 2) 39.4 this am" - no other finding)
_NUMBER = re.compile(r"(?<![0-9a-z(])\(?(?P<n>[1-3])\)(?= )", re.ASCII)
_TEMPERATURE_IN_ITEM = re.compile(
    r"(?<![0-9.,/])(?:3[5-9]|4[0-2])[.,]\d(?![0-9])|(?<![0-9.,/])(?:9[5-9]|10[0-7])[.,]\d ?f?(?![0-9])"
    r"|(?<![a-z])(?:t|temp|tmax|febrile to) ?(?:3[5-9]|4[0-2])(?![0-9]|[.,][0-9])", re.ASCII  # "1) ... T 39 on norad"
)


def _numbered(original: str, text: str) -> list[tuple[int, int, str, bool]]:
    items = list(_NUMBER.finditer(text))
    numbers = [int(m.group("n")) for m in items]
    if numbers[:2] != [1, 2] or numbers != list(range(1, len(numbers) + 1)):
        return []
    ends = [m.start() for m in items[1:]] + [len(text)]
    found = kinds.find(text)
    # each item with its temperature: a reading, or a word of fever or none ("1) liso-cel D+4, afebrile ...")
    said = [f.start for f in found if f.kind in (kinds.FEVER, kinds.AFEBRILE)]
    if not all(_TEMPERATURE_IN_ITEM.search(text, m.end(), end) or any(m.end() <= s < end for s in said)
               for m, end in zip(items, ends, strict=True)):
        return []
    findings = [f.start for f in found if f.kind not in (kinds.FEVER, kinds.AFEBRILE)]
    findings += [m.start() for m in _product().finditer(text)]  # "2) glofit 10 mg yesterday, fever 38.5 now"
    if not all(any(m.end() <= s < end for s in findings) for m, end in zip(items, ends, strict=True)):
        return []
    return [(m.start(), m.end(), original[m.start() : m.end()], False) for m in items]


def _starts(original: str, text: str) -> list[tuple[int, int, str, bool]]:
    """(where a part starts, where its label ends, its label as written, marked as this patient)."""
    found: list[tuple[int, int, str, bool]] = []
    labelled = []
    spans = [m.span("label") for m in _labelled().finditer(text)]
    # "bay 3 bed 2": a bed inside a label is part of it; "ICU bed 7 (was ward bed 12)", "moved from bed 3
    # to bed 9": where the patient was before is no other patient
    extra = [m for m in _anywhere().finditer(text)
             if not any(s <= m.start("label") < e for s, e in spans) and not _moved_from(text, m.start("label"))]
    matches = sorted([*_labelled().finditer(text), *extra], key=lambda m: m.start("label"))
    matches = [m for m in matches if not _moved_from(text, m.start("label"))]
    # "Bed 2 (Bay C)": a label in brackets right after another is the same place
    matches = [m for i, m in enumerate(matches)
               if not (i and _BRACKETED_AFTER.fullmatch(text, matches[i - 1].end("label"), m.start("label")))
               and not (i and _same_place(text, matches[i - 1], m))]
    letters = {" ".join(m.group("label").split()) for m in matches if m.group("id").isalpha()}
    for match in matches:
        single_letter = match.group("id").isalpha()
        # "pt a 65 yo": a one-letter label needs a capital ("Pt A"), a colon, or a sibling ("pt x ..., pt y ...")
        if single_letter and not (match.group("colon") or original[match.start("id")].isupper() or len(letters) > 1):
            continue
        if single_letter and _MEASURE_LETTER.match(text, match.start("id")):
            continue  # "Pt T 38.9": the patient's temperature, not a patient T
        labelled.append(match)
    labelled = [m for m in labelled if not _UNIT_AFTER.match(text, m.end("label"))]  # "pt 82 kg" is a weight
    distinct = {" ".join(m.group("label").split()) for m in labelled}
    for match in labelled:
        cases = {m.group("label") for m in labelled if m.group("label").startswith("case")}
        if match.group("label").startswith("case") and not match.group("colon") and len(cases) < 2:
            continue  # "case 2" is a patient only as a heading, or beside "case 1"
        # a label has a colon, a capital letter, or a sibling ("bed 12 ... bed 14")
        if not (match.group("colon") or original[match.start("id")].isupper() or len(distinct) > 1):
            continue
        label_start = match.start("label")
        found.append((label_start, match.end(), original[label_start : match.end("label")], False))
    named = list(_named().finditer(text))
    lowercase_pair = len({m.group("label") for m in named}) > 1 and all(len(m.group("id")) == 1 for m in named)
    for match in named:
        if original[match.start("id")].isupper() or lowercase_pair:  # "Mrs Jones", "mrs a ...; mr b", not "mr said"
            found = [f for f in found if f[0] != match.start("label")]  # "Mr O'Neill", not "Mr O"
            label = original[match.start("label") : match.end("label")]
            found.append((match.start("label"), match.end(), label, False))
    found += _numbered(original, text)
    # "pt a yescarta d3 38.6 ra normal bp pt b tecvayli 39 on levo": letters a and b after "pt", anywhere
    lettered = list(_LETTERED.finditer(text))
    if {"a", "b"} <= {m.group("id") for m in lettered}:
        found += [(m.start("label"), m.end(), original[m.start("label") : m.end("label")], False) for m in lettered]
    patterns = [(_other(), False), (_this(), True), (_ALSO, False), (_other_anywhere(), False)]
    several = _several().search(text) is not None
    if several:
        patterns.append((_ordinal(), False))
    for pattern, this in patterns:
        for m in pattern.finditer(text):
            found.append((m.start("label"), m.end(), original[m.start("label") : m.end("label")], this))
    if several and len({f[2].lower() for f in found}) < 2:
        # "2 pts: 1st 38.9 bipap 2nd afebrile ra", "both my car t pts febrile one on norad other on 2l nc":
        # typed without stops, a first and a second anywhere are the patients said to be several
        inside = list(_ORDINAL_INSIDE.finditer(text))
        if {"first", "second"} <= {_ORDER[m.group("label")] for m in inside}:
            found += [(m.start("label"), m.end(), original[m.start("label") : m.end("label")], False)
                      for m in inside]
    longest: dict[int, tuple[int, int, str, bool]] = {}
    for start in sorted(found, key=lambda f: (f[0], -len(f[2]))):  # "first pt", not "first" in it too
        longest.setdefault(start[0], start)
    kept: list[tuple[int, int, str, bool]] = []
    for part in sorted(longest.values()):  # "her roommate also": one label, not "roommate also" inside it
        if kept and part[0] < kept[-1][0] + len(kept[-1][2]):
            continue
        if kept and not any(c.isdigit() for c in kept[-1][2]) and _IN_PLACE.fullmatch(
                text, kept[-1][0] + len(kept[-1][2]), part[0]):
            # "that's my pt in bed 12": a patient and where they are, one patient
            kept[-1] = (kept[-1][0], part[1], original[kept[-1][0] : part[0] + len(part[2])], kept[-1][3])
            continue
        kept.append(part)
    return kept


_IN_PLACE = re.compile(r" {1,2}(?:in|at|from|on) {1,2}(?:the )?", re.ASCII)


@cache
def _people() -> Words:
    return compile_words(vocab.words("patients", "people"))


_MEASURE_LETTER = re.compile(r"t ?[:=]? ?\d", re.ASCII)
_SOMEBODYS = re.compile(r"(?<![a-z])(?:dr\.? )?[a-z]+'s (?:patient|pt)(?![a-z])", re.ASCII)
_MINE = re.compile(r"(?<![a-z])(?:mine|my patient|my pt)(?![a-z])", re.ASCII)
# "8yo ...; 14yo ...", "1) 62F ... 2) 70M ..." (with a word that says there are several)
_AGE = re.compile(r"(?<![0-9.,])(?P<age>\d{1,2}) ?(?:yo|y/o|yrs? old|years? old|year-old|[mf](?![a-z0-9]))(?![a-z])",
                  re.ASCII)


def _product_names() -> list[str]:
    return [w for k in slot_registry.default_registry()["product"].allowed for w in vocab.words("products", str(k))]


@cache
def _product_patient() -> re.Pattern[str]:
    """ "the cilta pt: ...; the ide-cel pt: ...", "1) axi-cel pt ... 2) tec pt ...": patients named by product."""
    return re.compile(r"(?P<label>" + alternation(_product_names()) + r") (?:pt|patient|man|lady|guy|woman|gent)"
                      r"(?![a-z])", re.ASCII)


@cache
def _product() -> re.Pattern[str]:
    """A product named anywhere: with a word that says there are several, two products are two patients
    ("two of mine: liso-cel D3 ..., and epcor C1D15 ...")."""
    return re.compile(r"(?<![a-z])(?P<label>" + alternation(_product_names()) + r")(?![a-z])", re.ASCII)


# "..., also 7 is on norepi", "And 12 is 39.1 on HFNC", "- also bed 9 is febrile": another patient by number
_ALSO = re.compile(_LEAD + r"(?:also|and also|meanwhile|and) (?:the )?(?P<label>(?:(?:bed|room|rm|bay|pt|patient)"
                   r"(?: in)? )?#? ?\d{1,4}[a-z]?)(?= (?:is|has|was|on|febrile|spiking|now)(?![a-z]))", re.ASCII)
_ORDER = {"1st": "first", "first": "first", "one": "first", "2nd": "second", "second": "second", "other": "second",
          "the other": "second"}
_ORDINAL_INSIDE = re.compile(
    r"(?:(?<= )|^)(?P<label>the other|1st|2nd|first|second|one|other)(?= )"
    r"(?! (?:dose|doses|line|day|time|step|cycle|bolus|bag|litre|liter|l|of|more|pressor|agent|hour|h|pt|patient|one)"
    r"(?![a-z]))", re.ASCII)
# two places said together: "bed 11 and 12", "beds 3 & 4", "room 5 and room 6"
_PAIR_OF_PLACES = re.compile(r"(?<![a-z])(?P<marker>beds?|rooms?|bays?|rm) ?(?P<a>\d{1,4}[a-z]?) ?(?:and|&|\+) ?"
                             r"(?:(?:bed|room|bay|rm) ?)?(?P<b>\d{1,4})(?![0-9a-z.,/%])"
                             r"(?! ?(?:hours?|hrs?|h|mins?|days?|l|lpm|mg|kg|ml|mcg|units?)(?![a-z]))", re.ASCII)
_LETTERED = re.compile(r"(?<![a-z])(?P<label>(?:pt|patient) (?P<id>[a-d]))(?![a-z0-9'])", re.ASCII)
_FIRST_AND_SECOND = re.compile(r"(?<![a-z])(?P<n>first|second|1st|2nd|third|3rd) (?:patient|pt)(?![a-z])", re.ASCII)
# "her T 38.5 on NC 4L; his T 39.2 on levo": a pronoun and a vital sign where a part starts
_PRONOUN_VITALS = re.compile(_LEAD + r"(?P<label>her|his)(?= (?:t|temp|tmax|bp|map|sats|spo2|o2)(?![a-z]))", re.ASCII)


# "family (wife and daughter) updated", "son & daughter at bedside": people named in one list are
# the patient's family, not two patients
_TOGETHER = re.compile(r" ?(?:,|and|&|\+|/|or|plus) ?(?:her |his |their |the )?", re.ASCII)


_EACH = re.compile(r"(?<![a-z])(?:both|each|either|neither|two|2)(?![a-z0-9])", re.ASCII)


def _listed_together(text: str, people: Sequence[re.Match[str]]) -> bool:
    """Family named in one list, and nothing saying each of them ("the man and the lady both febrile")."""
    kin = vocab.words("patients", "kin")
    return (all(m.group() in kin for m in people) and _EACH.search(text) is None
            and all(_TOGETHER.fullmatch(text, a.end(), b.start()) for a, b in itertools.pairwise(people)))


def _by_who(original: str, text: str) -> list[tuple[int, int, str, bool]]:
    """ "axi-cel man ...; teclistamab lady ...", "Dr K's patient ... and mine", "8yo ...; 14yo ...":
    patients told apart by who they are."""
    for pattern in (_product_patient(), _PRONOUN_VITALS):
        named = list(pattern.finditer(text))
        if len({m.group("label") for m in named}) >= 2:
            return [(m.start(), m.end(), original[m.start() : m.end()], False) for m in named]
    people = list(_people().finditer(text))
    if len({m.group() for m in people}) >= 2 and not _listed_together(text, people):
        return [(m.start(), m.end(), original[m.start() : m.end()], False) for m in people]
    somebody, mine = _SOMEBODYS.search(text), _MINE.search(text)
    other = somebody or (people[0] if people else None) or _anywhere().search(text) or _other().search(text)
    if other and mine and other.start() != mine.start() and not _IN_PLACE.fullmatch(text, mine.end(), other.start()):
        # "my patient ..., and her husband in bed 9" (not "that's my pt in bed 12": one patient and her bed)
        return sorted((m.start(), m.end(), original[m.start() : m.end()], False) for m in (other, mine))
    ordered = list(_FIRST_AND_SECOND.finditer(text))
    if len({m.group("n") for m in ordered}) >= 2:  # dictated: "first patient ... second patient ..."
        return [(m.start(), m.end(), original[m.start() : m.end()], False) for m in ordered]
    products = list(_product().finditer(text)) if _several().search(text) else []
    if len({m.group("label") for m in products}) >= 2:
        return [(m.start(), m.end(), original[m.start() : m.end()], False) for m in products]
    ages = list(_AGE.finditer(text))
    if len({m.group() for m in ages}) >= 2 and (_several().search(text) or _each_with_a_temperature(text, ages)):
        return [(m.start(), m.end(), original[m.start() : m.end()], False) for m in ages]
    return []


def _each_with_a_temperature(text: str, ages: Sequence[re.Match[str]]) -> bool:
    """ "5yo on blow-by at 39.0, 14yo on epi drip at 38.6": each age with a temperature and a finding
    of its own after it, two ages only (one patient's age is said once)."""
    if len(ages) != 2:
        return False
    ends = [ages[1].start(), len(text)]
    findings = [f.start for f in kinds.find(text) if f.kind not in (kinds.FEVER, kinds.AFEBRILE)]
    return all(_TEMPERATURE_IN_ITEM.search(text, m.end(), end) and any(m.end() <= s < end for s in findings)
               for m, end in zip(ages, ends, strict=True))


_MANY = re.compile(r"(?<![a-z0-9])(?:[2-9]|two|three|four|both|couple|twins|siblings|these)(?![a-z0-9])", re.ASCII)


def several_said(text: str) -> tuple[int, int] | None:
    """Where `text` says it is about several patients ("2 pts", "both patients"), if it does."""
    said = _several().search(text)
    return said.span() if said is not None and _MANY.search(said.group()) else None


def parts(original: str, text: str) -> Parts:
    """The patients of `text` (normalised; `original` as typed, same length)."""
    if (not _any_marker().search(text) and not _people().search(text) and "'s " not in text
            and not _PAIR_OF_PLACES.search(text)
            and not _PRONOUN_VITALS.search(text) and not _NUMBER.search(text)
            and len({m.group("age") for m in _AGE.finditer(text)}) < 2):  # "5yo ..., 14yo ..., both ..."
        return Parts((), None)
    starts = _starts(original, text)
    if len({label.lower() for _, _, label, _ in starts}) < 2:
        starts = _by_who(original, text) or starts
    if len({label.lower() for _, _, label, _ in starts}) < 2 and _several().search(text):
        starts = _first_names(original) or _bare_places(original, text) or starts
    labels = {" ".join(label.lower().split()) for _, _, label, _ in starts}
    pair = _PAIR_OF_PLACES.search(text)
    if pair is not None and all(pair.start() <= start < pair.end() for start, _, _, _ in starts):
        # "bed 11 and 12 both febrile ~38.5, RA": two patients said of together; each is what is said
        shared = (original[: pair.start()] + original[pair.end() :]).strip(" .;,:-\n")
        marker = original[pair.start("marker") : pair.end("marker")].rstrip("sS")
        return Parts(tuple(Patient(f"{marker} {original[pair.start(n) : pair.end(n)]}", shared) for n in ("a", "b")),
                     None)
    others = ({m.start("label") for m in (*_other().finditer(text), *_ALSO.finditer(text),
                                          *_other_anywhere().finditer(text))}
              if len(labels) == 1 else set())
    family = set(vocab.words("patients", "people"))  # "his wife asks": family, not a patient by herself
    named = starts[0][2].lower() if starts else ""
    # not "the other lady", "also asking about my other lady on glofit"
    kin = bool(named) and named.split()[-1] in family and "other" not in named.split() and not named.startswith("also ")
    if len(labels) == 1 and starts[0][0] in others and not kin and original[
            : starts[0][0]].strip(
            " .;,:-\n"):
        # "He is on HFNC 40L, T 39.1; his roommate is on room air": the words before are another patient
        label = f"the patient before '{starts[0][2]}'"
        starts = [(0, 0, label, False), *starts]
        labels.add(label)
    if len(labels) < 2:
        return Parts((), None)
    bounds = [s for s, _, _, _ in starts] + [len(text)]
    patients = []
    chosen = None
    for (_start, body, label, this), end in zip(starts, bounds[1:], strict=False):
        patients.append(Patient(" ".join(label.split()), original[body:end].strip(" .;,:-\n")))
        if this:
            chosen = (body, end)
    # words before the first label belong to nobody in particular: they stay with the first part
    lead = original[: starts[0][0]].strip(" .;,\n")
    if lead:
        first = patients[0]
        patients[0] = Patient(first.label, f"{lead} {first.text}")
    return Parts(tuple(patients), chosen)
