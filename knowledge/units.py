"""Numbers with units, as clinicians write them: temperatures and weights.

Shared by the command-line flags and the free-text reader, so both accept the same forms.
Each parser returns a normalised value or raises `UnitError` saying what is accepted.
"""

from __future__ import annotations

import re

from knowledge.slot_values import TEMPERATURE_RANGE_C, WEIGHT_RANGE_KG

LB_PER_KG = 2.2046226218


def c_to_f(celsius: float) -> float:
    return round(celsius * 9.0 / 5.0 + 32.0, 2)


# The ranges are the slot registry's (knowledge/data/slots.toml); Fahrenheit is the same range.
FAHRENHEIT_RANGE = (c_to_f(TEMPERATURE_RANGE_C[0]), c_to_f(TEMPERATURE_RANGE_C[1]))
CELSIUS_SHOWN = f"{TEMPERATURE_RANGE_C[0]:g}-{TEMPERATURE_RANGE_C[1]:g}"
FAHRENHEIT_SHOWN = f"{FAHRENHEIT_RANGE[0]:g}-{FAHRENHEIT_RANGE[1]:g}"

TEMPERATURE_ACCEPTED = (
    f"a temperature in Celsius ({CELSIUS_SHOWN}, e.g. 38.6 or 38.6C) or Fahrenheit ({FAHRENHEIT_SHOWN}, e.g. 101.5F)"
)
KG_SHOWN = f"{WEIGHT_RANGE_KG[0]:g}-{WEIGHT_RANGE_KG[1]:g}"
WEIGHT_ACCEPTED = f"a weight in kg ({KG_SHOWN}, e.g. 70 or 70kg) or pounds (e.g. 154lb)"

_TEMP = re.compile(r"^\s*([0-9]{1,3}(?:[.,][0-9]+)?)\s*(?:°\s*)?(c|f|celsius|fahrenheit)?\s*$", re.IGNORECASE)
_WEIGHT = re.compile(r"^\s*([0-9]{1,4}(?:[.,][0-9]+)?)\s*(kg|kgs|kilograms?|lb|lbs|pounds?)?\s*$", re.IGNORECASE)


class UnitError(ValueError):
    """A value that cannot be read; the message says what is accepted."""


def f_to_c(fahrenheit: float) -> float:
    return round((fahrenheit - 32.0) * 5.0 / 9.0, 2)


def celsius(value: float, unit: str | None) -> float:
    """Normalise a number and an optional unit (c/f) to Celsius, checking the range."""
    lo_c, hi_c = TEMPERATURE_RANGE_C
    lo_f, hi_f = FAHRENHEIT_RANGE
    unit = (unit or "").lower()[:1]
    in_c, in_f = lo_c <= value <= hi_c, lo_f <= value <= hi_f
    if unit in ("c", "") and in_c:
        return round(value, 2)
    if unit in ("f", "") and in_f:
        return f_to_c(value)
    raise UnitError(f"{value:g}{unit.upper()} is outside the accepted range")


def parse_temperature(text: str) -> float:
    match = _TEMP.match(text)
    if not match:
        raise UnitError(f"'{text}' is not {TEMPERATURE_ACCEPTED}")
    try:
        return celsius(float(match.group(1).replace(",", ".")), match.group(2))
    except UnitError:
        raise UnitError(f"'{text}' is not {TEMPERATURE_ACCEPTED}") from None


def kilograms(value: float, unit: str | None) -> float:
    unit = (unit or "kg").lower()
    kg = value / LB_PER_KG if unit.startswith(("lb", "pound")) else value
    if not WEIGHT_RANGE_KG[0] <= kg <= WEIGHT_RANGE_KG[1]:
        raise UnitError(f"{value:g} {unit} is outside the accepted range")
    return round(kg, 1)


def parse_weight(text: str) -> float:
    match = _WEIGHT.match(text)
    if not match:
        raise UnitError(f"'{text}' is not {WEIGHT_ACCEPTED}")
    try:
        return kilograms(float(match.group(1).replace(",", ".")), match.group(2))
    except UnitError:
        raise UnitError(f"'{text}' is not {WEIGHT_ACCEPTED}") from None
