"""The schema of a case: the pydantic model that validates a patient's slots into a `Case`.

`knowledge.slots.Case` is the plain form the program reads; this model checks values for it
(`Case.model_validate`: ranges from the slot registry, strict types when asked, pydantic's error
messages, which the batch intake turns into its one-line errors). Importing it imports pydantic,
so only validation does.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from knowledge import slot_registry
from knowledge.plain import plain_form
from knowledge.slot_values import (
    ANAKINRA_MG_DAY_MAX,
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
from knowledge.slots import Case

_LO = {s.name: s.min for s in slot_registry.default_registry().case_slots}  # as written: an int stays an int


@plain_form(Case)
class CaseSchema(BaseModel):
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
