"""What a short answer means for the slot that was asked about."""

from __future__ import annotations

import re

from dialogs.understanding import neurotoxicity, neutropenia, temperature
from dialogs.understanding.oxygen_echo import flow_outcome
from dialogs.understanding.patterns import fmt, parse_number
from dialogs.understanding.pressor_count import by_count
from dialogs.understanding.results import Mention, Outcome, Problem, Value
from dialogs.understanding.utterance import Utterance
from knowledge.slots import ANAKINRA_MG_DAY_MAX, TOCILIZUMAB_DOSES_MAX
from knowledge.units import UnitError, kilograms

_OXYGEN = "say which oxygen support: room air, nasal cannula with L/min, high-flow or mask, or CPAP/BiPAP/ventilator"
_WEIGHT = "give the weight in kg or lb"
_YES: dict[str, tuple[Value, str] | str] = {
    "anticytokine_given": (True, "yes: antipyretic or anticytokine therapy given"),
    "neutropenic": (True, "yes: neutropenic"),
    "icans": (True, "yes: signs of ICANS"),
    "motor_weakness": (True, "yes: deep focal motor weakness"),
    "seizure": "a yes does not say whether the seizure resolved rapidly or was prolonged (> 5 min) or repetitive",
    "raised_icp": "a yes does not say which: focal oedema on imaging, or diffuse oedema, posturing, "
    "cranial nerve VI palsy, papilloedema or Cushing's triad",
    "steroids": ("full", "yes: read as steroids acceptable at full dose"),
    "hypotension": "a yes does not say how blood pressure is supported: name the vasopressors "
    "(or how many), or say it responded to fluids",
    "oxygen": f"a yes does not {_OXYGEN}",
    "temperature_c": "a yes is not a temperature: give one in Celsius (30-45) or Fahrenheit (86-113)",
    "tocilizumab_doses": f"a yes does not say how many tocilizumab doses: give 0 to {TOCILIZUMAB_DOSES_MAX}",
    "anakinra_mg_day": "a yes does not give the anakinra dose: mg per dose with how often (e.g. 100 mg q6h), or mg/day",
    "weight_kg": f"a yes is not a weight: {_WEIGHT}",
}
_NO: dict[str, tuple[Value, str] | str] = {
    "anticytokine_given": (False, "no antipyretic or anticytokine therapy given"),
    "neutropenic": (False, "not neutropenic"),
    "icans": (False, "no signs of ICANS"),
    "motor_weakness": (False, "no focal motor weakness"),
    "seizure": ("none", "no seizure"),
    "raised_icp": ("none", "no raised intracranial pressure"),
    "steroids": ("none", "no steroids"),
    "hypotension": ("none", "no hypotension, no vasopressors"),
    "oxygen": ("none", "no oxygen"),
    "temperature_c": (temperature.AFEBRILE_C, f"no fever: {temperature.AFEBRILE_ECHO}"),
    "tocilizumab_doses": (0, "no tocilizumab given (0 doses)"),
    "anakinra_mg_day": (0.0, "no anakinra (0 mg/day)"),
    "weight_kg": f"a no is not a weight: {_WEIGHT}",
}
_STANCES: dict[str, tuple[Value, str]] = {
    "full": ("full", "steroids acceptable at full dose"),
    "low-dose": ("low-dose", "low-dose steroids only"),
}


def from_word(u: Utterance, slot: str, word: str) -> list[Outcome]:
    start = len(u.text) - len(u.text.lstrip())
    end = len(u.text.rstrip())
    if word in _STANCES:
        meaning: tuple[Value, str] | str | None = _STANCES[word] if slot == "steroids" else None
    else:
        meaning = (_YES if word == "yes" else _NO).get(slot)
    if meaning is None:
        return []
    if isinstance(meaning, str):
        return [Problem(slot, start, end, meaning)]
    return [Mention(slot, meaning[0], start, end, meaning[1])]


def _whole(value: float, slot: str, start: int, end: int, top: int, what: str) -> Outcome | None:
    if value.is_integer() and 0 <= value <= top:
        return None
    return Problem(slot, start, end, f"{fmt(value)} is not {what}: give a whole number from 0 to {top}")


def from_number(u: Utterance, slot: str, match: re.Match[str]) -> list[Outcome]:
    value = parse_number(match.group("num"))
    start, end = match.start(), match.end()
    outcome: Outcome | None
    if slot == "temperature_c":
        outside = f"temperature {fmt(value)} is outside 30-45 C and 86-113 F"
        outcome = temperature.from_number(value, None, start, end, True) or Problem(slot, start, end, outside)
    elif slot == "weight_kg":
        try:
            kg = kilograms(value, "kg")
            outcome = Mention(slot, kg, start, end, f"{fmt(kg)} kg (no unit given: read as kg)")
        except UnitError:
            outcome = Problem(slot, start, end, f"weight {fmt(value)} kg is outside 0.5-350 kg: {_WEIGHT}")
    elif slot == "tocilizumab_doses":
        outcome = _whole(value, slot, start, end, TOCILIZUMAB_DOSES_MAX, "a number of tocilizumab doses")
        outcome = outcome or Mention(slot, int(value), start, end, f"tocilizumab {int(value)} doses")
    elif slot == "anakinra_mg_day" and value <= ANAKINRA_MG_DAY_MAX:
        outcome = Mention(slot, value, start, end, f"anakinra {fmt(value)} mg/day (read as mg per day)")
    elif slot == "anakinra_mg_day":
        outcome = Problem(
            slot, start, end, f"anakinra {fmt(value)} mg/day is outside 0-{fmt(ANAKINRA_MG_DAY_MAX)} mg/day"
        )
    elif slot == "oxygen":
        outcome = flow_outcome(match)
    elif slot == "hypotension":
        outcome = _whole(value, slot, start, end, 9, "a number of vasopressors")
        if outcome is None and value == 0:
            outcome = Mention(slot, "none", start, end, "no vasopressors")
        elif outcome is None:
            outcome = Mention(slot, *by_count((int(value), start, end), u.original))
    elif slot == "neutropenic":
        outcome = neutropenia.from_anc(value, None, False, start, end)
    elif slot in ("ice_score", "capd_score"):
        top, what = (10, "an ICE score") if slot == "ice_score" else (32, "a CAPD score")
        outcome = _whole(value, slot, start, end, top, what)
        outcome = outcome or Mention(slot, int(value), start, end, f"{what[3:]} {int(value)}")
    elif slot == "icans":
        outcome = _whole(value, slot, start, end, 10, "an ICE score") or neurotoxicity.from_ice(int(value), start, end)
    else:
        answers = "full, low dose only, or none" if slot == "steroids" else "yes or no"
        outcome = Problem(slot, start, end, f"{match.group()} does not answer this question: answer {answers}")
    return [outcome]
