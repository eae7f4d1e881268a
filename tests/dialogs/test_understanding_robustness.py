"""Hostile input: any string, read with or without an expected slot, gives a Reading whose
findings are valid together as a Case, one per slot, quickly, and never raises."""

from __future__ import annotations

import time
import tomllib
from importlib import resources
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dialogs.understanding import Reading, read
from knowledge.slots import SLOT_NAMES, Case

TRUNCATED = "only the first 4,000 characters were read"
EXPECTING = st.sampled_from([None, *SLOT_NAMES])
# every code point, control characters and lone surrogates included
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=400)


def _phrases(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [p for value in node.values() for p in _phrases(value)]
    if isinstance(node, list):
        return [p for value in node for p in _phrases(value)]
    return [node] if isinstance(node, str) else []


VOCABULARY = _phrases(tomllib.loads(resources.files("dialogs").joinpath("data/vocabulary.toml").read_text("utf-8")))
PIECES = [
    *VOCABULARY,
    *("38.9", "101.8F", "100.4", "x2", "x 9", "100 mg", "q6h", "q0h", "BID", "4L", "6.5 L/min", "ANC", "ICE", "0.3"),
    *("70 kg", "154 lb", "9999999", "1,200", "<", "+", "and", "but", ",", ";", ".", "?", "no", "not", "off", "/"),
    *("[red]", "[/]", "\x1b[31m", "\x00", "\u202e", "İ", "٣", "ß", "\ud800", "\n", "\t"),
]
SHORTHAND = st.tuples(
    st.lists(st.sampled_from(PIECES) | st.from_regex(r"\d{1,4}([.,]\d{1,3})?", fullmatch=True), max_size=40),
    st.sampled_from([" ", "", ", ", " + "]),
).map(lambda parts: parts[1].join(parts[0]))


def check(text: str, expecting: str | None) -> Reading:
    reading = read(text, expecting)
    assert isinstance(reading, Reading)
    slots = [f.slot for f in reading.findings]
    assert slots == sorted(set(slots), key=SLOT_NAMES.index)  # one per slot, in Case order
    Case.model_validate({f.slot: f.value for f in reading.findings}, strict=True)
    for f in reading.findings:
        assert f.phrase and f.phrase in text[:4000]
        assert f.echo
    assert all(isinstance(p, str) and p for p in reading.problems)
    assert (TRUNCATED in reading.problems) == (len(text) > 4000)
    assert read(text, expecting) == reading  # deterministic
    return reading


@settings(deadline=None)
@given(ANY_TEXT, EXPECTING)
def test_any_text_gives_a_valid_reading(text: str, expecting: str | None) -> None:
    check(text, expecting)


@settings(deadline=None, max_examples=300)
@given(SHORTHAND, EXPECTING)
def test_any_mix_of_known_words_gives_a_valid_reading(text: str, expecting: str | None) -> None:
    check(text, expecting)


@settings(deadline=None, max_examples=25)
@given(SHORTHAND, EXPECTING)
@example("2 pts, other patient", None)  # two patients named: the cut is still said
def test_long_text_is_cut_and_says_so(text: str, expecting: str | None) -> None:
    long_text = (text + " levo, T 39; ") * (4001 // (len(text) + 12) + 1)
    assert TRUNCATED in check(long_text, expecting).problems


@pytest.mark.parametrize("expecting", [None, *SLOT_NAMES])
def test_an_unknown_expected_slot_is_ignored(expecting: str | None) -> None:
    assert read("39.1", "not_a_slot") == read("39.1")
    check("", expecting)


HUNDRED_KB_LINES = {
    "letters": "a" * 100_000,
    "shorthand": "Tmax 101.8F, levo + vaso, HFNC 40L, no toci or anakinra 100 mg q6h; " * 1500,
    "negations": "no not off " * 10_000,
    "one clause of drug names": "levo vaso epi NC HFNC toci dex " * 4000,
    "separators": "+" * 100_000,
    "commas": ", " * 50_000,
    "numbers and units": "38.9C 4L 70kg x2 q6h ANC 0.3 ICE 7 " * 3000,
    "markup and controls": "[red]\x1b[31m\x00 levo" * 10_000,
    "non-ASCII": "İ\ud800é٣" * 25_000,
}


@pytest.mark.parametrize("line", HUNDRED_KB_LINES.values(), ids=HUNDRED_KB_LINES.keys())
def test_a_100_kb_line_is_read_quickly(line: str) -> None:
    read("warm the vocabulary cache")
    started = time.perf_counter()
    reading = read(line[:100_000])
    elapsed = time.perf_counter() - started
    assert TRUNCATED in reading.problems
    assert elapsed < 0.5, f"{elapsed:.3f} s"
