"""The consult's slots: what the grading and the plan need to know about a patient.

The `Case` model is the single source of truth for slot names and their values; the
knowledge base's conditions are checked against it (`slot_vocabulary`).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from knowledge.slot_values import (
    ANAKINRA_MG_DAY_MAX,
    HYPOTENSION_VALUES,
    OXYGEN_VALUES,
    STEROID_VALUES,
    TEMPERATURE_RANGE_C,
    TOCILIZUMAB_DOSES_MAX,
    WEIGHT_RANGE_KG,
    Hypotension,
    Oxygen,
    SteroidStance,
)

__all__ = [
    "ANAKINRA_MG_DAY_MAX", "GRADING_SLOTS", "HYPOTENSION_VALUES", "OXYGEN_VALUES", "SLOT_NAMES", "STEROID_VALUES",
    "TEMPERATURE_RANGE_C", "TOCILIZUMAB_DOSES_MAX", "WEIGHT_RANGE_KG", "Case", "Hypotension", "Oxygen",
    "SteroidStance", "slot_vocabulary",
]

GRADING_SLOTS = ("temperature_c", "anticytokine_given", "hypotension", "oxygen")


class Case(BaseModel):
    """A patient as the consult understands it. `None` means not known yet."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    temperature_c: float | None = Field(
        None, ge=TEMPERATURE_RANGE_C[0], le=TEMPERATURE_RANGE_C[1]
    )
    anticytokine_given: bool | None = None
    hypotension: Hypotension | None = None
    oxygen: Oxygen | None = None
    steroids: SteroidStance | None = None
    tocilizumab_doses: int | None = Field(None, ge=0, le=TOCILIZUMAB_DOSES_MAX)
    anakinra_mg_day: float | None = Field(None, ge=0, le=ANAKINRA_MG_DAY_MAX)
    weight_kg: float | None = Field(None, ge=WEIGHT_RANGE_KG[0], le=WEIGHT_RANGE_KG[1])
    neutropenic: bool | None = None
    icans: bool | None = None


SLOT_NAMES: tuple[str, ...] = tuple(Case.model_fields)

def slot_vocabulary() -> dict[str, str | tuple[str, ...]]:
    """Each slot a condition may name, with its kind or its allowed values."""
    vocab: dict[str, str | tuple[str, ...]] = {
        "temperature_c": "number",
        "anticytokine_given": "bool",
        "hypotension": HYPOTENSION_VALUES,
        "oxygen": OXYGEN_VALUES,
        "steroids": STEROID_VALUES,
        "tocilizumab_doses": "number",
        "anakinra_mg_day": "number",
        "weight_kg": "number",
        "neutropenic": "bool",
        "icans": "bool",
        # derived, never asked: the ASTCT grade computed from the slots above
        "grade": "number",
    }
    return vocab
