"""The bedside follow-ups of issue 11, asked about the seed case (grade 3, one tocilizumab dose,
anakinra 100 mg q6h, the team declines high-dose steroids, 82 kg) and its variants."""

from __future__ import annotations

from dialogs import followup
from dialogs.engine import begin, step
from dialogs.state import Event, Reply
from knowledge.assessment import Assessment, assess
from knowledge.loader import default_kb
from knowledge.slots import Case

SEED = {"temperature_c": 39.0, "hypotension": "one-pressor", "oxygen": "high-flow", "steroids": "low-dose",
        "tocilizumab_doses": 1, "anakinra_mg_day": 400.0, "weight_kg": 82.0, "neutropenic": False, "icans": False}


def result(**changes: object) -> Assessment:
    return assess(Case(**{**SEED, **changes}), default_kb())


def ask(question: str, **changes: object) -> followup.Answer:
    return followup.answer(question, default_kb(), result(**changes))


def ids(ans: followup.Answer, applies: followup.Applies) -> set[str]:
    return {i.statement_id for i in ans.of(applies)}


def test_siltuximab_answer_does_not_say_the_tocilizumab_maximum_is_reached_after_one_dose() -> None:
    ans = ask("what about siltuximab?")
    assert "refractory-siltuximab" in ids(ans, "applies")
    assert "toci-maximum-reached" not in ids(ans, "applies")
    apart = {i.statement_id: i for i in ans.of("not-applies")}
    assert "tocilizumab doses given: 4 or more (this patient: 1)" in apart["toci-maximum-reached"].reasons
    assert "902 mg for 82 kg" in ans.text


def test_another_dose_of_tocilizumab_is_dose_2_of_4_computed_for_the_weight() -> None:
    for question in ("can we give another dose of tocilizumab?", "is she eligible for more toci?", "more toci?"):
        ans = ask(question)
        assert ans.eligibility is not None and ans.eligibility.eligible, question
        assert "Dose 2 of at most 4" in ans.eligibility.verdict and "656 mg for 82 kg" in ans.eligibility.verdict
        assert "give no further tocilizumab" not in ans.text.split("Does not apply")[0]


def test_after_four_doses_more_tocilizumab_is_refused_with_the_reason() -> None:
    ans = ask("more toci?", tocilizumab_doses=4)
    assert ans.eligibility is not None and not ans.eligibility.eligible
    assert ans.eligibility.verdict.startswith("No:") and "maximum of 4 doses" in ans.eligibility.verdict


def test_tocilizumab_dose_is_the_adult_one_for_82_kg_and_the_child_dose_is_not_given() -> None:
    ans = ask("what dose of tocilizumab?")
    given = {i.statement_id: i for i in ans.of("applies")}
    dose = given["toci-dose-adult"].dose
    assert dose == "8 mg/kg IV over 1 hour (maximum 800 mg): 656 mg for 82 kg, dose 2 of at most 4"
    assert "toci-dose-under-30kg" not in given  # the 12 mg/kg dose is for patients under 30 kg


def test_a_20_kg_patient_gets_12_mg_per_kg() -> None:
    ans = ask("what dose of tocilizumab?", weight_kg=20.0)
    given = {i.statement_id: i for i in ans.of("applies")}
    assert given["toci-dose-under-30kg"].dose is not None and "240 mg for 20 kg" in given["toci-dose-under-30kg"].dose


def test_siltuximab_dose_is_computed() -> None:
    ans = ask("what is the dose of siltuximab?")
    assert any(i.dose == "siltuximab 11 mg/kg IV: 902 mg for 82 kg" for i in ans.of("applies"))


def test_anakinra_start_dose_is_not_given_to_a_patient_already_on_400_mg_a_day() -> None:
    ans = ask("is anakinra better than steroids?")
    assert "anakinra-start" not in ids(ans, "applies")
    assert "anakinra-start" in ids(ans, "not-applies")


def test_methylprednisolone_regimens_for_grade_4_are_not_advice_at_grade_3_with_steroids_declined() -> None:
    ans = ask("what about methylprednisolone?")
    assert not ids(ans, "applies") & {"steroid-grade4", "steroid-grade4-refractory"}
    reasons = {i.statement_id: i.reasons for i in ans.of("not-applies")}
    assert reasons["steroid-grade4"] == (
        "ASTCT grade: 4 (this patient: 3)",
        "steroids the team accepts: full dose acceptable (this patient: low dose only)",
    )


def test_escalating_anakinra_is_answered_from_the_plan() -> None:
    ans = ask("can we escalate anakinra?")
    assert ans.eligibility is not None and ans.eligibility.eligible
    assert "Now running: 400 mg/day" in ans.eligibility.verdict
    declined = ask("can we escalate anakinra?", steroids="full")
    assert declined.eligibility is not None and not declined.eligibility.eligible


def test_unknown_values_are_said_as_assumed_or_not_known() -> None:
    ans = ask("what is the tocilizumab dose for children?", weight_kg=None)
    assert any("not known yet" in r for i in ans.of("not-applies") for r in i.reasons)


def test_an_answer_outside_the_knowledge_base_is_not_covered() -> None:
    ans = ask("what is the weather in Paris?")
    assert not ans.covered and ans.text == followup.NOT_COVERED


def test_the_engine_answers_for_the_case_as_it_stands_with_the_statements_as_data() -> None:
    state, _ = begin()
    replies: list[Reply] = []
    for line in ("fever 39, levo, HFNC 40L, low dose steroids only, toci x1, anakinra 100 mg q6h, 82 kg, "
                 "not neutropenic, no icans", "can we give another dose of tocilizumab?"):
        state, replies = step(state, Event("text", line))
    answer = next(r for r in replies if r.kind == "answer")
    assert answer.data is not None
    data = answer.data["answer"]
    assert data["eligibility"]["eligible"] is True
    assert {s["statement"]: s["applies"] for s in data["statements"]}["toci-dose-adult"] == "applies"
    assert "656 mg for 82 kg" in answer.text


def test_a_question_with_new_findings_is_answered_for_the_updated_case() -> None:
    state, _ = begin()
    for line in ("fever 39, levo, HFNC 40L, full steroids, toci x1, no anakinra, not neutropenic, no icans",):
        state, _ = step(state, Event("text", line))
    state, replies = step(state, Event("text", "she is 20 kg, what dose of tocilizumab?"))
    answer = next(r for r in replies if r.kind == "answer")
    assert "240 mg for 20 kg" in answer.text
