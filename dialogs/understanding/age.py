"""Whether the patient is a child (under 18): from an age ("8 yo", "8-year-old", "age 8",
"18 months old", "1.5 yo") or a word ("paeds", "child", "adult").

Safety first, since a child read as an adult would get adult doses: when the text says both,
the child wins; an age that is not the patient's now ("dx at age 6", "7 years ago", "her
12-year-old son", "mum 38 yo") is not read; "adult" naming a place or a dose ("on the adult ICU")
is not the patient; "not a child" is an adult and "not an adult" a child. The plan gives a child
no dose the fact sheets cannot support (knowledge/population.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.patterns import Words, alternation, scanner
from dialogs.understanding.results import Mention, Outcome
from dialogs.understanding.utterance import Utterance

SLOT = "child"
ADULT_FROM_YEARS = 18
OLDEST_YEARS = 120
_GAP = 24  # characters around an age searched for words that make it someone else's, or past


@cache
def _patterns() -> dict[str, re.Pattern[str] | Words]:
    phrases = {key: vocab.words("age", key) for key in
               ("age_words", "child", "not_child", "adult", "not_adult", "past_before", "duration_before",
                "past_after", "others")}
    words = {key: alternation(listed) for key, listed in phrases.items()}
    years = alternation(vocab.words("age", "years_units"), glued=True)
    months = alternation(vocab.words("age", "months_units"), glued=True)
    spelled = alternation(list(vocab.numbers("age.number_words")))
    number = rf"(?<![0-9.,+/])(?P<n>\d{{1,3}}(?:\.\d| 1/2|½)?|{spelled})"
    return {
        "aged": scanner(
            rf"{number}[ -]?(?:(?P<y>{years})|(?P<m>{months}))(?![a-z0-9])(?! ?(?:kg|lb|mg|ml|l\b))"
            rf"|(?<![0-9./])(?P<twelfths>\d{{1,2}})/12 ?(?:old|yo|months?)(?![a-z])"
            rf"|(?<![a-z0-9.,/+-])(?P<sexed>\d{{1,2}}) ?[mf](?![a-z0-9])"
            rf"|{words['age_words']} ?(?P<a>\d{{1,3}}(?:\.\d)?)(?![0-9]|\.[0-9]| ?(?:kg|lb|%|mg))", re.ASCII),
        "child": Words(rf"{words['child']}(?![a-z-])", phrases["child"]),
        "not_child": Words(words["not_child"], phrases["not_child"]),
        "adult": Words(rf"{words['adult']}(?![a-z-])", phrases["adult"]),
        "not_adult": Words(words["not_adult"], phrases["not_adult"]),
        "past_before": Words(rf"(?:{words['past_before']}) ?$", phrases["past_before"]),
        "duration_before": Words(rf"(?:{words['duration_before']}) ?$", phrases["duration_before"]),
        "past_after": Words(rf"^ ?(?:{words['past_after']})(?![a-z])", phrases["past_after"]),
        "others": Words(words["others"], phrases["others"]),
    }


_RIGHT_AFTER_SOMEONE = re.compile(r"(?:'s)?[ ,:]{0,3}(?:(?:is|aged|age|who is|who's) {0,2})?", re.ASCII)


def _years(written: str) -> float:
    """ "8", "1.5", "4 1/2", "seven" as a number of years."""
    words = vocab.numbers("age.number_words")
    if written in words:
        return float(words[written])
    half = written.endswith((" 1/2", "½"))
    return float(written.removesuffix(" 1/2").removesuffix("½")) + (0.5 if half else 0.0)


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def _not_the_patients(text: str, start: int, end: int, p: dict[str, re.Pattern[str] | Words], aged: bool) -> bool:
    """The age is someone else's ("her 12-year-old son", "mum 38 yo") or past ("dx at age 6", "for 2
    years"); `aged`: written with an age's own unit ("2yo"), never a time."""
    before, after = text[max(0, start - _GAP):start], text[end:end + _GAP]
    if p["past_before"].search(before) or p["past_after"].search(after):
        return True
    if not aged and p["duration_before"].search(before):
        return True
    near_after = re.split(r"[,;.]", after, maxsplit=1)[0]
    near_before = re.split(r"[,;.]", before)[-1]
    if p["others"].search(near_after[:14]):
        return True
    # "mum 38 yo", "her son, aged 12": someone else's age right after them; not "Mum rang - 15yo on Kymriah"
    said = list(p["others"].finditer(near_before[-14:]))
    return bool(said) and _RIGHT_AFTER_SOMEONE.fullmatch(near_before[-14:][said[-1].end() :]) is not None


def _patients_ages(text: str) -> Iterator[tuple[re.Match[str], float, str]]:
    """Each age of the patient's: its match, the age in years and the age as written ("18 months old")."""
    p = _patterns()
    for match in p["aged"].finditer(text):
        aged = (match.group("y") or "") in vocab.words("age", "old_units")
        if _not_the_patients(text, match.start(), match.end(), p, aged):
            continue
        if match.group("twelfths"):  # "18/12 old": months, as UK paediatric notes write them
            yield match, int(match.group("twelfths")) / 12, f"{match.group('twelfths')} months old"
        elif match.group("sexed"):  # "15M", "8F": age and sex, read only below 18 ("45M" may be minutes)
            if int(match.group("sexed")) < ADULT_FROM_YEARS:
                yield match, float(match.group("sexed")), f"{match.group('sexed')} years old"
        elif match.group("m"):
            written = match.group("n") or match.group("a")
            yield match, _years(written) / 12, f"{written} months old"
        elif (years := _years(written := match.group("n") or match.group("a"))) <= OLDEST_YEARS:
            yield match, years, f"{written} years old"


def years_old(u: Utterance) -> float | None:
    """The patient's age in years when the text gives exactly one age of the patient's, else None."""
    ages = {years for _, years, _ in _patients_ages(u.text)}
    return ages.pop() if len(ages) == 1 else None


def read(u: Utterance) -> list[Outcome]:
    p = _patterns()
    text = u.text
    found: list[Mention] = []
    for match, years, said in _patients_ages(text):
        is_child = years < ADULT_FROM_YEARS
        found.append(Mention(SLOT, is_child, match.start(), match.end(),
                             f"{'a child' if is_child else 'an adult'} ({said})"))
    excluded_child = [m.span() for m in p["not_child"].finditer(text)]
    excluded_adult = [m.span() for m in p["not_adult"].finditer(text)]
    for match in p["child"].finditer(text):
        if not _inside(match.start(), match.end(), excluded_child):
            found.append(Mention(SLOT, True, match.start(), match.end(), "a child"))
    for match in p["adult"].finditer(text):
        if not _inside(match.start(), match.end(), excluded_adult):
            found.append(Mention(SLOT, False, match.start(), match.end(), "an adult"))
    if any(m.value is True for m in found):  # said both ways: the child wins (no adult dose by mistake)
        found = [m for m in found if m.value is True]
    found.sort(key=lambda m: m.start)
    return list(found)
