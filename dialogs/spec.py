"""The consult dialog declared in `dialogs/data/consult.toml`: its plain form, loading and validation.

Loading checks what the engine relies on and names the file and entry of every problem:
unknown slots, questions whose conditions name slots not asked before them (unreachable),
option values the slot does not accept, and `why` statements missing from the knowledge base.
The slots, dialog-only ones included, and the values they accept are the slot registry's
(`knowledge/data/slots.toml`).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import ClassVar

from dialogs.data_files import CONSULT, DATA_DIR, DialogDataError, dialog_key, dialogs_root, shown
from knowledge import datafile, slot_registry
from knowledge.content import Condition, Scalar
from knowledge.datafile import Problem
from knowledge.loader import KnowledgeBase, default_kb
from knowledge.plain import Plain, field, to_plain
from knowledge.slots import SLOT_NAMES

SPEC_PATH = DATA_DIR / CONSULT  # the packaged dialog


DialogSpecError = DialogDataError  # the dialog's data failed its checks
__all__ = ["DialogSpecError", "dialog_key"]  # kept here for their users

class Option(Plain, kw_only=True):
    SCHEMA_MODULE: ClassVar[str] = "dialogs.spec_schema"

    label: str
    value: Scalar
    also: dict[str, Scalar] = field(default_factory=dict)
    match: list[str] = field(default_factory=list)


class Question(Plain, kw_only=True):
    SCHEMA_MODULE: ClassVar[str] = "dialogs.spec_schema"

    slot: str
    question: str
    accepted: str
    reprompt: str
    why: str
    unknown_effect: str
    options: list[Option] = field(default_factory=list)
    ask_when: Condition = field(default_factory=dict)
    ask_when_any: list[Condition] = field(default_factory=list)
    reads_as: str | None = None

    @property
    def reader_slot(self) -> str | None:
        return self.reads_as or (self.slot if self.slot in SLOT_NAMES else None)


class UnknownWords(Plain, kw_only=True):
    SCHEMA_MODULE: ClassVar[str] = "dialogs.spec_schema"

    words: list[str]


class DialogSpec(Plain, kw_only=True):
    """The dialog as the engine reads it: plain data, validated by its schema (`dialogs.spec_schema`)."""

    SCHEMA_MODULE: ClassVar[str] = "dialogs.spec_schema"

    unknown: UnknownWords
    question: list[Question]

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(self.question)

    @property
    def dialog_slots(self) -> dict[str, str]:
        """The slots only the dialog asks (never graded or planned on), with their kind."""
        return {s.name: s.kind for s in slot_registry.default_registry().with_role("dialog")}

    def by_slot(self, slot: str) -> Question | None:
        return next((q for q in self.question if q.slot == slot), None)


def _value_ok(slot: str, value: Scalar) -> bool:
    try:
        slot_registry.validate(slot, value)
    except slot_registry.SlotValueError:
        return False
    return True


def validate(spec: DialogSpec, kb: KnowledgeBase | None, rel: str) -> list[Problem]:
    problems: list[Problem] = []
    known = set(SLOT_NAMES) | set(spec.dialog_slots)
    asked_before: set[str] = set()
    seen: set[str] = set()
    for n, q in enumerate(spec.question, start=1):
        where = f"question {n} ({q.slot})"

        def problem(message: str, field: str, where: str = where) -> None:
            problems.append(Problem(rel, message, where, field))

        if q.slot not in known:
            problem(f"unknown slot '{q.slot}'", "slot")
        if q.slot in seen:
            problem("slot asked twice", "slot")
        seen.add(q.slot)
        if q.reads_as is not None and q.reads_as not in SLOT_NAMES:
            problem(f"reads_as names unknown slot '{q.reads_as}'", "reads_as")
        if kb is not None and q.why not in kb.by_id:
            problem(f"why names unknown statement '{q.why}'", "why")
        conditions = [("ask_when", q.ask_when)] + [(f"ask_when_any[{i}]", c) for i, c in enumerate(q.ask_when_any, 1)]
        for name, cond in conditions:
            for slot in cond:
                if slot not in known:
                    problem(f"ask_when names unknown slot '{slot}'", f"{name}.{slot}")
                elif slot not in asked_before:
                    problem(f"unreachable: ask_when names '{slot}', which is not asked before it", f"{name}.{slot}")
        for i, option in enumerate(q.options, start=1):
            if not _value_ok(q.slot, option.value):
                problem(f"option '{option.label}' maps to {option.value!r}, not a value of {q.slot}",
                        f"options[{i}].value")
            for other, value in option.also.items():
                if other not in known or not _value_ok(other, value):
                    problem(f"option '{option.label}' sets {other}={value!r}, which is not valid",
                            f"options[{i}].also.{other}")
        asked_before.add(q.slot)
    return problems


def read_spec(path: Path, kb: KnowledgeBase | None) -> tuple[DialogSpec | None, list[Problem]]:
    """The dialog in `path` (None when anything is wrong) and every problem: the one loading
    function's (bytes, TOML, model), then the checks against the registry and `kb`."""
    from dialogs import spec_schema

    rel = shown(path.name)
    raw, problems = datafile.load(path, rel, spec_schema.DialogSpec)
    if raw is None:
        return None, problems
    spec: DialogSpec = to_plain(raw)
    problems = validate(spec, kb, rel)
    return (None if problems else spec), problems


def load_spec(path: Path | None = None, kb: KnowledgeBase | None = None) -> DialogSpec:
    """The dialog in `path` (default: the one in use), checked against `kb` (default: the
    knowledge base in use); `DialogSpecError` listing every problem."""
    spec, problems = read_spec(dialogs_root() / CONSULT if path is None else path, kb or default_kb())
    if spec is None:
        raise DialogSpecError(problems)
    return spec


@cache
def default_spec() -> DialogSpec:
    """The dialog in use, validated with every other dialog data file (`dialogs.data_files`)
    once and then served from the per-user content cache."""
    from dialogs.data_files import default_content

    return default_content().spec
