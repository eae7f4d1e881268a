"""The clinical review's corrections (issue 15 point 8): tags claim no more than the fact
sheets support, and items sit where the case puts them."""

from __future__ import annotations

from knowledge.assessment import assess
from knowledge.loader import default_kb
from knowledge.slots import Case

KB = default_kb()
SUMMARIES = {"SOURCE", "SRC1", "SRC2", "SRC3", "SRC4"}


def plan(**slots: object) -> dict[str, tuple[str, ...]]:
    result = assess(Case.model_validate({"temperature_c": 38.9, "weight_kg": 70, "steroids": "full", **slots}))
    return {i.action: i.statement_ids for i in result.plan.items} | {"_text": tuple(i.text for i in result.plan.items)}


def test_the_four_source_summaries_are_not_guidelines() -> None:
    assert {KB.references[t].kind for t in ("SRC1", "SRC2", "SRC3", "SRC4")} == {"review"}


def test_statements_resting_on_the_source_alone_carry_an_evidence_note() -> None:
    bare = [s.id for s in KB.statements if set(s.refs) <= SUMMARIES and not s.evidence]
    assert bare == []


def test_the_under_30_kg_dose_is_the_labels() -> None:
    st = KB.by_id["toci-dose-under-30kg"]
    assert "label's dose is 12 mg/kg" in st.text and st.evidence and "not ASCO's" in st.evidence


def test_adult_anakinra_cohort_doses_say_they_are_secondary() -> None:
    st = KB.by_id["anakinra-escalate"]
    assert st.evidence and "secondary reproductions" in st.evidence


def test_refractory_statements_citing_asco_say_its_list_was_for_icans() -> None:
    for s in KB.statements:
        if s.id.startswith("refractory-") and "ASCO" in s.refs:
            assert s.evidence and "ICANS" in s.evidence, s.id


def test_siltuximab_is_not_primary_at_grade_2_for_four_tocilizumab_doses() -> None:
    at2 = plan(hypotension="fluids", oxygen="none", tocilizumab_doses=4, anticytokine_given=True)
    assert "siltuximab" not in at2 and at2["tocilizumab"] == ("toci-no-further-dose",)
    at3 = plan(hypotension="one-pressor", oxygen="none", tocilizumab_doses=4, anticytokine_given=True)
    assert "toci-maximum-reached" in at3["siltuximab"]


def test_antifungal_prophylaxis_only_beside_a_steroid_the_plan_gives() -> None:
    assert "antifungal-prophylaxis" not in plan(hypotension="fluids", oxygen="none")  # dexamethasone only considered
    assert "antifungal-prophylaxis" in plan(hypotension="one-pressor", oxygen="none")


def test_nccn_early_onset_option_reaches_grade_1_as_a_caveated_option() -> None:
    early = plan(hypotension="none", oxygen="none", day=2)
    assert "nccn-grade1-early" in early["fluids"]
    assert KB.by_id["nccn-grade1-early"].evidence
    assert "nccn-grade1-early" not in plan(hypotension="none", oxygen="none", day=6)["fluids"]
    assert "nccn-grade1-early" not in plan(hypotension="none", oxygen="none", product="teclistamab")["fluids"]


def test_grade_2_on_anakinra_gets_an_item() -> None:
    assert plan(hypotension="fluids", oxygen="none", anakinra_mg_day=200, anticytokine_given=True)["anakinra"] == (
        "anakinra-running-grade2",)


def test_start_vasopressors_does_not_ride_on_a_patient_already_on_two() -> None:
    two = plan(hypotension="multi-pressor", oxygen="none")
    assert not any("start vasopressors" in t.lower() for t in two["_text"])
    fluids = plan(hypotension="fluids", oxygen="none")
    assert "fluids-start-pressors" in fluids["fluids"]
