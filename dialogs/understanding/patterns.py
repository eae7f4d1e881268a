"""Regular expressions built from vocabulary phrases. Every quantifier is bounded or over a
single character class, so matching stays linear in the text's length."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator
from re import _constants as _sre  # type: ignore[attr-defined]  # what re parses a pattern into
from re import _parser as _sre_parser  # type: ignore[attr-defined]
from typing import Any

# A phrase starts at a word start; "4lnc" (flow glued to the device) also starts one.
LEFT = r"(?:(?<![a-z0-9])|(?<=[0-9]l))"
# The same test made after the phrase's first character: the alternatives then begin with a
# literal, so the regex engine skips the positions where no phrase can start (measured 3x on the
# product names) instead of testing the word start at every position.
_LEFT_AFTER_FIRST = r"(?:(?<![a-z0-9].)|(?<=[0-9]l.))"
# A phrase ends at a word end; digits may follow ("ne0.05", "ice7").
RIGHT = r"(?![a-z])"
NUMBER = r"\d{1,6}(?:[.,]\d{1,3})?"


def key(phrase: str) -> str:
    """The phrase as matched regardless of spaces and hyphens: "high-flow" -> "highflow"."""
    return "".join(ch for ch in phrase.lower() if ch not in " -")


def phrase_pattern(phrase: str) -> str:
    """A space or hyphen inside a phrase matches a space, a hyphen or nothing."""
    return "[ -]?".join(map(re.escape, phrase.lower().replace("-", " ").split(" ")))


def alternation(phrases: Iterable[str], *, glued: bool = False) -> str:
    """Whole-word alternatives, longest first so that "on the vent" wins over "on".

    `glued`: units, which may follow a number without a space ("101.8F", "70kg", "40L").
    The word-start test comes once, before the alternatives, so that the regex engine can
    skip positions where no phrase can start.
    """
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    words = [p for p in ordered if p[0].isalnum()]
    signs = [p for p in ordered if not p[0].isalnum()]
    groups = []
    if words:
        groups.append(_either(words, left="" if glued else _LEFT_AFTER_FIRST))
    if signs:
        groups.append(_either(signs))
    return "(?:" + "|".join(groups) + ")"


_FACTOR_DEPTH = 3


def _either(phrases: list[str], depth: int = 0, left: str = "") -> str:
    """The phrases as alternatives, factored by their leading letters (up to `_FACTOR_DEPTH`) where
    every phrase has a letter or digit there: the regex engine then tries only the phrases that
    can start at a position, instead of all of them (Python's re does not build this trie itself).
    Branches with different letters cannot match the same text, and the longest-first order is
    kept within each branch, so what matches is exactly what the flat alternation would match.
    `left` (at depth 0, every phrase starting with a letter or digit): the word-start test,
    placed after each alternative's first character."""
    lowered = [p.lower() for p in phrases]
    if depth < _FACTOR_DEPTH and len(lowered) > 3 and all(len(p) > depth + 1 and p[depth].isalnum() for p in lowered):
        branches: dict[str, list[str]] = {}
        for p in lowered:
            branches.setdefault(p[depth], []).append(p)
        return "(?:" + "|".join(re.escape(c) + left + _either(ps, depth + 1) for c, ps in branches.items()) + ")"
    return "(?:" + "|".join(
        (re.escape(p[depth]) + left + phrase_pattern(p[depth + 1 :]) if left else phrase_pattern(p[depth:]))
        + (RIGHT if p[-1].isalnum() else "")
        for p in lowered
    ) + ")"


class Words:
    """A regular expression that can match only where one of `phrases` is written, compiled the
    first time it is given a text holding a literal piece of one of them: a text holding none
    cannot match, so nothing is compiled for it. Most lines name few of the vocabulary's lists,
    and compiling is most of what a one-line run costs (`assess --text`). Once compiled, every
    call is the compiled pattern's own (`re.compile(source, re.ASCII)`): the same matches.

    `source` must need one of the phrases to match (as `alternation(phrases)`, bare or inside a
    larger expression where it is not optional); a function giving it is called only to compile."""

    __slots__ = ("_compiled", "_pieces", "_source")

    def __init__(self, source: str | Callable[[], str], phrases: Iterable[str]) -> None:
        self._source = source
        self._pieces = pieces(phrases)
        self._compiled: re.Pattern[str] | None = None

    @property
    def source(self) -> str:
        return self._source if isinstance(self._source, str) else self._source()

    def compiled(self, text: str) -> re.Pattern[str] | None:
        """The compiled pattern, or None while no text it was given could match."""
        if self._compiled is None:
            if not any(piece in text for piece in self._pieces):
                return None
            self._compiled = re.compile(self.source, re.ASCII)
            self._source = self._compiled.pattern
        return self._compiled

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        pattern = self.compiled(text)
        return None if pattern is None else pattern.search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        pattern = self.compiled(text)
        return None if pattern is None else pattern.match(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        pattern = self.compiled(text)
        return iter(()) if pattern is None else pattern.finditer(text, pos, endpos)


def pieces(phrases: Iterable[str]) -> frozenset[str]:
    """For each phrase, its longest run of characters that `phrase_pattern` matches literally
    (a space or hyphen may be written otherwise, or not at all): a text that holds none of these
    cannot hold any of the phrases. The empty string (in every text) when a phrase has no such
    run, or there are no phrases (an empty alternation matches everywhere)."""
    found = {max(phrase.lower().replace("-", " ").split(" "), key=len) for phrase in phrases}
    return frozenset(found) if found else frozenset({""})


def compile_words(phrases: Iterable[str]) -> Words:
    listed = tuple(phrases)
    return Words(lambda: alternation(listed), listed)


def scanner(source: str, flags: int = re.ASCII) -> re.Pattern[str]:
    """`re.compile(source, flags)`, with the same matches, for a pattern searched along a text.
    Python's re skips through the text by a pattern's first characters only where the pattern
    starts with a literal, a set or alternatives that each start with a literal; otherwise it tries
    every alternative at every position (each behind its look-behind: measured 3x slower on the
    blood pressures). Then the characters a match can start with, worked out from the pattern
    itself as re parses it, are tested first by a look-ahead, so that the other positions fail at
    once. Compiled as it is when they cannot be worked out (the empty match, `.`, a negated set,
    ignored case, inline flags)."""
    first = _first_characters(source, flags)
    return re.compile(f"(?=[{first}])(?:{source})" if first else source, flags)


_CLASSES = {_sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_NOT_DIGIT: r"\D", _sre.CATEGORY_WORD: r"\w",
            _sre.CATEGORY_NOT_WORD: r"\W", _sre.CATEGORY_SPACE: r"\s", _sre.CATEGORY_NOT_SPACE: r"\S"}


def _first_characters(source: str, flags: int) -> str | None:
    """The set (inside `[...]`) of the characters every match of `source` starts with; None when
    re skips by them already or they cannot be worked out."""
    if flags & re.IGNORECASE:
        return None
    parsed = _sre_parser.parse(source, flags)
    if parsed.state.flags != flags or _skipped_by_re(parsed.data):
        return None  # inline flags (they could not be put inside the look-ahead's group)
    found = _starts(parsed.data)
    if found is None or found[1] or not found[0]:
        return None
    return "".join(dict.fromkeys(found[0]))


def _skipped_by_re(items: Any) -> bool:
    """Whether re's own search skips positions by the first characters (`re._compiler._compile_info`)."""
    while items and items[0][0] is _sre.SUBPATTERN:
        items = items[0][1][3]
    if not items:
        return False
    op, av = items[0]
    if op is _sre.BRANCH:
        return all(alt and alt[0][0] is _sre.LITERAL for alt in av[1])
    return op is _sre.LITERAL or op is _sre.IN


def _starts(items: Any) -> tuple[list[str], bool] | None:
    """The pieces of a set of the characters a match of `items` can start with, and whether it can
    match the empty string (then what follows can start it too); None when not worked out."""
    pieces: list[str] = []
    for op, av in items:
        if op is _sre.ASSERT or op is _sre.ASSERT_NOT or op is _sre.AT:
            continue  # zero width: the next item reads the first character
        if op is _sre.LITERAL:
            return [*pieces, re.escape(chr(av))], False
        if op is _sre.IN:
            for kind, value in av:
                if kind is _sre.LITERAL:
                    pieces.append(re.escape(chr(value)))
                elif kind is _sre.RANGE:
                    pieces.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
                elif kind is _sre.CATEGORY and value in _CLASSES:
                    pieces.append(_CLASSES[value])
                else:
                    return None  # a negated set
            return pieces, False
        inner: tuple[list[str], bool] | None
        if op is _sre.SUBPATTERN:
            _, add_flags, del_flags, sub = av
            inner = None if add_flags or del_flags else _starts(sub)
        elif op is _sre.BRANCH:
            inner = ([], False)
            for alternative in av[1]:
                got = _starts(alternative)
                if got is None:
                    return None
                inner = ([*inner[0], *got[0]], inner[1] or got[1])
        elif op is _sre.MAX_REPEAT or op is _sre.MIN_REPEAT or op is _sre.POSSESSIVE_REPEAT:
            low, _, sub = av
            got = _starts(sub)
            inner = None if got is None else (got[0], got[1] or low == 0)
        else:
            return None  # any character, a back reference, ...
        if inner is None:
            return None
        pieces += inner[0]
        if not inner[1]:
            return pieces, False
    return pieces, True


def parse_number(text: str) -> float:
    """ "38.9", "38,9" (decimal comma) or "1,200" (thousands) as a float."""
    whole, sep, frac = text.replace(".", ",").partition(",")
    if not sep:
        return float(whole)
    if len(frac) == 3 and "." not in text:
        return float(whole + frac)
    return float(f"{whole}.{frac}")


def fmt(value: float) -> str:
    """A number for people: 40 -> "40", 38.78 -> "38.78"."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def fmt_celsius(value: float) -> str:
    """A temperature for people, with at least one decimal: 38 -> "38.0", 38.78 -> "38.78"."""
    shown = fmt(value)
    return shown if "." in shown else f"{shown}.0"
