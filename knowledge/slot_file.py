"""Reading `knowledge/data/slots.toml` into a `Registry`, checking every entry: each problem is
one line naming the file, the entry and the field (`slot 3 (hypotension): field 'label': missing`)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from knowledge import datafile
from knowledge.slot_registry import (
    FLAG_PARSERS,
    KINDS,
    ROLES,
    Flag,
    Kind,
    Registry,
    Role,
    Slot,
    SlotRegistryError,
    Value,
)

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


def read_registry(path: Path) -> Registry:
    """The registry in `path`; raise `SlotRegistryError` listing every problem, one line each."""
    rel = _shown(path)
    raw, unreadable = datafile.read_toml(path, rel)  # the one reader of every data file
    if raw is None:
        raise SlotRegistryError(datafile.lines(unreadable))
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
