"""Whether the patient is a child (under 18): from an age ("8 yo", "8-year-old", "age 8",
"18 months old") or a word ("paeds", "child", "adult"). The plan gives a child no dose the
fact sheets cannot support (knowledge/population.py)."""

from __future__ import annotations

import re
from functools import cache

from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.patterns import alternation
from dialogs.understanding.results import Mention, Outcome
from dialogs.understanding.utterance import Utterance

SLOT = "child"
ADULT_FROM_YEARS = 18
OLDEST_YEARS = 120


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    years = alternation(vocab.words("age", "years_units"), glued=True)
    months = alternation(vocab.words("age", "months_units"), glued=True)
    age = alternation(vocab.words("age", "age_words"))
    child = alternation(vocab.words("age", "child"))
    adult = alternation(vocab.words("age", "adult"))
    number = r"(?<![0-9.])(?P<n>\d{1,3})(?![0-9.])"
    aged = re.compile(rf"{number} ?(?:(?P<y>{years})|(?P<m>{months}))|{age} ?(?P<a>\d{{1,3}})(?![0-9.]| ?(?:kg|lb|%))",
                      re.ASCII)
    return aged, re.compile(rf"{child}(?![a-z-])", re.ASCII), re.compile(rf"{adult}(?![a-z-])", re.ASCII)


def read(u: Utterance) -> list[Outcome]:
    aged, child, adult = _patterns()
    found: list[Outcome] = []
    for match in aged.finditer(u.text):
        if match.group("m"):
            found.append(Mention(SLOT, True, match.start(), match.end(), f"a child ({match.group('n')} months old)"))
            continue
        years = int(match.group("n") or match.group("a"))
        if years > OLDEST_YEARS:
            continue
        is_child = years < ADULT_FROM_YEARS
        found.append(Mention(SLOT, is_child, match.start(), match.end(),
                             f"{'a child' if is_child else 'an adult'} ({years} years old)"))
    for match in child.finditer(u.text):
        found.append(Mention(SLOT, True, match.start(), match.end(), "a child"))
    for match in adult.finditer(u.text):
        found.append(Mention(SLOT, False, match.start(), match.end(), "an adult"))
    found.sort(key=lambda m: m.start)
    return found
