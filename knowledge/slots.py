"""The consult's slots: what the grading and the plan need to know about a patient.

What each slot is (its name, kind, range and values) is declared once, in the slot registry
(`knowledge/data/slots.toml`, loaded by `knowledge.slot_registry`). `Case` is the typed form of a
patient's slots, plain data; its schema (`knowledge.case_schema`) takes its bounds from the registry,
and `case_disagreements()` (run by `kb check` and the tests) names any field whose kind or values
differ from the registry's, or from `Case`'s.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, get_args

from knowledge import slot_registry
from knowledge.plain import Plain
from knowledge.slot_registry import SlotRegistryError
from knowledge.slot_values import (
    ANAKINRA_MG_DAY_MAX,
    HYPOTENSION_VALUES,
    OXYGEN_VALUES,
    STEROID_VALUES,
    TEMPERATURE_RANGE_C,
    TOCILIZUMAB_DOSES_MAX,
    WEIGHT_RANGE_KG,
    Consciousness,
    Hypotension,
    Oxygen,
    Product,
    RaisedIcp,
    Region,
    Seizure,
    SteroidStance,
)

__all__ = [
    "ANAKINRA_MG_DAY_MAX", "GRADING_SLOTS", "HYPOTENSION_VALUES", "OXYGEN_VALUES", "SLOT_NAMES", "STEROID_VALUES",
    "TEMPERATURE_RANGE_C", "TOCILIZUMAB_DOSES_MAX", "WEIGHT_RANGE_KG", "Case", "Hypotension", "Oxygen",
    "SteroidStance", "case_disagreements", "slot_vocabulary",
]

_REGISTRY = slot_registry.default_registry()
GRADING_SLOTS: tuple[str, ...] = _REGISTRY.grading_names


class Case(Plain, kw_only=True):
    """A patient as the consult understands it. `None` means not known yet.

    Plain data: `Case(...)` and `model_construct` check nothing (the values were checked already);
    `checked(values)` checks each value against the slot registry without pydantic; `model_validate`
    checks with the schema (`knowledge.case_schema.CaseSchema`: ranges, strict types, pydantic's
    errors), which the batch intake uses for its one-line errors."""

    SCHEMA_MODULE: ClassVar[str] = "knowledge.case_schema"

    temperature_c: float | None = None
    anticytokine_given: bool | None = None
    hypotension: Hypotension | None = None
    oxygen: Oxygen | None = None
    steroids: SteroidStance | None = None
    tocilizumab_doses: int | None = None
    anakinra_mg_day: float | None = None
    improving: bool | None = None
    weight_kg: float | None = None
    child: bool | None = None
    neutropenic: bool | None = None
    icans: bool | None = None
    ice_score: int | None = None
    capd_score: int | None = None
    consciousness: Consciousness | None = None
    seizure: Seizure | None = None
    motor_weakness: bool | None = None
    raised_icp: RaisedIcp | None = None
    ferritin_rising: bool | None = None
    product: Product | None = None
    region: Region | None = None
    day: int | None = None
    cycle_day: int | None = None
    step_up: int | None = None

    @classmethod
    def checked(cls, values: Mapping[str, object]) -> Case:
        """A case of `values`, each checked by the slot registry (`slot_registry.validate`, never
        laxer than the schema and giving the same value); `SlotValueError` names what is wrong
        (an unknown slot too)."""
        checked: dict[str, Any] = {slot: slot_registry.validate(slot, value) for slot, value in values.items()}
        return cls(**checked)


SLOT_NAMES: tuple[str, ...] = _REGISTRY.names

if Case.field_names() != SLOT_NAMES:  # cheap, and it stops every front end: fail loudly
    raise SlotRegistryError([
        f"{_REGISTRY.source}: the case slots {', '.join(SLOT_NAMES)} differ from knowledge.slots.Case's "
        f"fields {', '.join(Case.field_names())}"
    ])


def _bounds(metadata: list[Any]) -> tuple[float | None, float | None]:
    lo = next((float(m.ge) for m in metadata if getattr(m, "ge", None) is not None), None)
    hi = next((float(m.le) for m in metadata if getattr(m, "le", None) is not None), None)
    return lo, hi


def case_disagreements() -> list[str]:
    """Each way `Case` differs from the registry (names, kinds, values, ranges); empty when they agree."""
    from knowledge.case_schema import CaseSchema
    from knowledge.plain import disagreements

    problems: list[str] = disagreements(CaseSchema, Case)
    registry = slot_registry.default_registry()
    fields = CaseSchema.model_fields
    if tuple(fields) != registry.names:
        problems.append(f"{registry.source}: case slots {registry.names} but Case has {tuple(fields)}")
    for slot in registry.case_slots:
        field = fields.get(slot.name)
        if field is None:
            continue
        where = f"{registry.source}: slot ({slot.name}): Case.{slot.name}"
        args = [a for a in get_args(field.annotation) if a is not type(None)]
        inner = args[0] if len(args) == 1 else None
        if slot.kind == "choice":
            if get_args(inner) != slot.allowed:
                problems.append(f"{where} allows {get_args(inner)}, the registry {slot.allowed}")
        elif slot.kind == "bool":
            if inner is not bool:
                problems.append(f"{where} is {inner}, the registry says bool")
        else:
            wanted = int if slot.integer else float
            if inner is not wanted:
                problems.append(f"{where} is {inner}, the registry says {wanted.__name__}")
            if _bounds(field.metadata) != (slot.min, slot.max):
                problems.append(f"{where} has range {_bounds(field.metadata)}, the registry {(slot.min, slot.max)}")
    return problems


def slot_vocabulary() -> dict[str, str | tuple[str, ...]]:
    """Each slot a condition may name (the case's slots and the derived grade), with its kind or values."""
    registry = slot_registry.default_registry()
    return {
        s.name: tuple(map(str, s.allowed)) if s.kind == "choice" else s.kind
        for s in (*registry.case_slots, *registry.with_role("derived"))
    }
