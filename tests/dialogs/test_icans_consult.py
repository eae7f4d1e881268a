"""ICANS beside CRS in the consult: the domains read from text and asked once neurotoxicity is
reported; the ICANS grade in the plan, the JSON and the headline (case panel and exports)."""

from __future__ import annotations

import pytest

from dialogs.engine import replay
from dialogs.state import Event, Reply, State
from dialogs.understanding import read


def values(text: str) -> dict[str, object]:
    return {f.slot: f.value for f in read(text).findings}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ICE 6", {"icans": True, "ice_score": 6}),
        ("GCS 13 only rousable to voice", {"icans": True, "consciousness": "voice"}),
        ("papilloedema on fundoscopy", {"raised_icp": "diffuse"}),
        ("no papilloedema", {}),
        ("status epilepticus", {"seizure": "prolonged"}),
        ("brief seizure, now back to baseline", {"icans": True, "seizure": "resolved"}),
        ("no seizures, no focal weakness", {"seizure": "none", "motor_weakness": False}),
        ("new left hemiparesis", {"motor_weakness": True}),
        ("CAPD 10", {"icans": True, "capd_score": 10}),
        ("orientation 3, naming 2, commands 1, writing 0, counting 1", {"ice_score": 7}),
        ("rousable to voice, then only to touch; awakens only to touch", {"consciousness": "touch"}),
    ],
)
def test_the_domains_are_read_from_clinicians_words(text: str, expected: dict[str, object]) -> None:
    found = values(text)
    assert {k: v for k, v in found.items() if k in expected or k != "icans"} == expected


def test_a_bare_seizure_is_asked_not_guessed() -> None:
    # resolved (grade 3) or prolonged (grade 4) is not said: the seizure slot stays open
    found = values("had a seizure")
    assert found.get("icans") is True and "seizure" not in found


def test_an_impossible_ice_item_is_a_problem() -> None:
    reading = read("orientation 5, naming 2, commands 1, writing 0, counting 1")
    assert any("orientation is 0-4" in p for p in reading.problems)


def say(*lines: str) -> tuple[State, list[Reply]]:
    return replay([Event("text", line) for line in lines])


def test_neurotoxicity_brings_the_domain_questions_and_the_icans_grade() -> None:
    _, replies = say("T 39, levo, room air, team ok with steroids, toci x0, no anakinra, 70 kg, ANC 2000",
                         "confused")
    asked = [r.slot for r in replies if r.kind == "question"]
    assert asked[-1] == "ice_score"
    _, replies = say("T 39, levo, room air, team ok with steroids, toci x0, no anakinra, 70 kg, ANC 2000",
                         "confused", "ICE 6", "awakens to voice", "no", "no", "none", "unknown")
    (plan,) = [r for r in replies if r.kind == "plan"]
    assert plan.data is not None
    assert plan.data["grade"] == 3 and plan.data["icans_grade"] == 2
    assert plan.text.startswith("ASTCT grade 3; ASTCT ICANS grade 2")
    icans_item = next(i for i in plan.data["plan"] if i["action"] == "icans-assessment")
    assert "icans-graded-steroids" in icans_item["statements"]
    assert "icans-tocilizumab" in icans_item["statements"]


def test_without_neurotoxicity_the_domains_are_not_asked() -> None:
    _, replies = say("T 39, levo, room air, team ok with steroids, toci x0, no anakinra, 70 kg, ANC 2000",
                         "neuro intact", "unknown")
    (plan,) = [r for r in replies if r.kind == "plan"]
    assert plan.data is not None and plan.data["icans_grade"] == 0
    assert not any(r.slot == "ice_score" for r in replies if r.kind == "question")
    assert "ICANS grade" not in plan.text.splitlines()[0]


def test_isolated_icans_says_tocilizumab_does_not_treat_it() -> None:
    _, replies = say("afebrile, nothing given yet, no pressors, room air, full steroids, no anakinra,"
                         " 70 kg, ANC 2000", "0", "aphasic, ICE 0, alert, no seizures, no focal weakness,"
                         " no cerebral oedema", "unknown")
    (plan,) = [r for r in replies if r.kind == "plan"]
    assert plan.data is not None
    assert plan.data["grade"] == 0 and plan.data["icans_grade"] == 3
    assert any("global aphasia" in b for b in plan.data["icans_basis"])
    item = next(i for i in plan.data["plan"] if i["action"] == "icans-assessment")
    assert "icans-isolated-no-tocilizumab" in item["statements"]
    assert "tocilizumab" not in [i["action"] for i in plan.data["plan"]]


def test_the_product_is_read_and_change_product_says_how() -> None:
    state, replies = say("T 39, levo, room air", "actually it was epcoritamab, C1D15")
    assert state.values["product"] == "epcoritamab" and state.values["cycle_day"] == 15
    state, replies = say("T 39, levo, room air", "epcoritamab", "change product")
    assert replies[-1].kind == "question" and replies[-1].slot == "product" and state.pending == "product"


def test_product_day_step_and_region_are_read_from_text() -> None:
    assert values("D+4 axi-cel") == {"product": "axi-cel", "day": 4}
    assert values("tec step-up 2 yesterday") == {"product": "teclistamab", "step_up": 2, "day": 1}
    assert values("C1D15 epcoritamab") == {"product": "epcoritamab", "cycle_day": 15}
    assert values("teclistamab per the EU SmPC")["region"] == "EU"
    reading = read("axi-cel and teclistamab")
    assert "product" not in values("axi-cel and teclistamab") and any("two products" in p for p in reading.problems)


CASE = "T 39, levo, room air, team ok with steroids, toci x0, no anakinra, 70 kg, ANC 2000, neuro intact"


def test_the_product_is_asked_last_and_the_region_only_where_labels_differ() -> None:
    _, replies = say(CASE)
    assert [r.slot for r in replies if r.kind == "question"][-1] == "product"
    _, replies = say(CASE, "Kymriah")
    assert [r.slot for r in replies if r.kind == "question"][-1] == "region"
    _, replies = say(CASE, "Kymriah", "EU")
    (plan,) = [r for r in replies if r.kind == "plan"]
    assert plan.data is not None
    assert any("product-eu-monitoring-not-covered" in i["statements"] for i in plan.data["plan"])
    _, replies = say(CASE, "epcoritamab")  # one label region in the fact sheets: not asked
    assert not any(r.slot == "region" for r in replies if r.kind == "question")
    assert [r for r in replies if r.kind == "plan"]


def test_a_product_named_in_the_first_line_is_not_asked() -> None:
    _, replies = say("D+4 axi-cel, US label, " + CASE)
    assert not any(r.slot in ("product", "region") for r in replies if r.kind == "question")
    assert [r for r in replies if r.kind == "plan"]
