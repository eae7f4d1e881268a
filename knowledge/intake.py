"""Turn loosely typed slot values (JSON, flags) into a validated `Case`, or say what is wrong."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import ValidationError

from knowledge.slots import SLOT_NAMES, Case
from knowledge.units import (
    CELSIUS_SHOWN,
    FAHRENHEIT_SHOWN,
    UnitError,
    celsius,
    kilograms,
    parse_temperature,
    parse_weight,
)


class CaseError(ValueError):
    """One line naming the slot, the value given and what is accepted."""


def _temperature(value: object) -> object:
    if isinstance(value, str):
        return parse_temperature(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return celsius(float(value), None)
        except UnitError:
            raise UnitError(
                f"{value!r} is not a temperature in Celsius ({CELSIUS_SHOWN}) or Fahrenheit ({FAHRENHEIT_SHOWN})"
            ) from None
    return value


def _weight(value: object) -> object:
    if isinstance(value, str):
        return parse_weight(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return kilograms(float(value), "kg")
    return value


_NORMALISE = {"temperature_c": _temperature, "weight_kg": _weight}


def case_from_mapping(raw: Mapping[str, object], *, ignore: frozenset[str] = frozenset()) -> Case:
    unknown = [k for k in raw if k not in SLOT_NAMES and k not in ignore]
    if unknown:
        raise CaseError(
            f"unknown field {unknown[0]!r}; accepted: {', '.join(SLOT_NAMES)}"
        )
    values: dict[str, object] = {}
    for key, value in raw.items():
        if key in ignore or value is None:
            continue
        try:
            values[key] = _NORMALISE[key](value) if key in _NORMALISE else value
        except UnitError as exc:
            raise CaseError(f"{key}: {exc}") from None
    try:
        # strict: a boolean is not a count, "2" is not a number, 1 is not true
        return Case.model_validate(values, strict=True)
    except ValidationError as exc:
        err = exc.errors()[0]
        slot = ".".join(str(p) for p in err["loc"])
        return_value = values.get(slot, raw.get(slot))
        raise CaseError(f"{slot}: {return_value!r} is not accepted ({err['msg'].lower()})") from None
