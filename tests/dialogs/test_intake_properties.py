"""Properties of the one merge rule and the reader, over generated clinician text.

- every text front end (`assess --text`, an `assess --batch` line, `chat`) gives the same slots and
  grade for the same input;
- no echo item contradicts the slot value it reports;
- case text generated from known facts is read back to those facts, so its grade is never lower
  than the grade of the same facts given as flags.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.cli.batch import batch_results
from assistant.cli.commands.assess import merge_text
from dialogs.engine import begin, step
from dialogs.state import Event
from dialogs.understanding import read
from knowledge.assessment import assess
from knowledge.intake import case_from_mapping
from knowledge.slots import SLOT_NAMES, Case

# Phrases written by the team for each grading fact (temperatures are filled in).
TEMPERATURE = {
    "c": ["T {c}", "Tmax {c}", "temp {c}C", "febrile to {c}", "pyrexial {c}", "{c}"],
    "f": ["Tmax {f}F", "T {f} F", "temp of {f}"],
}
AFEBRILE = ["afebrile", "no fever", "apyrexial"]
WAIVER = {
    True: ["s/p toci x1", "dex 10 mg q6h given", "got paracetamol 1g", "anakinra 100 mg bd", "had tylenol"],
    False: ["no antipyretics or toci given", "nothing given yet", "no treatment yet"],
}
HYPOTENSION = {
    "none": ["BP fine", "no pressors", "normotensive", "BP 122/76"],
    "fluids": ["responded to a 1L bolus", "BP 84/50 -> 112/70 after 1L", "fluid responsive hypotension"],
    "one-pressor": ["on levo 0.05", "norad + vaso", "metaraminol", "weaning off norepi 0.02"],
    "multi-pressor": ["levo + epi", "norepi and phenylephrine", "dopamine + norad", "norad + adrenaline + vaso"],
    "vasopressin-only": ["vaso only", "vasopressin alone"],
}
OXYGEN = {
    "none": ["RA", "room air", "on air"],
    "low-flow": ["2L NC", "NP 4 L/min", "6L nasal cannula", "on 3L"],
    "high-flow": ["HFNC 40L", "NRB", "FM 5L", "7 L NC", "venturi 40%"],
    "positive-pressure": ["BiPAP", "intubated", "CPAP 10 via mask", "vented", "on NIV"],
}
# Measures no grading slot reads: their numbers are never a temperature, whatever the question asked.
VITALS = ["HR {hr}", "pulse {hr}", "sats {sat}%", "SpO2 {sat}", "RR {rr}", "HR {hr} bpm"]
SEPARATORS = [", ", "; ", ". ", " and ", "\n"]


@st.composite
def cases(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """Facts for the four grading slots, and clinician text that states them in any order."""
    febrile = draw(st.sampled_from([True, False, None]))  # None: the temperature is not stated
    waiver = draw(st.sampled_from([True, False, None]))
    hypotension = draw(st.sampled_from(list(HYPOTENSION)))
    oxygen = draw(st.sampled_from(list(OXYGEN)))
    parts: list[str] = []
    if febrile:
        celsius = draw(st.integers(380, 412)) / 10
        if draw(st.booleans()):
            parts.append(draw(st.sampled_from(TEMPERATURE["c"])).format(c=f"{celsius:.1f}"))
        else:
            fahrenheit = round(celsius * 9 / 5 + 32, 1)
            celsius = round((fahrenheit - 32) * 5 / 9, 2)
            parts.append(draw(st.sampled_from(TEMPERATURE["f"])).format(f=f"{fahrenheit:.1f}"))
        facts: dict[str, Any] = {"temperature_c": celsius}
    elif febrile is False:
        parts.append(draw(st.sampled_from(AFEBRILE)))
        facts = {"temperature_c": 37.0}
    else:
        facts = {}
    if waiver is not None:
        parts.append(draw(st.sampled_from(WAIVER[waiver])))
        facts["anticytokine_given"] = waiver
    parts.append(draw(st.sampled_from(HYPOTENSION[hypotension])))
    parts.append(draw(st.sampled_from(OXYGEN[oxygen])))
    facts.update(hypotension=hypotension, oxygen=oxygen)
    for vital in draw(st.lists(st.sampled_from(VITALS), max_size=2, unique=True)):
        hr, sat, rr = draw(st.integers(50, 150)), draw(st.integers(85, 100)), draw(st.integers(12, 40))
        parts.append(vital.format(hr=hr, sat=sat, rr=rr))
    order = draw(st.permutations(parts))
    if order[0].startswith("{") or order[0][:1].isdigit():
        order = [*order[1:], order[0]]
    text = ""
    for i, part in enumerate(order):
        text += (draw(st.sampled_from(SEPARATORS)) if i else "") + part
    return facts, text


def by_assess(text: str) -> tuple[dict[str, Any], int | None]:
    values, extra = merge_text(text, {})
    assert "patients" not in extra
    return values, assess(case_from_mapping(values)).grade


def by_batch(text: str) -> tuple[dict[str, Any], int | None]:
    (line,) = batch_results([json.dumps({"text": text})])
    result = json.loads(line)
    return {k: v for k, v in result["slots"].items() if v is not None}, result["grade"]


def by_chat(text: str) -> tuple[dict[str, Any], int | None]:
    """The line typed as the first answer of a new consult (its first question pending)."""
    state, _ = step(begin()[0], Event("text", text))
    values = {k: v for k, v in state.values.items() if k in SLOT_NAMES}
    return values, assess(Case.model_validate(values)).grade


def slots_of(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (round(v, 2) if isinstance(v, float) else v) for k, v in values.items() if k in SLOT_NAMES}


@settings(deadline=None, max_examples=150)
@given(cases())
def test_every_text_front_end_gives_the_same_slots_and_grade(case: tuple[dict[str, Any], str]) -> None:
    _, text = case
    results = [by_assess(text), by_batch(text), by_chat(text)]
    assert all(slots_of(r[0]) == slots_of(results[0][0]) for r in results), (text, results)
    assert len({r[1] for r in results}) == 1, (text, results)


@settings(deadline=None, max_examples=150)
@given(cases())
def test_generated_case_text_is_read_back_and_never_graded_lower(case: tuple[dict[str, Any], str]) -> None:
    facts, text = case
    values, text_grade = by_assess(text)
    flags_grade = assess(case_from_mapping(facts)).grade
    for slot, want in facts.items():
        have = values.get(slot)
        if slot == "temperature_c" and want < 38.0:
            assert have is not None and have < 38.0, (text, values)
        elif isinstance(want, float):
            assert have is not None and abs(have - want) < 0.06, (text, slot, values)
        else:
            assert have == want, (text, slot, values)
    assert text_grade == flags_grade, (text, values)


ECHO_WORDS = {
    ("hypotension", "none"): ("no ",),
    ("hypotension", "fluids"): ("fluids",),
    ("hypotension", "one-pressor"): ("one vasopressor",),
    ("hypotension", "multi-pressor"): ("multiple vasopressors",),
    ("hypotension", "vasopressin-only"): ("vasopressin only",),
    ("oxygen", "none"): ("no oxygen", "no supplemental", "comfort"),
    ("oxygen", "low-flow"): ("low-flow",),
    ("oxygen", "high-flow"): ("high-flow",),
    ("oxygen", "positive-pressure"): ("positive-pressure",),
    ("anticytokine_given", True): ("therapy given",),
    ("anticytokine_given", False): ("no antipyretic or anticytokine therapy",),
}


@settings(deadline=None, max_examples=200)
@given(cases())
def test_no_echo_contradicts_its_slot(case: tuple[dict[str, Any], str]) -> None:
    _, text = case
    for finding in read(text).findings:
        words = ECHO_WORDS.get((finding.slot, finding.value))
        if words is not None:
            assert any(w in finding.echo for w in words), (finding, text)
        if finding.slot == "temperature_c" and finding.value >= 38.0:
            assert "afebrile" not in finding.echo, (finding, text)
