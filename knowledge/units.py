"""Numbers with units, as clinicians write them: temperatures and weights.

Shared by the command-line flags and the free-text reader, so both accept the same forms.
Each parser returns a normalised value or raises `UnitError` saying what is accepted.
"""

from __future__ import annotations

import re

from knowledge.slot_values import TEMPERATURE_RANGE_C, WEIGHT_RANGE_KG

FAHRENHEIT_RANGE = (86.0, 113.0)
LB_PER_KG = 2.2046226218

TEMPERATURE_ACCEPTED = (
    "a temperature in Celsius (30-45, e.g. 38.6 or 38.6C) or Fahrenheit (86-113, e.g. 101.5F)"
)
WEIGHT_ACCEPTED = "a weight in kg (0.5-350, e.g. 70 or 70kg) or pounds (e.g. 154lb)"

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
