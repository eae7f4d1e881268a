"""The practice-case generator's phrases (`dialogs/data/prose.toml`): their schema and loading.

Each list offers interchangeable wordings; a `{placeholder}` is filled from the generated case,
so each list may use only the placeholders the generator fills for it (`PLACEHOLDERS`). The
tables keyed by a slot's values (hypotension, oxygen, the steroid stance) have a list for every
value of the slot registry and for no other value.
"""

from __future__ import annotations

from pathlib import Path
from string import Formatter
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from knowledge import datafile, slot_registry
from knowledge.datafile import Problem

Phrase = Annotated[str, StringConstraints(strict=True, pattern=r"\S")]
Phrases = Annotated[list[Phrase], Field(min_length=1)]

# the generic names the openings may use, and the product each is
PRODUCT_NAMES: dict[str, str] = {
    "axicabtagene ciloleucel": "axi-cel", "tisagenlecleucel": "tisa-cel", "lisocabtagene maraleucel": "liso-cel",
    "brexucabtagene autoleucel": "brexu-cel", "idecabtagene vicleucel": "ide-cel",
    "ciltacabtagene autoleucel": "cilta-cel",
}
# the placeholders the generator fills, by list ("table.key"; a table alone: each of its lists)
PLACEHOLDERS: dict[str, frozenset[str]] = {
    "opening": frozenset({"day", "product"}),
    "temperature.febrile_c": frozenset({"c"}), "temperature.febrile_f": frozenset({"f"}),
    "temperature.afebrile_untreated": frozenset({"c"}), "temperature.afebrile_treated": frozenset({"c"}),
    "oxygen": frozenset({"litres"}), "given.toci": frozenset({"n"}),
    "rest.weight_kg": frozenset({"kg"}), "rest.weight_lb": frozenset({"lb"}),
    "rest.neutropenic": frozenset({"anc"}), "rest.not_neutropenic": frozenset({"anc"}),
    "rest.icans": frozenset({"ice"}),
}
# the tables keyed by a slot's values, with the generator's extra keys
BY_VALUE: dict[str, tuple[str, tuple[str, ...]]] = {
    "hypotension": ("hypotension", ("one-pressor-vaso",)), "oxygen": ("oxygen", ()), "stance": ("steroids", ()),
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Temperature(_Strict):
    febrile_c: Phrases
    febrile_f: Phrases
    afebrile_untreated: Phrases
    afebrile_treated: Phrases


class Given(_Strict):
    toci: Phrases
    no_toci: Phrases
    anakinra: Phrases
    no_anakinra: Phrases
    antipyretic: Phrases


class Rest(_Strict):
    weight_kg: Phrases
    weight_lb: Phrases
    neutropenic: Phrases
    not_neutropenic: Phrases
    icans: Phrases
    no_icans: Phrases
    organ: Phrases


class Prose(_Strict):
    opening: Phrases
    products: Phrases
    temperature: Temperature
    hypotension: dict[str, Phrases]
    oxygen: dict[str, Phrases]
    given: Given
    stance: dict[str, Phrases]
    rest: Rest


def _placeholder_problems(rel: str, where: str, phrases: list[str]) -> list[Problem]:
    table, _, key = where.rpartition(".")
    allowed = PLACEHOLDERS.get(where, PLACEHOLDERS.get(table, frozenset()))
    entry, field = (f"[{table}]", key) if table else ("", key)
    problems = []
    for phrase in phrases:
        try:
            names = {name for _, name, _, _ in Formatter().parse(phrase) if name is not None}
        except ValueError as exc:
            problems.append(Problem(rel, f"{phrase!r}: {exc}", entry, field))
            continue
        for name in sorted(names - allowed):
            known = ", ".join(f"{{{a}}}" for a in sorted(allowed)) or "none"
            problems.append(Problem(rel, f"{phrase!r}: placeholder '{{{name}}}' is not filled here (known: {known})",
                                    entry, field))
    return problems


def reference_problems(prose: Prose, rel: str) -> list[Problem]:
    """The products named, the slot values keyed and the placeholders used are known ones."""
    problems = [Problem(rel, f"'{name}' is not a product name the generator knows (known: "
                             f"{', '.join(PRODUCT_NAMES)})", "", "products")
                for name in prose.products if name not in PRODUCT_NAMES]
    for table, (slot, extra) in BY_VALUE.items():
        values = [*map(str, slot_registry.slot(slot).allowed), *extra]
        keyed: dict[str, list[str]] = getattr(prose, table)
        problems += [Problem(rel, f"'{key}' is not a value of slot {slot} (known: {', '.join(values)})",
                             f"[{table}]", key) for key in keyed if key not in values]
        problems += [Problem(rel, "missing: every value of the slot needs its phrases", f"[{table}]", value)
                     for value in values if value not in keyed]
    dumped = prose.model_dump()
    for name, node in dumped.items():
        items = node.items() if isinstance(node, dict) else [("", node)]
        for key, phrases in items:
            problems += _placeholder_problems(rel, f"{name}.{key}" if key else name, phrases)
    return problems


def read_prose(path: Path, rel: str) -> tuple[Prose | None, list[Problem]]:
    """The phrases in `path` (None when anything is wrong) and every problem."""
    prose, problems = datafile.load(path, rel, Prose)
    if prose is None:
        return None, problems
    problems = reference_problems(prose, rel)
    return (None if problems else prose), problems
