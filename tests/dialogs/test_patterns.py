"""The vocabulary's alternations are built for speed (factored by their leading letters, the
word-start test made after the first letter) and must match exactly what the plain alternation
they stand for would match. A `Words` pattern is compiled only for a text that could hold one of
its phrases, and matches exactly what the compiled expression matches. A `scanner` pattern (its
first characters tested first) matches exactly what `re.compile` of its source matches."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.patterns import (
    LEFT,
    RIGHT,
    Words,
    alternation,
    compile_words,
    phrase_pattern,
    pieces,
    scanner,
)

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


_SPELLINGS = ["high flow", "high-flow nasal cannula", "on the vent", "bi-pap", "x", "+", "4l", "levo", "no"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_SPELLINGS, *_PHRASES]), min_size=1, max_size=8, unique=True), st.data())
def test_a_words_pattern_matches_what_its_compiled_expression_matches(phrases: list[str],
                                                                    data: st.DataObject) -> None:
    texts = data.draw(st.lists(_texts([*phrases, "highflow", "high - flow", "bipap", "vent"]), min_size=1, max_size=4))
    source = alternation(phrases) + r"(?: ?(?P<num>\d{1,2}))?"
    words = Words(source, phrases)
    plain = re.compile(source, re.ASCII)
    for text in texts:  # in turn: the first that could match compiles it, for every text after it
        assert [m.span() for m in words.finditer(text)] == [m.span() for m in plain.finditer(text)]
        assert [m.span() for m in words.finditer(text, 1, 9)] == [m.span() for m in plain.finditer(text, 1, 9)]
        found, expected = words.search(text, 2), plain.search(text, 2)
        assert (found and found.span()) == (expected and expected.span())
        found, expected = words.match(text), plain.match(text)
        assert (found and found.span()) == (expected and expected.span())


def test_a_text_without_any_phrase_compiles_nothing() -> None:
    words = compile_words(["high flow", "hfnc", "optiflow"])
    assert words.compiled("pt 38.9, bp ok, ra") is None
    assert words.search("pt 38.9, bp ok, ra") is None
    assert list(words.finditer("levo 0.1")) == []
    assert words.compiled("now on high-flow") is not None  # "high" and "flow" spelled apart still count
    assert [m.group() for m in words.finditer("now on highflow 40l, then optiflow")] == ["highflow", "optiflow"]


def test_each_phrase_leaves_a_literal_piece_every_spelling_of_it_holds() -> None:
    assert pieces(["high-flow nasal cannula", "hfnc"]) == {"cannula", "hfnc"}
    assert pieces(["-", "+"]) == {"", "+"}  # a phrase of separators only: every text could hold it
    assert pieces([]) == {""}  # an empty alternation matches everywhere


# Sources of the shapes the reader's scanners have: look-behinds before each alternative, optional
# and repeated starts, classes, zero-width alternatives; and some whose first characters cannot be
# worked out (compiled as they are).
_SCANNED = [
    r"(?<![0-9/.,])(?P<sys>\d{2,3}) ?(?:/|over) ?(?P<dia>\d{2,3})(?![0-9]|/\d)|(?<![a-z])maps? ?(?P<map>\d{2,3})",
    r"(?:(?<![a-z])(?:after|with|w/?) (?:a |an )?|-> ?|(?<![0-9.,])(?=\d{2,4} ?(?:ml|cc)))"
    r"\d{1,4} ?(?:ml|l|cc)(?![a-z])",
    r"(?<![a-z])(?:at|@) ?(?:[01]\d|2[0-3]):?[0-5]\d(?![0-9])|(?<![0-9])(?:1[0-2]|0?[1-9]) ?(?:am|pm)(?![a-z])",
    r"(?P<hard>[;!?|]|,(?<![0-9],)|\.(?![0-9a-z])|" + alternation(["but", "then", "->"]) + r")|(?P<soft>"
    + alternation(["and", "+", "&"]) + ")",
    r"(?:^|(?<=[.;,])|(?<=\band ))\s*(?:also|and) (?P<label>\d{1,3})",
    r" *(?:\d{1,2} ?)?(?:x|l)\b",
    r"(?<![a-z])[^a-z]{1,3}no",
    r"(?<!x).{0,2}on",
    r"(?<![a-z])(?:on|off)?",
    r"(?i:on|off) (?<![a-z])\d",
]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_SCANNED), st.text(alphabet=_ALPHABET + "@;:!?|&>mpsw/\n", max_size=40), st.data())
def test_a_scanner_matches_what_its_source_matches(source: str, text: str, data: st.DataObject) -> None:
    plain, scanned = re.compile(source, re.ASCII), scanner(source)

    def found(p: re.Pattern[str]) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
        return [(m.span(), m.groupdict()) for m in p.finditer(text)]
    assert found(scanned) == found(plain)
    pos = data.draw(st.integers(0, len(text)))
    for method in ("search", "match"):
        a, b = getattr(plain, method)(text, pos), getattr(scanned, method)(text, pos)
        assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))


def test_a_scanner_tests_first_only_where_re_would_not_skip_by_itself() -> None:
    assert scanner(r"(?<![0-9])\d{2,3}/\d{2,3}").pattern == r"(?=[\d])(?:(?<![0-9])\d{2,3}/\d{2,3})"
    assert scanner(r"(?<![a-z])(?:at|@) ?\d").pattern.startswith("(?=[a@])")
    for kept in (r"bp \d+", r"[0-9] ?mg", alternation(["levo", "vaso"]),  # re skips by these itself
                 r"(?<![a-z]).{0,2}on", r"(?<![a-z])(?:on)?", r"(?<![a-z])[^a-z]no", r"(?i:on) \d"):
        assert scanner(kept).pattern == kept
