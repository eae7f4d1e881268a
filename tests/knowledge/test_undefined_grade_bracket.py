"""Undefined grades are bracketed, not emptied (issue 11, point 6)."""

from __future__ import annotations

import itertools

from knowledge.assessment import assess, candidate_grades, to_json
from knowledge.loader import default_kb
from knowledge.planning import build_plan
from knowledge.slots import Case


def test_vasopressin_alone_keeps_what_holds_at_grades_2_and_3_and_shows_what_each_adds() -> None:
    result = assess(Case(temperature_c=39.0, hypotension="vasopressin-only", oxygen="none", weight_kg=70.0))
    assert result.grade is None and result.grading.status == "undefined"
    assert candidate_grades(result.case, result.grading) == (2, 3)
    assert {"vasopressor-support", "fluids", "labs", "infection-workup"} <= set(result.plan.actions)
    bracket = dict(result.plan.bracket)
    assert "icu-transfer" in [i.action for i in bracket[3]] and "icu-transfer" not in result.plan.actions
    assert "tocilizumab" in [i.action for i in bracket[2]] and "tocilizumab" in [i.action for i in bracket[3]]
    assert [b["grade"] for b in to_json(result)["bracket"]] == [2, 3]


def test_hypoxia_raises_the_lowest_candidate() -> None:
    result = assess(Case(temperature_c=39.0, hypotension="vasopressin-only", oxygen="low-flow"))
    assert candidate_grades(result.case, result.grading) == (2, 3)


def test_over_every_undefined_case_the_common_items_hold_at_each_candidate_grade() -> None:
    kb = default_kb()
    seen = 0
    for temp, given, hyp, oxy, steroids, toci in itertools.product(
        (39.0, 37.0), (True, False), ("vasopressin-only", "none"), ("none", "low-flow"),
        ("full", "low-dose", "none"), (0, 1, 4),
    ):
        case = Case(temperature_c=temp, anticytokine_given=given, hypotension=hyp, oxygen=oxy, steroids=steroids,
                    tocilizumab_doses=toci, weight_kg=70.0)
        result = assess(case, kb)
        if result.grading.status != "undefined":
            assert result.plan.bracket == ()
            continue
        seen += 1
        for grade in candidate_grades(case, result.grading):
            full = {(i.action, i.text, i.dose) for i in build_plan(case, grade, kb).items}
            assert {(i.action, i.text, i.dose) for i in result.plan.items} <= full
    assert seen > 0


def test_a_grade_known_only_from_below_gets_the_plan_every_possible_grade_shares() -> None:
    """Fever on high-flow oxygen, blood pressure not yet known: grade 3 or 4, so the plan holds
    tocilizumab and the ICU transfer now, and lists what each of the two grades adds."""
    result = assess(Case(temperature_c=38.9, oxygen="high-flow", weight_kg=70.0))
    assert result.grade is None and result.grading.at_least == 3
    assert {"tocilizumab", "icu-transfer"} <= set(result.plan.actions)
    assert [g for g, _ in result.plan.bracket] == [3, 4]
    data = to_json(result)
    assert (data["grade"], data["grade_status"], data["grade_at_least"]) == (None, "incomplete", 3)


def test_over_every_case_known_only_from_below_the_plan_holds_at_each_possible_grade() -> None:
    kb = default_kb()
    seen = 0
    for temp, given, hyp, oxy, steroids in itertools.product(
        (39.0, 37.0, None), (True, False, None), (None, "none", "fluids", "one-pressor", "vasopressin-only"),
        (None, "none", "low-flow", "high-flow"), ("full", "none"),
    ):
        case = Case(temperature_c=temp, anticytokine_given=given, hypotension=hyp, oxygen=oxy, steroids=steroids,
                    weight_kg=70.0)
        result = assess(case, kb)
        if result.grading.status != "incomplete":
            continue
        if result.grading.at_least is None:
            assert result.plan.bracket == ()
            continue
        seen += 1
        assert [g for g, _ in result.plan.bracket] == list(result.grading.possible)
        for grade in result.grading.possible:
            full = {(i.action, i.text, i.dose) for i in build_plan(case, grade, kb).items}
            assert {(i.action, i.text, i.dose) for i in result.plan.items} <= full
    assert seen > 0

