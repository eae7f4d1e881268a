"""The consult's slots: what the grading and the plan need to know about a patient.

What each slot is (its name, kind, range and values) is declared once, in the slot registry
(`knowledge/data/slots.toml`, loaded by `knowledge.slot_registry`). `Case` is the typed, validated
form of a patient's slots: its bounds come from the registry, and `case_disagreements()` (run by
`kb check` and the tests) names any field whose kind or values differ from the registry's.
"""

from __future__ import annotations

from typing import Any, get_args

from pydantic import BaseModel, ConfigDict, Field

from knowledge import slot_registry
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
_LO = {s.name: s.min for s in _REGISTRY.case_slots}  # as written: an int stays an int, as in messages

GRADING_SLOTS: tuple[str, ...] = _REGISTRY.grading_names


class Case(BaseModel):
    """A patient as the consult understands it. `None` means not known yet."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    temperature_c: float | None = Field(None, ge=TEMPERATURE_RANGE_C[0], le=TEMPERATURE_RANGE_C[1])
    anticytokine_given: bool | None = None
    hypotension: Hypotension | None = None
    oxygen: Oxygen | None = None
    steroids: SteroidStance | None = None
    tocilizumab_doses: int | None = Field(None, ge=_LO["tocilizumab_doses"], le=TOCILIZUMAB_DOSES_MAX)
    anakinra_mg_day: float | None = Field(None, ge=_LO["anakinra_mg_day"], le=ANAKINRA_MG_DAY_MAX)
    improving: bool | None = None
    weight_kg: float | None = Field(None, ge=WEIGHT_RANGE_KG[0], le=WEIGHT_RANGE_KG[1])
    child: bool | None = None
    neutropenic: bool | None = None
    icans: bool | None = None
    ice_score: int | None = Field(None, ge=0, le=10)
    capd_score: int | None = Field(None, ge=0, le=32)
    consciousness: Consciousness | None = None
    seizure: Seizure | None = None
    motor_weakness: bool | None = None
    raised_icp: RaisedIcp | None = None
    ferritin_rising: bool | None = None
    product: Product | None = None
    region: Region | None = None
    day: int | None = Field(None, ge=0, le=365)
    cycle_day: int | None = Field(None, ge=1, le=28)
    step_up: int | None = Field(None, ge=1, le=3)


SLOT_NAMES: tuple[str, ...] = _REGISTRY.names

if tuple(Case.model_fields) != SLOT_NAMES:  # cheap, and it stops every front end: fail loudly
    raise SlotRegistryError([
        f"{_REGISTRY.source}: the case slots {', '.join(SLOT_NAMES)} differ from knowledge.slots.Case's "
        f"fields {', '.join(Case.model_fields)}"
    ])


def _bounds(metadata: list[Any]) -> tuple[float | None, float | None]:
    lo = next((float(m.ge) for m in metadata if getattr(m, "ge", None) is not None), None)
    hi = next((float(m.le) for m in metadata if getattr(m, "le", None) is not None), None)
    return lo, hi


def case_disagreements() -> list[str]:
    """Each way `Case` differs from the registry (names, kinds, values, ranges); empty when they agree."""
    problems: list[str] = []
    registry = slot_registry.default_registry()
    fields = Case.model_fields
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
