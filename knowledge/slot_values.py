"""The slots' allowed values and ranges, free of pydantic so command-line parsers can load
them without the cost of the validation library. `knowledge.slots.Case` is built on these."""

from __future__ import annotations

from typing import Literal, get_args

Hypotension = Literal["none", "fluids", "one-pressor", "multi-pressor", "vasopressin-only"]
Oxygen = Literal["none", "low-flow", "high-flow", "positive-pressure"]
SteroidStance = Literal["full", "low-dose", "none"]

HYPOTENSION_VALUES: tuple[str, ...] = get_args(Hypotension)
OXYGEN_VALUES: tuple[str, ...] = get_args(Oxygen)
STEROID_VALUES: tuple[str, ...] = get_args(SteroidStance)

TEMPERATURE_RANGE_C = (30.0, 45.0)
WEIGHT_RANGE_KG = (0.5, 350.0)
TOCILIZUMAB_DOSES_MAX = 8
ANAKINRA_MG_DAY_MAX = 5000.0
