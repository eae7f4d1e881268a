"""The slot registry: what each consult slot is, declared once in `knowledge/data/slots.toml`.

Name, label for people, kind, unit, range, allowed values with their words, the `change SLOT`
aliases and the `assess` flag. Plain frozen dataclasses and `tomllib`, no pydantic, so the
command line can read it cheaply. Loading (`knowledge.slot_file`) checks the file and names the
file, entry and field of every problem; `validate(slot, value)` checks one value without
building a whole case.
"""

from __future__ import annotations

import math
from functools import cache, cached_property
from pathlib import Path
from typing import Literal

from knowledge.plain import Plain

SLOTS_PATH = Path(__file__).parent / "data" / "slots.toml"

Kind = Literal["number", "bool", "choice"]
Role = Literal["case", "dialog", "derived"]
KINDS: tuple[Kind, ...] = ("number", "bool", "choice")
ROLES: tuple[Role, ...] = ("case", "dialog", "derived")
FLAG_PARSERS = ("temperature", "weight", "whole", "mg_day")
SlotValue = str | int | float | bool


class SlotRegistryError(Exception):
    """The registry file is unusable; `problems` has one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class SlotValueError(ValueError):
    """One value a slot does not accept; the message says what it accepts."""


class Value(Plain):
    """One allowed value of a choice or on/off slot, and its words for people."""

    value: str | bool
    words: str


class Flag(Plain):
    """The `assess` flag that sets a slot (and, for on/off slots, the one that clears it)."""

    name: str
    help: str | None = None
    metavar: str | None = None
    parser: str | None = None  # for numbers: one of FLAG_PARSERS
    off: str | None = None  # for bool slots: the flag that sets it to false


class Slot(Plain):
    """One slot of the registry: what it is, what it accepts, and how people see it."""

    name: str
    label: str
    kind: Kind
    role: Role = "case"
    grading: bool = False
    unit: str = ""
    unit_in_words: bool = True
    zero_words: str | None = None
    integer: bool = False
    min: int | float | None = None  # as written in the file: an int bound stays an int
    max: int | float | None = None
    values: tuple[Value, ...] = ()
    aliases: tuple[str, ...] = ()
    change_listed: bool = True
    flag: Flag | None = None

    @property
    def allowed(self) -> tuple[str | bool, ...]:
        return tuple(v.value for v in self.values)

    @property
    def range(self) -> tuple[float, float]:
        assert self.min is not None and self.max is not None, f"{self.name} has no range"
        return float(self.min), float(self.max)

    def accepted(self) -> str:
        """What the slot accepts, for people."""
        if self.kind == "number":
            lo, hi = self.range
            what = "a whole number" if self.integer else "a number"
            return f"{what} from {lo:g} to {hi:g}" + (f" {self.unit}" if self.unit else "")
        if self.kind == "bool":
            return "true or false"
        return "one of " + ", ".join(str(v) for v in self.allowed)

    def words(self, value: SlotValue) -> str:
        """The value as people read it: '38.9 C', 'one vasopressor (with ...)', 'yes'."""
        for v in self.values:
            if v.value == value and isinstance(v.value, bool) == isinstance(value, bool):
                return v.words
        if isinstance(value, bool):
            return "yes" if value else "no"
        if self.kind == "number" and isinstance(value, int | float):
            if value == 0 and self.zero_words is not None:
                return self.zero_words
            if self.unit and self.unit_in_words:
                return f"{value:g} {self.unit}"
        return str(value)

    def validate(self, value: object) -> SlotValue:
        """The value, normalised (an int for whole-number slots, a float otherwise), or raise."""
        if self.kind == "bool":
            if isinstance(value, bool):
                return value
        elif self.kind == "choice":
            if isinstance(value, str) and value in self.allowed:
                return value
        elif isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            lo, hi = self.range
            if lo <= value <= hi:
                if not self.integer:
                    return float(value)
                if float(value).is_integer():
                    return int(value)
        raise SlotValueError(f"{self.name}: {value!r} is not accepted ({self.accepted()})")


class Registry(Plain):
    """Every slot of `knowledge/data/slots.toml`, in the file's order."""

    slots: tuple[Slot, ...]
    source: str = "knowledge/data/slots.toml"

    def __getitem__(self, name: str) -> Slot:
        found = self.get(name)
        if found is None:
            raise KeyError(name)
        return found

    def get(self, name: str) -> Slot | None:
        return self._by_name.get(name)

    @cached_property
    def _by_name(self) -> dict[str, Slot]:
        return {s.name: s for s in self.slots}

    def with_role(self, role: Role) -> tuple[Slot, ...]:
        return tuple(s for s in self.slots if s.role == role)

    @property
    def case_slots(self) -> tuple[Slot, ...]:
        return self.with_role("case")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.case_slots)

    @property
    def grading_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.case_slots if s.grading)

    @property
    def aliases(self) -> dict[str, str]:
        return {alias: s.name for s in self.slots for alias in s.aliases}

    @property
    def change_words(self) -> tuple[str, ...]:
        """The word shown for each slot `change SLOT` can name, in slot order."""
        return tuple(s.aliases[0] for s in self.slots if s.aliases and s.change_listed)

    def labels(self, roles: tuple[Role, ...] = ("case",)) -> dict[str, str]:
        return {s.name: s.label for s in self.slots if s.role in roles}

    def value_words(self, name: str) -> dict[str, str]:
        """Words for each value of a choice slot."""
        return {str(v.value): v.words for v in self[name].values}


def load_registry(path: Path = SLOTS_PATH) -> Registry:
    """The registry in `path`; raise `SlotRegistryError` listing every problem, one line each."""
    from knowledge.slot_file import read_registry

    return read_registry(path)


def problems_in(path: Path = SLOTS_PATH) -> list[str]:
    """Every problem in the registry file; empty when it is clean (for `kb check`)."""
    try:
        load_registry(path)
    except SlotRegistryError as exc:
        return exc.problems
    return []


@cache
def default_registry() -> Registry:
    """The shipped registry, loaded once: from the compiled snapshot when it is there (keyed, as
    the knowledge base is, by every file of `knowledge/data` and every module of `knowledge`),
    else read and checked from the file (and then compiled)."""
    from knowledge.kb_cache import cached, process_kb_key

    return cached("slots", process_kb_key(SLOTS_PATH.parent), load_registry, Registry)


# --- shorthands, read at call time (so a test may swap `default_registry`) -------------------


def slot(name: str) -> Slot:
    return default_registry()[name]


def label(name: str) -> str:
    """The slot's label for people; the name itself for a slot the registry does not know."""
    found = default_registry().get(name)
    return found.label if found is not None else name


def words(name: str, value: SlotValue) -> str:
    """The value as people read it, for any slot (unknown slots: the value as written)."""
    found = default_registry().get(name)
    if found is not None:
        return found.words(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def validate(name: str, value: object) -> SlotValue:
    """`value` if slot `name` accepts it (normalised), else `SlotValueError` saying what it accepts."""
    found = default_registry().get(name)
    if found is None:
        raise SlotValueError(f"unknown slot {name!r}; known: {', '.join(s.name for s in default_registry().slots)}")
    return found.validate(value)
