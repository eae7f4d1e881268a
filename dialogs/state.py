"""What a consult is made of: events in, replies out, and the state folded from the events."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from knowledge.models import Scalar
from knowledge.slots import SLOT_NAMES, Case

Persona = Literal["clinician", "trainee"]
ReplyKind = Literal["question", "info", "answer", "plan", "error"]
EventKind = Literal["text", "persona"]


@dataclass(frozen=True)
class Event:
    """One thing the user did. `text`: what they typed (answers, commands, questions);
    `persona`: switched to 'clinician' or 'trainee'."""

    kind: EventKind
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "text": self.text}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Event:
        kind = data.get("kind")
        text = data.get("text")
        if kind not in ("text", "persona") or not isinstance(text, str):
            raise ValueError(f"not an event: {dict(data)!r}")
        return cls(kind, text)


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


@dataclass(frozen=True)
class State:
    values: Mapping[str, Scalar] = field(default_factory=dict)  # answered slots, Case and dialog-only
    unknown: frozenset[str] = frozenset()  # slots the user said are unknown
    pending: str | None = None  # the slot being asked
    attempts: Mapping[str, int] = field(default_factory=dict)  # unreadable answers per slot
    history: tuple[Snapshot, ...] = ()  # for `back`
    persona: Persona = "clinician"
    plan_shown: bool = False
    ended: bool = False
    turns: int = 0
    patients: tuple[tuple[str, str], ...] = ()  # (label, text): one input named several; which one?

    def case(self) -> Case:
        values = {k: v for k, v in self.values.items() if k in SLOT_NAMES}
        if not values:
            return Case.model_construct()  # nothing to check: no validator is built at start-up
        return Case.model_validate(values)

    def snapshot(self) -> Snapshot:
        return Snapshot(self.values, self.unknown)

    def with_values(self, values: Mapping[str, Scalar], unknown: frozenset[str] | None = None) -> State:
        return replace(self, values=dict(values), unknown=self.unknown if unknown is None else unknown)
