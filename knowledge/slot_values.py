"""The slots' allowed values and ranges, free of pydantic so command-line parsers can load
them without the cost of the validation library. `knowledge.slots.Case` is built on these.

Every value here comes from the slot registry (`knowledge/data/slots.toml`); the `Literal`
types exist for the type checker only, and a test fails if they and the registry differ.
"""

from __future__ import annotations

from typing import Literal

from knowledge.slot_registry import default_registry

Hypotension = Literal["none", "fluids", "one-pressor", "multi-pressor", "vasopressin-only"]
Oxygen = Literal["none", "low-flow", "high-flow", "positive-pressure"]
SteroidStance = Literal["full", "low-dose", "none"]
Consciousness = Literal["alert", "spontaneous", "voice", "touch", "unarousable"]
Seizure = Literal["none", "resolved", "prolonged"]
RaisedIcp = Literal["none", "focal-oedema", "diffuse"]
Product = Literal["axi-cel", "brexu-cel", "tisa-cel", "liso-cel", "ide-cel", "cilta-cel", "obe-cel", "teclistamab",
                  "elranatamab", "talquetamab", "epcoritamab", "glofitamab", "mosunetuzumab", "tarlatamab",
                  "blinatumomab"]
Region = Literal["US", "EU"]

_REGISTRY = default_registry()

HYPOTENSION_VALUES: tuple[str, ...] = tuple(map(str, _REGISTRY["hypotension"].allowed))
OXYGEN_VALUES: tuple[str, ...] = tuple(map(str, _REGISTRY["oxygen"].allowed))
STEROID_VALUES: tuple[str, ...] = tuple(map(str, _REGISTRY["steroids"].allowed))

TEMPERATURE_RANGE_C: tuple[float, float] = _REGISTRY["temperature_c"].range
WEIGHT_RANGE_KG: tuple[float, float] = _REGISTRY["weight_kg"].range
TOCILIZUMAB_DOSES_MAX = int(_REGISTRY["tocilizumab_doses"].range[1])
ANAKINRA_MG_DAY_MAX: float = _REGISTRY["anakinra_mg_day"].range[1]
