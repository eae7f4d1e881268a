"""The vocabulary's alternations are built for speed (factored by their leading letters, the
word-start test made after the first letter) and must match exactly what the plain alternation
they stand for would match."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.patterns import LEFT, RIGHT, alternation, phrase_pattern

_PHRASES = sorted({p.lower() for p in vocab.words("products", "axi-cel")} | {"on", "on the vent", "no", "nc", "4l"})
_ALPHABET = "abcdeilnortv 0123456789-/+.,"


def _flat(phrases: list[str]) -> re.Pattern[str]:
    """The reference: one word-start test, then every phrase, longest first, unfactored."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    body = "|".join(phrase_pattern(p) + (RIGHT if p[-1].isalnum() else "") for p in ordered)
    return re.compile(f"{LEFT}(?:{body})", re.ASCII)


def _texts(phrases: list[str]) -> st.SearchStrategy[str]:
    pieces = st.one_of(st.sampled_from(phrases), st.text(alphabet=_ALPHABET, max_size=4))
    return st.lists(pieces, max_size=8).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PHRASES), min_size=1, max_size=12, unique=True), st.data())
def test_a_factored_alternation_matches_what_the_flat_one_matches(phrases: list[str], data: st.DataObject) -> None:
    text = data.draw(_texts(phrases))
    built = re.compile(alternation(phrases), re.ASCII)
    assert [m.span() for m in built.finditer(text)] == [m.span() for m in _flat(phrases).finditer(text)]


def test_a_phrase_glued_to_a_flow_still_starts_a_word() -> None:
    pattern = re.compile(alternation(["nc", "nasal cannula", "nrb", "niv"]), re.ASCII)
    assert [m.group() for m in pattern.finditer("4lnc, then nasal-cannula; ninc")] == ["nc", "nasal-cannula"]
