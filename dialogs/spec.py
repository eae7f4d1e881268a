"""The consult dialog declared in `dialogs/data/consult.toml`: models, loading and validation.

Loading checks what the engine relies on and names the file and entry of every problem:
unknown slots, questions whose conditions name slots not asked before them (unreachable),
option values the slot does not accept, and `why` statements missing from the knowledge base.
The slots, dialog-only ones included, and the values they accept are the slot registry's
(`knowledge/data/slots.toml`).
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from knowledge import slot_registry
from knowledge.loader import KnowledgeBase, default_kb
from knowledge.models import Condition, Scalar
from knowledge.slots import SLOT_NAMES

SPEC_PATH = Path(__file__).parent / "data" / "consult.toml"


class DialogSpecError(Exception):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Option(_Strict):
    label: str = Field(min_length=1)
    value: Scalar
    also: dict[str, Scalar] = {}
    match: list[str] = []


class Question(_Strict):
    slot: str
    question: str
    accepted: str
    reprompt: str
    why: str
    unknown_effect: str
    options: list[Option] = []
    ask_when: Condition = {}
    ask_when_any: list[Condition] = []
    reads_as: str | None = None

    @property
    def reader_slot(self) -> str | None:
        return self.reads_as or (self.slot if self.slot in SLOT_NAMES else None)


class UnknownWords(_Strict):
    words: list[str]


class DialogSpec(_Strict):
    unknown: UnknownWords
    question: list[Question] = Field(min_length=1)

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


def validate(spec: DialogSpec, kb: KnowledgeBase, rel: str) -> list[str]:
    problems: list[str] = []
    known = set(SLOT_NAMES) | set(spec.dialog_slots)
    asked_before: set[str] = set()
    seen: set[str] = set()
    for n, q in enumerate(spec.question, start=1):
        where = f"{rel}: question {n} ({q.slot})"
        if q.slot not in known:
            problems.append(f"{where}: unknown slot '{q.slot}'")
        if q.slot in seen:
            problems.append(f"{where}: slot asked twice")
        seen.add(q.slot)
        if q.reads_as is not None and q.reads_as not in SLOT_NAMES:
            problems.append(f"{where}: reads_as names unknown slot '{q.reads_as}'")
        if q.why not in kb.by_id:
            problems.append(f"{where}: why names unknown statement '{q.why}'")
        for cond in [q.ask_when, *q.ask_when_any]:
            for slot in cond:
                if slot not in known:
                    problems.append(f"{where}: ask_when names unknown slot '{slot}'")
                elif slot not in asked_before:
                    problems.append(f"{where}: unreachable: ask_when names '{slot}', which is not asked before it")
        for option in q.options:
            if not _value_ok(q.slot, option.value):
                problems.append(f"{where}: option '{option.label}' maps to {option.value!r}, not a value of {q.slot}")
            for other, value in option.also.items():
                if other not in known or not _value_ok(other, value):
                    problems.append(f"{where}: option '{option.label}' sets {other}={value!r}, which is not valid")
        asked_before.add(q.slot)
    return problems


def load_spec(path: Path = SPEC_PATH, kb: KnowledgeBase | None = None) -> DialogSpec:
    rel = f"dialogs/data/{path.name}"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:  # TOMLDecodeError and UnicodeDecodeError are ValueErrors
        raise DialogSpecError([f"{rel}: cannot be read: {exc}"]) from None
    try:
        spec = DialogSpec.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = list(err["loc"])
            entry = f"question {int(loc[1]) + 1}: " if loc[:1] == ["question"] and len(loc) > 1 else ""
            field = ".".join(str(p) for p in (loc[2:] if entry else loc))
            problems.append(f"{rel}: {entry}field '{field}': {err['msg']}")
        raise DialogSpecError(problems) from None
    problems = validate(spec, kb or default_kb(), rel)
    if problems:
        raise DialogSpecError(problems)
    return spec


def dialog_key(data: Path, code: Path, kb_key: str) -> str:
    """The key of the validated dialog: every file of its data folder, every source file of the
    `dialogs` package (`code`), and the key of the knowledge base it is checked against (which
    covers the `knowledge` code: slots, values and models)."""
    from knowledge.kb_cache import data_and_code_key

    return data_and_code_key(data, code) + kb_key


@cache
def default_spec() -> DialogSpec:
    """The shipped dialog, validated once and then served from the per-user content cache."""
    from knowledge.kb_cache import cached, package_dir, process_kb_key
    from knowledge.loader import kb_root

    kb = default_kb()
    key = dialog_key(SPEC_PATH.parent, package_dir("dialogs"), process_kb_key(kb_root()))
    return cached("dialog", key, lambda: load_spec(kb=kb), DialogSpec)
