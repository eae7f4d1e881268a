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
    statement: str | None = None  # the knowledge-base statement behind the reading, if one is


@dataclass(frozen=True)
class Patient:
    """One of several patients named in one input ("Bed 12: ...")."""

    label: str  # as written, e.g. "Bed 12"
    text: str  # what was written about this patient


@dataclass(frozen=True)
class Reading:
    """Everything read from one utterance."""

    findings: tuple[Finding, ...]  # at most one per slot, in Case field order
    problems: tuple[str, ...]  # values seen but impossible or unreadable, saying what is accepted
    is_question: bool  # a question is asked (it is `question`); findings may come with it
    question: str = ""  # the part of the input that asks the question
    notes: tuple[str, ...] = ()  # what was read that is no slot value, and what was assumed
    unread: tuple[str, ...] = ()  # the parts of the input nothing could be read from, as written
    patients: tuple[Patient, ...] = ()  # two or more patients: nothing is read until one is chosen
    therapy: tuple[str, ...] = ()  # therapies read as given (drug keys), for the fever waiver


@dataclass(frozen=True)
class Mention:
    """A slot value found at [start, end) of the read text; the last mention of a slot wins."""

    slot: str
    value: Value
    start: int
    end: int
    echo: str
    statement: str | None = None


@dataclass(frozen=True)
class Problem:
    """A value seen at [start, end) that cannot be used; `slot` is None when it concerns no slot."""

    slot: str | None
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Note:
    """Something read at [start, end) that is no slot value ("tocilizumab given, count not stated")."""

    start: int
    end: int
    text: str
    therapy: str | None = None  # a drug read as given
    slot: None = None  # a note sets no slot


Outcome = Mention | Problem | Note
