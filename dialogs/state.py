"""What a consult is made of: events in, replies out, and the state folded from the events."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal

from dialogs.history import History
from knowledge.content import Scalar
from knowledge.course import Course, Given
from knowledge.slots import SLOT_NAMES, Case

Persona = Literal["clinician", "trainee"]
ReplyKind = Literal["question", "info", "answer", "plan", "error"]
EventKind = Literal["text", "persona"]


@dataclass(frozen=True)
class Event:
    """One thing the user did. `text`: what they typed (answers, commands, questions);
    `persona`: switched to 'clinician' or 'trainee'. `at`: when it was entered (ISO 8601 with
    its UTC offset, e.g. '2026-12-01T10:00:00+01:00'; JSON key "entered"), set by the front end
    in the clinician's local time, so that "toci at 0200" means 02:00 there; the engine never
    reads the clock, so "toci at 0200" and "given now" are resolved against this time, and a
    replay gives the same answers. None (events stored before times were kept): no timed doses."""

    kind: EventKind
    text: str
    at: str | None = None

    def to_dict(self) -> dict[str, str]:
        out = {"kind": self.kind, "text": self.text}
        if self.at is not None:
            out["entered"] = self.at  # "at" in a stored row or an export is the store's commit time
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Event:
        if not isinstance(data, Mapping):  # e.g. a stored row edited into a JSON list
            raise ValueError(f"not an event: {data!r}")
        kind = data.get("kind")
        text = data.get("text")
        at = data.get("entered")
        if kind not in ("text", "persona") or not isinstance(text, str):
            raise ValueError(f"not an event: {dict(data)!r}")
        if at is not None and (not isinstance(at, str) or parse_time(at) is None):
            raise ValueError(f"not an event time (ISO 8601 with an offset): {at!r}")
        return cls(kind, text, at)


def parse_time(value: str | None) -> datetime | None:
    """An event's time (ISO 8601 with its offset, 'Z' for UTC), or None when it is not one."""
    if value is None or len(value) > 40:
        return None
    try:
        at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return at if at.tzinfo is not None else None


def event_time(now: datetime | None = None) -> str:
    """The time to stamp on an event: `now` (a front end passes the clock; tests a fixed time) in
    the local offset, ISO 8601 with seconds."""
    return (now or datetime.now().astimezone()).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Reply:
    kind: ReplyKind
    text: str
    slot: str | None = None
    options: tuple[str, ...] = ()
    data: Mapping[str, Any] | None = None  # for a plan: the assessment JSON

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.kind, "text": self.text}
        if self.slot is not None:
            out["slot"] = self.slot
        if self.options:
            out["options"] = list(self.options)
        if self.data is not None:
            out.update(self.data)
        return out


@dataclass(frozen=True)
class Snapshot:
    """The answers at one moment, kept so that `back` can return to it."""

    values: Mapping[str, Scalar]
    unknown: frozenset[str]
    given: tuple[Given, ...] = ()
    toci_stated: tuple[int, str | None] | None = None
    points: tuple[Point, ...] = ()


@dataclass(frozen=True)
class Point:
    """One assessment point of the episode: when, the grade then, the grading slots, what changed."""

    at: str | None
    grade: int | None
    status: str
    values: Mapping[str, Scalar]
    change: str = ""  # "grade 3 -> 2: off vasopressors" (empty for the first point)


@dataclass(frozen=True)
class State:
    values: Mapping[str, Scalar] = field(default_factory=dict)  # answered slots, Case and dialog-only
    unknown: frozenset[str] = frozenset()  # slots the user said are unknown
    pending: str | None = None  # the slot being asked
    attempts: Mapping[str, int] = field(default_factory=dict)  # unreadable answers per slot
    history: History = field(default_factory=History)  # for `back` (a persistent stack: dialogs/history.py)
    persona: Persona = "clinician"
    plan_shown: bool = False
    ended: bool = False
    turns: int = 0
    patients: tuple[tuple[str, str], ...] = ()  # (label, text): one input named several; which one?
    clock: str | None = None  # the episode's time now: the latest event time (or a reassessment's "6 h later")
    given: tuple[Given, ...] = ()  # therapies given with their times
    toci_stated: tuple[int, str | None] | None = None  # the tocilizumab count as last stated, and when
    points: tuple[Point, ...] = ()  # the assessment points of the episode, oldest first
    reassessing: bool = False  # a reassessment is open (its findings, or questions, still coming)
    reassess_at: str | None = None  # the time of the open reassessment's point
    reading: float | None = None  # a reassessment's temperature when an earlier fever is kept
    assessed_at: str | None = None  # when a finding that grades was last given (the first point's time)

    def course(self) -> Course | None:
        """What was given when, against the episode's time now; None without a clock (old events)."""
        now = parse_time(self.clock)
        if now is None and not self.given:
            return None
        stated, at = self.toci_stated if self.toci_stated is not None else (None, None)
        return Course(self.given, now, stated, parse_time(at))

    def case(self) -> Case:
        values = {k: v for k, v in self.values.items() if k in SLOT_NAMES}
        if not values:
            return Case.model_construct()  # nothing to check: no validator is built at start-up
        return Case.checked(values)

    def snapshot(self) -> Snapshot:
        return Snapshot(self.values, self.unknown, self.given, self.toci_stated, self.points)

    def with_values(self, values: Mapping[str, Scalar], unknown: frozenset[str] | None = None) -> State:
        return replace(self, values=dict(values), unknown=self.unknown if unknown is None else unknown)
