"""Whether the patient is a child, and whether CRS improved since first-line therapy: read from
the clinician's words, or asked by the consult when they change the plan (issue 11 points 5, 7)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogs.engine import replay
from dialogs.state import Event, Reply, State
from dialogs.understanding.reader import read


def say(*lines: str) -> tuple[State, list[Reply]]:
    return replay([Event("text", line) for line in lines])


def asked(replies: list[Reply]) -> list[str | None]:
    return [r.slot for r in replies if r.kind == "question"]


def found(text: str) -> dict[str, object]:
    return {f.slot: f.value for f in read(text).findings}


@pytest.mark.parametrize(("text", "child"), [
    ("8 yo girl, T 39.1, 2L NC", True), ("8-year-old, febrile 39", True), ("age 16, 50 kg", True),
    ("18 months old, 11 kg", True), ("paeds pt on HFNC", True), ("peds, levo", True),
    ("45 year old man, levo, T 39", False), ("adult, 28 kg", False), ("67 yo F, T 38.4", False),
    ("aged 17, T 39", True), ("19yo, T 39", False),
])
def test_the_age_is_read_from_the_words_clinicians_use(text: str, child: bool) -> None:
    assert found(text).get("child") is child


@pytest.mark.parametrize("text", [
    "T 39, 20 kg", "weight 25 kg, levo", "ANC 800, HFNC 40L", "dex 10 q6h", "tocilizumab 8 mg/kg",
    "40L HFNC, age of the line 3 days",
])
def test_nothing_else_is_read_as_an_age(text: str) -> None:
    assert "child" not in found(text)


@pytest.mark.parametrize(("text", "improving"), [
    ("still febrile despite toci x2, levo", False), ("no improvement after 2 doses of toci", False),
    ("not responding to tocilizumab", False), ("toci-refractory CRS", False), ("no better after dex", False),
    ("worsening despite steroids", False), ("improving since toci, off pressors", True),
    ("responded to tocilizumab", True), ("CRS improving", True), ("better since dex", True),
])
def test_the_course_since_first_line_therapy_is_read_when_it_names_the_therapy_or_the_crs(
        text: str, improving: bool) -> None:
    values = found(text)
    assert values.get("improving") is improving
    if "toci" in text or "dex" in text or "steroid" in text:
        assert values.get("anticytokine_given") is True, "a therapy that did or did not help was given"


@pytest.mark.parametrize("text", [
    "BP improving with fluids", "responded to 1L bolus", "relapsed/refractory DLBCL, D+4 axi-cel, T 39",
    "r/r myeloma, tec step-up 2", "sats improving on HFNC 40L", "refractory hypotension on levo",
    "ferritin improving",
])
def test_a_sign_or_the_disease_is_not_read_as_the_course_of_the_crs(text: str) -> None:
    assert "improving" not in found(text)


@given(st.integers(min_value=0, max_value=120), st.sampled_from(["yo", "y/o", "year old", "-year-old", "yrs old"]))
def test_any_age_in_years_reads_as_child_below_18(age: int, unit: str) -> None:
    text = f"{age}{unit if unit.startswith('-') else ' ' + unit}, T 39"
    assert found(text).get("child") is (age < 18), text


def test_a_weight_under_30_kg_asks_whether_the_patient_is_a_child() -> None:
    _, replies = say("39", "no hypotension", "room air", "full", "0", "No", "22 kg")
    assert asked(replies)[-1] == "child"
    _, replies = say("39", "no hypotension", "room air", "full", "0", "No", "70 kg")
    assert asked(replies)[-1] == "neutropenic"


def test_an_age_in_the_first_line_is_not_asked_again() -> None:
    state, replies = say("8 yo, T 39, levo, HFNC 40L, full steroids, toci x0, no anakinra, 22 kg")
    assert "child" not in asked(replies) and state.values["child"] is True


def test_the_course_is_asked_once_first_line_therapy_was_given() -> None:
    _, replies = say("39", "levo", "HFNC 40L", "full", "1")
    assert "improving" not in asked(replies)  # not yet: anakinra comes first
    _, replies = say("39", "levo", "HFNC 40L", "full", "1", "No")
    assert asked(replies)[-1] == "improving"
    _, replies = say("39", "levo", "HFNC 40L", "full", "0", "No")
    assert "improving" not in asked(replies) and asked(replies)[-1] == "weight_kg"


def test_a_child_consult_ends_with_the_not_covered_steroid_item_and_the_childs_tocilizumab_dose() -> None:
    _, replies = say("T 39, levo, HFNC 40L, full steroids, toci x0, no anakinra, 20 kg", "yes", "no", "no", "unknown")
    (plan,) = [r for r in replies if r.kind == "plan"]
    assert plan.data is not None
    items = {i["action"]: i for i in plan.data["plan"]}
    assert "corticosteroid-high-dose" not in items
    assert "not covered" in items["corticosteroid-not-covered"]["text"]
    assert items["tocilizumab"]["dose_mg"] == 240  # 12 mg/kg under 30 kg (the label)


def test_an_improving_crs_gets_no_escalation_section() -> None:
    _, replies = say("T 38.5, levo, HFNC 40L, full steroids, toci x1, no anakinra, improving since toci, 70 kg",
                     "no", "no", "unknown")
    (plan,) = [r for r in replies if r.kind == "plan"]
    assert plan.data is not None
    assert all(i["section"] != "if-no-improvement" for i in plan.data["plan"])
