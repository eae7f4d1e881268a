"""Neutropenia: ANC below 500 cells/uL (0.5 x10^9/L), from a value ("ANC 300", "ANC 0.3":
values below 50 are x10^9/L) or from words ("neutropenic", "not neutropenic", "counts
recovered")."""

from __future__ import annotations

import re
from functools import cache

from dialogs.understanding import terms as kinds
from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.patterns import Words, alternation, fmt, parse_number
from dialogs.understanding.results import Mention, Outcome, Problem
from dialogs.understanding.utterance import Utterance

SLOT = "neutropenic"
THRESHOLD = 500.0  # cells/uL
GIGA_BELOW = 50.0  # a bare ANC below this is x10^9/L
ANC_MAX = 100_000.0


@cache
def _anc() -> Words:
    keywords = vocab.words("neutropenia", "anc_keywords")
    keyword = alternation(keywords)
    link = alternation(vocab.words("neutropenia", "links"))
    below = alternation(vocab.words("neutropenia", "below"))
    cells = alternation(vocab.words("neutropenia", "cell_units"), glued=True)
    giga = alternation(vocab.words("neutropenia", "giga_units"), glued=True)
    return Words(
        rf"{keyword}[ :=]{{0,3}}(?:{link} {{1,2}})?(?P<below>{below})? {{0,2}}"
        rf"(?P<num>\d{{1,6}}(?:[.,]\d{{1,3}})?)(?![0-9]|[.,][0-9])(?: ?(?:(?P<cells>{cells})|(?P<giga>{giga})))?",
        keywords,
    )


def from_anc(number: float, unit: str | None, below: bool, start: int, end: int) -> Outcome:
    """An ANC written as `number` with unit "cells", "giga" or None (below 50 is x10^9/L)."""
    giga = unit == "giga" or (unit is None and number < GIGA_BELOW)
    cells = number * 1000 if giga else number
    written = f"{fmt(number)} x10^9/L = {fmt(cells)} cells/uL" if giga else f"{fmt(cells)} cells/uL"
    if unit is None:
        written += " (values below 50 read as x10^9/L)" if giga else " (values of 50 and above read as cells/uL)"
    if cells > ANC_MAX:
        return Problem(SLOT, start, end, f"ANC {fmt(cells)} cells/uL is outside 0-100000 cells/uL (0-100 x10^9/L)")
    if below:
        if cells <= THRESHOLD:
            return Mention(SLOT, True, start, end, f"ANC below {written}: neutropenic (below 500 cells/uL)")
        return Problem(
            SLOT, start, end, f"ANC below {fmt(cells)} cells/uL does not say whether it is below 500: give the value"
        )
    if cells < THRESHOLD:
        return Mention(SLOT, True, start, end, f"ANC {written}: neutropenic (below 500 cells/uL)")
    return Mention(SLOT, False, start, end, f"ANC {written}: not neutropenic (500 cells/uL or more)")


def _from_match(match: re.Match[str]) -> Outcome:
    unit = "giga" if match.group("giga") else ("cells" if match.group("cells") else None)
    number = parse_number(match.group("num"))
    return from_anc(number, unit, bool(match.group("below")), match.start(), match.end())


def read(u: Utterance) -> list[Outcome]:
    found = [_from_match(m) for m in _anc().finditer(u.text)]
    for term in u.of_kind(kinds.NEUTROPENIA_PRESENT, kinds.NEUTROPENIA_ABSENT):
        present = (term.kind == kinds.NEUTROPENIA_PRESENT) != term.negated
        found.append(Mention(SLOT, present, *term.span, "neutropenic" if present else "not neutropenic"))
    return found
