"""Splitting an utterance into clauses, the scope of a negation.

Clauses end at , ; ! ? line breaks, a full stop and words like "but". "and", "plus", "&"
and "+" end a clause too, except between two agent names: "levo + vaso" is one clause.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.patterns import alternation, scanner


@dataclass(frozen=True)
class Clause:
    start: int
    end: int


# "38.2/HR 105/BP 121/68/RA 97%", "38.7/ O2 via mask / BP ?": a slash after a number (or with
# spaces around it) before a word separates vitals; "mcg/kg/min", "x10^9/L", "121/68" do not.
_UNIT = r"(?:l|kg|min|h|hrs|d|day|ul|dl|ml|mm3|mmol|umol|g|mg|mcg|hour|dose|wk|week)(?![a-z])|hr(?! ?\d)"
_SLASH = rf"(?:/(?<=[0-9%]/)| /(?<=[0-9%] /)) ?(?=[a-z])(?!{_UNIT})| / (?<=[a-z] / )(?=[a-z0-9])"


# Where a sentence, or a pasted note's line, ends: ; | a line break, or a full stop not in a number
SENTENCE_END = re.compile(r"[;|\n]|\.(?![0-9])", re.ASCII)


_LIST_OR = re.compile(r" *[a-z][a-z0-9 -]{0,30}? (?:or|nor) ", re.ASCII)


# Every alternative reads its first character before looking behind it (",(?<![0-9],)" rather
# than "(?<![0-9]),"): the same matches, and the regex engine fails fast at the other positions.
@cache
def _boundaries() -> re.Pattern[str]:
    hard = (
        r"[;!?|]|,(?<![0-9],)|,(?![0-9])|\.(?![0-9a-z])|"
        + _SLASH
        + "|"
        + alternation(vocab.words("clauses", "breaking_words"))
    )
    soft = alternation(vocab.words("clauses", "joining_words"))
    return scanner(f"(?P<hard>{hard})|(?P<soft>{soft})")


@cache
def joining_words() -> re.Pattern[str]:
    """The words and signs that join a list ("levo + vaso", "norad and adrenaline"): the
    vocabulary's `clauses.joining_words`, anywhere (a sign glued to its neighbours too)."""
    words = vocab.words("clauses", "joining_words")
    signs = "".join(re.escape(w) for w in words if not w.isalpha())
    named = alternation([w for w in words if w.isalpha()])
    return re.compile(f"[{signs}]|{named}" if signs else named, re.ASCII)


def _skip_spaces(text: str, pos: int, step: int) -> int:
    """From `pos`, past the spaces in direction `step` (-1 looks at text[pos - 1])."""
    look = -1 if step < 0 else 0
    while 0 <= pos + look < len(text) and text[pos + look] == " ":
        pos += step
    return pos


def split(text: str, agents: Sequence[tuple[int, int]]) -> tuple[Clause, ...]:
    """The clauses of `text`; `agents` are the spans of drug and vasopressor names."""
    ends = {end for _, end in agents}
    starts = {start for start, _ in agents}
    clauses = []
    start = 0
    for match in _boundaries().finditer(text):
        soft = match.group("soft") is not None
        between_agents = _skip_spaces(text, match.start(), -1) in ends and _skip_spaces(text, match.end(), 1) in starts
        if soft and between_agents:
            continue
        if between_agents and match.group() == "," and _LIST_OR.match(text, match.end()):
            continue  # "no antipyretics, toci or steroids given": one list, one negation
        clauses.append(Clause(start, match.start()))
        start = match.end()
    clauses.append(Clause(start, len(text)))
    return tuple(clauses)
