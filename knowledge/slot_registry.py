"""The slot registry: what each consult slot is, declared once in `knowledge/data/slots.toml`.

Name, label for people, kind, unit, range, allowed values with their words, the `change SLOT`
aliases and the `assess` flag. Plain frozen dataclasses and `tomllib`, no pydantic, so the
command line can read it cheaply. Loading checks the file and names the file, entry and field
of every problem; `validate(slot, value)` checks one value without building a whole case.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any, Literal, cast

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


@dataclass(frozen=True)
class Value:
    value: str | bool
    words: str


@dataclass(frozen=True)
class Flag:
    name: str
    help: str | None = None
    metavar: str | None = None
    parser: str | None = None  # for numbers: one of FLAG_PARSERS
    off: str | None = None  # for bool slots: the flag that sets it to false


@dataclass(frozen=True)
class Slot:
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


@dataclass(frozen=True)
class Registry:
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


# --- loading ----------------------------------------------------------------------------


_FIELDS: dict[str, tuple[type | tuple[type, ...], bool]] = {  # field: (types, required)
    "name": (str, True), "label": (str, True), "kind": (str, True), "role": (str, False),
    "grading": (bool, False), "unit": (str, False), "unit_in_words": (bool, False), "zero_words": (str, False),
    "integer": (bool, False), "min": ((int, float), False), "max": ((int, float), False),
    "values": (list, False), "aliases": (list, False), "change_listed": (bool, False), "flag": (dict, False),
}
_FLAG_FIELDS = ("name", "help", "metavar", "parser", "off")


def _shown(path: Path) -> str:
    try:
        return f"knowledge/{path.resolve().relative_to(Path(__file__).parent.resolve()).as_posix()}"
    except ValueError:
        return str(path)


class _Entry:
    """Reads one [[slot]] table, noting every problem with the file, entry and field."""

    def __init__(self, where: str, raw: Mapping[str, Any], problems: list[str]) -> None:
        self.where, self.raw, self.problems = where, raw, problems
        for key in raw:
            if key not in _FIELDS:
                self.problem(key, f"unknown field (known: {', '.join(_FIELDS)})")
        for key, (types, required) in _FIELDS.items():
            if key not in raw:
                if required:
                    self.problem(key, "missing")
            elif not isinstance(raw[key], types) or (types is not bool and isinstance(raw[key], bool)):
                self.problem(key, f"must be {_TYPE_WORDS[key]}, not {raw[key]!r}")

    def problem(self, field: str, message: str) -> None:
        self.problems.append(f"{self.where}: field '{field}': {message}")

    def get(self, key: str, default: Any = None) -> Any:
        types, _ = _FIELDS[key]
        value = self.raw.get(key, default)
        ok = isinstance(value, types) and (types is bool or not isinstance(value, bool))
        return value if ok else default


_TYPE_WORDS = {
    key: {str: "a string", bool: "true or false", list: "a list", dict: "a table"}.get(cast(type, types), "a number")
    for key, (types, _) in _FIELDS.items()
}


def _values(entry: _Entry, kind: str) -> tuple[Value, ...]:
    if kind == "number":
        if "values" in entry.raw:
            entry.problem("values", "a number slot has a range, not values")
        return ()
    values: list[Value] = []
    for n, raw in enumerate(entry.get("values", []), start=1):
        field = f"values.{n}"
        if not isinstance(raw, dict) or set(raw) != {"value", "words"}:
            entry.problem(field, "must be a table with exactly 'value' and 'words'")
            continue
        value, words = raw["value"], raw["words"]
        if not isinstance(words, str) or not words.strip():
            entry.problem(f"{field}.words", "the value needs words for people")
            continue
        if kind == "bool" and not isinstance(value, bool):
            entry.problem(f"{field}.value", "a bool slot's values are true and false")
            continue
        if kind != "bool" and (not isinstance(value, str) or not value.strip()):
            entry.problem(f"{field}.value", "a choice slot's values are non-empty strings")
            continue
        values.append(Value(value, words))
    seen = [v.value for v in values]
    if len(set(seen)) != len(seen):
        entry.problem("values", "a value is declared twice")
    if kind == "bool" and values and set(seen) != {True, False}:
        entry.problem("values", "a bool slot declares words for true and for false")
    if kind == "choice" and not values:
        entry.problem("values", "a choice slot needs its values")
    return tuple(values)


def _flag(entry: _Entry, kind: str) -> Flag | None:
    raw = entry.get("flag")
    if raw is None:
        return None
    for key, value in raw.items():
        if key not in _FLAG_FIELDS:
            entry.problem(f"flag.{key}", f"unknown field (known: {', '.join(_FLAG_FIELDS)})")
        elif not isinstance(value, str) or not value:
            entry.problem(f"flag.{key}", "must be a non-empty string")
    text = {k: v for k, v in raw.items() if k in _FLAG_FIELDS and isinstance(v, str) and v}
    name = text.get("name")
    if name is None:
        entry.problem("flag.name", "missing")
        return None
    for key in ("name", "off"):
        if key in text and not (text[key].startswith("--") and len(text[key]) > 2):
            entry.problem(f"flag.{key}", f"'{text[key]}' must start with --")
    parser = text.get("parser")
    if kind == "number" and parser not in FLAG_PARSERS:
        entry.problem("flag.parser", f"a number flag needs a parser, one of {', '.join(FLAG_PARSERS)}")
    if kind != "number" and parser is not None:
        entry.problem("flag.parser", "only number flags take a parser")
    if (kind == "bool") != ("off" in text):
        entry.problem("flag.off", "a bool slot's flag names its 'off' flag; other flags have none")
    return Flag(name, text.get("help"), text.get("metavar"), parser, text.get("off"))


def _slot(where: str, raw: Mapping[str, Any], problems: list[str]) -> Slot | None:
    before = len(problems)
    entry = _Entry(where, raw, problems)
    kind, role = entry.get("kind"), entry.get("role", "case")
    if kind is not None and kind not in KINDS:
        entry.problem("kind", f"'{kind}' is not one of {', '.join(KINDS)}")
    if role not in ROLES:
        entry.problem("role", f"'{role}' is not one of {', '.join(ROLES)}")
    if entry.get("label") is not None and not entry.get("label").strip():
        entry.problem("label", "must not be empty")
    values = _values(entry, kind) if kind in KINDS else ()
    lo, hi = entry.get("min"), entry.get("max")
    if kind == "number":
        if lo is None or hi is None:
            entry.problem("min" if lo is None else "max", "a number slot needs its range (min and max)")
        elif lo > hi:
            entry.problem("max", f"range is out of order: min {lo:g} > max {hi:g}")
    else:
        for key in ("min", "max", "unit", "zero_words", "integer"):
            if key in raw:
                entry.problem(key, "only number slots have this")
    aliases = entry.get("aliases", [])
    if not all(isinstance(a, str) and a.strip() == a and a == a.lower() and a for a in aliases):
        entry.problem("aliases", "must be a list of non-empty lower-case words")
        aliases = []
    flag = _flag(entry, kind) if kind in KINDS else None
    if flag is not None and role != "case":
        entry.problem("flag", "only case slots have an assess flag")
    if entry.get("grading", False) and role != "case":
        entry.problem("grading", "only case slots can be grading slots")
    if len(problems) > before:
        return None
    return Slot(
        name=raw["name"], label=raw["label"], kind=cast(Kind, kind), role=cast(Role, role),
        grading=entry.get("grading", False), unit=entry.get("unit", ""), unit_in_words=entry.get("unit_in_words", True),
        zero_words=entry.get("zero_words"), integer=entry.get("integer", False),
        min=lo, max=hi,
        values=values, aliases=tuple(aliases), change_listed=entry.get("change_listed", True), flag=flag,
    )


def _across(slots: list[Slot], rel: str) -> list[str]:
    """Problems between slots: names, aliases and flags must each mean one thing."""
    problems: list[str] = []
    owners: dict[str, str] = {}
    for s in slots:
        if s.name in owners:
            problems.append(f"{rel}: slot ({s.name}): field 'name': declared twice")
        owners[s.name] = s.name
    aliases: dict[str, str] = {}
    flags: dict[str, str] = {}
    for s in slots:
        for alias in s.aliases:
            other = aliases.setdefault(alias, s.name)
            if other == s.name and alias in owners and alias != s.name:
                other = alias  # the alias is another slot's own name
            if other != s.name:
                problems.append(f"{rel}: slot ({s.name}): field 'aliases': '{alias}' also names {other}")
        if s.flag is not None:
            for flag in filter(None, (s.flag.name, s.flag.off)):
                other = flags.setdefault(flag, s.name)
                if other != s.name:
                    problems.append(f"{rel}: slot ({s.name}): field 'flag': '{flag}' is also the flag of {other}")
    return problems


def load_registry(path: Path = SLOTS_PATH) -> Registry:
    """The registry in `path`; raise `SlotRegistryError` listing every problem, one line each."""
    rel = _shown(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SlotRegistryError([f"{rel}: cannot be read: {exc}"]) from None
    problems = [f"{rel}: unknown table or key '{key}' (expected [[slot]] entries)" for key in raw if key != "slot"]
    entries = raw.get("slot")
    if not isinstance(entries, list) or not entries:
        raise SlotRegistryError([*problems, f"{rel}: no [[slot]] entries"])
    slots: list[Slot] = []
    for n, entry in enumerate(entries, start=1):
        name = entry.get("name") if isinstance(entry, dict) else None
        where = f"{rel}: slot {n}" + (f" ({name})" if isinstance(name, str) else "")
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be a table")
            continue
        slot = _slot(where, entry, problems)
        if slot is not None:
            slots.append(slot)
    problems += _across(slots, rel)
    if problems:
        raise SlotRegistryError(problems)
    return Registry(tuple(slots), rel)


def problems_in(path: Path = SLOTS_PATH) -> list[str]:
    """Every problem in the registry file; empty when it is clean (for `kb check`)."""
    try:
        load_registry(path)
    except SlotRegistryError as exc:
        return exc.problems
    return []


@cache
def default_registry() -> Registry:
    """The shipped registry, loaded once."""
    return load_registry()


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
