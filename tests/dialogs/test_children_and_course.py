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
    ("aged 17, T 39", True), ("19yo, T 39", False), ("12 yrs, T 39", True), ("14y F", True), ("18 mo", True),
    ("1.5 yo", True), ("Age 10. Temp 39.2", True), ("ped onc pt", True), ("9yo, mum 38 yo at bedside", True),
    ("16 yo on the adult ICU", True), ("not an adult, 60 kg", True), ("62 yo F, Child Pugh B", False),
    ("70 yo, on baby aspirin", False), ("58 y/o, not a child", False), ("52 yo, her 12-year-old son visiting", False),
    ("19 yo, ALL dx at age 6", False), ("24 year old, transitioned from paeds", False),
])
def test_the_age_is_read_from_the_words_clinicians_use(text: str, child: bool) -> None:
    assert found(text).get("child") is child


@pytest.mark.parametrize("text", [
    "T 39, 20 kg", "weight 25 kg, levo", "ANC 800, HFNC 40L", "dex 10 q6h", "tocilizumab 8 mg/kg",
    "40L HFNC, age of the line 3 days",
])
def test_nothing_else_is_read_as_an_age(text: str) -> None:
    assert "child" not in found(text)


@pytest.mark.parametrize("text", [
    "still febrile despite toci x2, levo", "no improvement after 2 doses of toci", "not responding to tocilizumab",
    "toci-refractory CRS", "no better after dex", "worsening despite steroids", "hasn't improved since toci x2",
    "never improved with toci", "partial response to toci", "poorly responsive to tocilizumab", "not improving",
])
def test_not_improving_is_read_from_free_text_and_the_therapy_named_counts_as_given(text: str) -> None:
    values = found(text)
    assert values.get("improving") is False
    if any(w in text for w in ("toci", "dex", "steroid")):
        assert values.get("anticytokine_given") is True, "a therapy that did not help was given"


@pytest.mark.parametrize("text", [
    "improving since toci, off pressors", "responded to tocilizumab", "CRS improving", "better since dex",
    "creatinine improving since toci", "sats improving with treatment", "is CRS improving? unclear.",
    "awaiting response to toci given 1h ago", "ICANS improving with dex",
    "defervesced after toci but still on 2 pressors",
])
def test_improving_is_never_taken_from_free_text_only_from_the_answer_to_the_question(text: str) -> None:
    """A sign, a partial or pending response must never remove the escalation options."""
    assert found(text).get("improving") is not True


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
    _, replies = say("T 38.5, levo, HFNC 40L, full steroids, toci x1, no anakinra, 70 kg", "yes, improving", "no",
                     "no", "unknown")
    (plan,) = [r for r in replies if r.kind == "plan"]
    assert plan.data is not None
    assert all(i["section"] != "if-no-improvement" for i in plan.data["plan"])


@pytest.mark.parametrize("text", ["8 yo 15 kg, T 39.4, NC 2 L/kg/min, BP ok", "infant 8 kg, nasal prongs 1 L/kg/min",
                                  "0.5 L/kg/min NC, 16 kg", "2 l/kg, T 39"])
def test_a_flow_per_kg_is_asked_never_read_as_a_low_flow(text: str) -> None:
    """Children's high flow is dosed per kg: 2 L/kg/min at 15 kg is 30 L/min, high flow (grade 3). A cannula's
    support depends on its flow, so it is asked ("HFNC 2 L/kg" is high flow at any flow: read)."""
    reading = read(text)
    assert "oxygen" not in {f.slot for f in reading.findings}
    assert any("per kg" in p for p in reading.problems)


def test_answering_not_an_adult_is_a_child() -> None:
    state, _ = say("T 39, levo, HFNC 40L, full, toci x0, no anakinra, 20 kg", "not an adult")
    assert state.values["child"] is True


def test_the_30_kg_threshold_is_the_same_in_the_dialog_the_dosing_and_the_label_statement() -> None:
    """One threshold, three readers: the child question, the population rule and the label's dose."""
    from dialogs.spec import default_spec
    from knowledge.loader import default_kb
    from knowledge.population import CHILD_QUESTION_BELOW_KG

    (question,) = [q for q in default_spec().questions if q.slot == "child"]
    assert question.ask_when["weight_kg"].lt == CHILD_QUESTION_BELOW_KG
    assert default_kb().by_id["toci-dose-under-30kg"].when["weight_kg"].lt == CHILD_QUESTION_BELOW_KG
