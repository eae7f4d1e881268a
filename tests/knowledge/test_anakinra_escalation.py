"""Anakinra escalation from the case (issue 11, point 4): offered only above the dose now running,
with the cohorts' 8-10 mg/kg/day computed for the weight; at or above 10 mg/kg/day none is offered."""

from __future__ import annotations

import pytest

from knowledge.assessment import assess
from knowledge.slots import Case


def plan(anakinra: float, weight: float | None = 82.0) -> dict[str, tuple[str | None, tuple[str, ...]]]:
    case = Case(temperature_c=39.0, hypotension="one-pressor", oxygen="high-flow", steroids="low-dose",
                tocilizumab_doses=1, anakinra_mg_day=anakinra, weight_kg=weight)
    return {i.action: (i.dose, i.statement_ids) for i in assess(case).plan.items}


def test_the_range_is_computed_for_the_weight_and_names_the_running_dose() -> None:
    dose, _ = plan(400.0)["anakinra-escalate"]
    assert dose == "8-10 mg/kg/day IV in 3 divided doses: 656-820 mg/day for 82 kg (now 400 mg/day)"
    assert "200 mg/day" not in (dose or "")


def test_inside_the_range_escalation_starts_above_the_running_dose() -> None:
    dose, _ = plan(700.0)["anakinra-escalate"]
    assert dose == "8-10 mg/kg/day IV in 3 divided doses: above the 700 mg/day now running, up to 820 mg/day for 82 kg"


@pytest.mark.parametrize("running", [820.0, 900.0])
def test_at_or_above_10_mg_per_kg_per_day_no_escalation_is_offered(running: float) -> None:
    items = plan(running)
    assert "anakinra-escalate" not in items
    assert "anakinra-at-ceiling" in items["anakinra"][1]


def test_without_the_weight_the_range_waits_for_it() -> None:
    dose, ids = plan(400.0, weight=None)["anakinra-escalate"]
    assert ids[0] == "anakinra-escalate-weight-unknown" and dose is not None and "weigh the patient" in dose
