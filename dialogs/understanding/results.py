"""What the reader hands back (`Finding`, `Reading`) and what its parts hand to it."""

from __future__ import annotations

from dataclasses import dataclass

Value = bool | int | float | str


@dataclass(frozen=True)
class Finding:
    """One slot value read from the input."""

    slot: str  # a Case field name
    value: Value  # normalised, valid for Case
    phrase: str  # the span of the input it was read from
    echo: str  # what we read, for people


@dataclass(frozen=True)
class Reading:
    """Everything read from one utterance."""

    findings: tuple[Finding, ...]  # at most one per slot, in Case field order
    problems: tuple[str, ...]  # values seen but impossible or unreadable, saying what is accepted
    is_question: bool


@dataclass(frozen=True)
class Mention:
    """A slot value found at [start, end) of the read text; the last mention of a slot wins."""

    slot: str
    value: Value
    start: int
    end: int
    echo: str


@dataclass(frozen=True)
class Problem:
    """A value seen at [start, end) that cannot be used; `slot` is None when it concerns no slot."""

    slot: str | None
    start: int
    end: int
    text: str


Outcome = Mention | Problem
