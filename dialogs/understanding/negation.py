"""Negation scope, NegEx-like: a cue ("no", "off", "denies") negates what follows it in its
clause until a terminator ("on", "now", "with"); a cue right after a term negates it
("toci not given", "pressors: none"). Cues inside a known phrase ("no concerns") are not cues.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.clauses import Clause
from dialogs.understanding.patterns import Words, alternation, compile_words

Span = tuple[int, int]
_SPACES = re.compile(r" *")
# "norad weaned to 0", "weaned to off": weaned to nothing is off, whatever "weaned to 0.05" says
_TO_NOTHING = re.compile(r" {0,2}(?:0(?![.,]?[0-9])|zero|off|nil|nothing)(?![a-z0-9])", re.ASCII)


@cache
def _before() -> Words:
    return compile_words(vocab.words("negation", "before"))


@cache
def _pseudo() -> Words:
    return compile_words(vocab.words("negation", "pseudo"))


@cache
def _terminators() -> Words:
    return compile_words(vocab.words("negation", "terminators"))


@cache
def _after() -> re.Pattern[str]:
    linking = (
        r"(?:(?:was|were|is|are|has been|have been|been) {1,2})?"
        r"(?:(?:just|now|recently|since|already|finally|then) {1,2})?"  # "noradrenaline just weaned off"
    )
    return re.compile(r"[ :=\-]{0,3}" + linking + alternation(vocab.words("negation", "after")), re.ASCII)


@dataclass(frozen=True)
class Scope:
    """The negation cues of one text: each cue's span and where the next word after it starts."""

    text: str
    cue_ends: tuple[int, ...]
    cue_starts: tuple[int, ...]
    next_word: tuple[int, ...]
    terminator_ends: tuple[int, ...]
    terminator_starts: tuple[int, ...]
    pseudo: tuple[Span, ...] = ()  # phrases that look like negation but are not ("weaned to 0.05")


def _next_word(text: str, pos: int) -> int:
    spaces = _SPACES.match(text, pos)
    return spaces.end() if spaces else pos


def scope(text: str, taken: Sequence[Span]) -> Scope:
    """Find the cues of `text`, leaving out those inside `taken` spans (known phrases)."""
    covered = bytearray(len(text) + 1)
    pseudo = tuple((m.start(), m.end()) for m in _pseudo().finditer(text))
    for start, end in [*taken, *pseudo]:
        covered[start:end] = b"\x01" * (end - start)
    cues = [m for m in _before().finditer(text) if not any(covered[m.start() : m.end()])]
    terminators = [m for m in _terminators().finditer(text) if not any(covered[m.start() : m.end()])]
    return Scope(
        text,
        tuple(m.end() for m in cues),
        tuple(m.start() for m in cues),
        tuple(_next_word(text, m.end()) for m in cues),
        tuple(m.end() for m in terminators),
        tuple(m.start() for m in terminators),
        pseudo,
    )


def negated_by(cues: Scope, clause: Clause, start: int, end: int) -> Span | None:
    """The span of the cue and the term if the term at [start, end) is negated, else None."""
    after = _after().match(cues.text, end, clause.end)
    if after and not any(
        s < after.end() and after.start() < e and not _TO_NOTHING.match(cues.text, e) for s, e in cues.pseudo
    ):
        return (start, after.end())
    i = bisect_right(cues.cue_ends, start) - 1
    if i < 0 or cues.cue_starts[i] < clause.start:
        return None
    t = bisect_right(cues.terminator_ends, start) - 1
    if t >= 0 and cues.terminator_starts[t] >= cues.cue_ends[i] and cues.terminator_starts[t] != cues.next_word[i]:
        return None
    return (cues.cue_starts[i], end)
