"""Children and the CRS's course in the plan, checked over the whole input space.

FACTS-2 section 1: a child's corticosteroid doses are not covered, so a child (or a patient
under 30 kg whose age is not given) gets "not covered: use the local paediatric protocol"
instead of any adult steroid dose; what the fact sheets verify (tocilizumab by weight, the
centres' anakinra 2 mg/kg a dose capped at 100 mg, at most 10 mg/kg/day and 400 mg/day) is
computed. When the clinician says the CRS is improving since first-line therapy, no
escalation or refractory option is offered.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import product

from knowledge.assessment import Assessment, assess
from knowledge.slots import HYPOTENSION_VALUES, OXYGEN_VALUES, Case

STEROID_DOSED = {"corticosteroid-high-dose", "corticosteroid-low-dose", "corticosteroid-escalate"}
FIELDS = ("temperature_c", "anticytokine_given", "hypotension", "oxygen", "steroids", "tocilizumab_doses",
          "anakinra_mg_day", "weight_kg", "child", "improving")
SPACE = product(
    (39.0,), (True,), HYPOTENSION_VALUES, OXYGEN_VALUES,
    (None, "full", "low-dose", "none"),  # steroids
    (0, 1, 3, 4),                        # tocilizumab_doses
    (0.0, 100.0),                        # anakinra_mg_day
    (None, 12.0, 29.9, 45.0, 70.0),      # weight_kg
    (None, True, False),                 # child
    (None, True, False),                 # improving
)


@cache
def all_cases() -> tuple[Assessment, ...]:
    return tuple(assess(Case.model_validate(dict(zip(FIELDS, combo, strict=True)))) for combo in SPACE)


def dosed_as_child(r: Assessment) -> bool:
    weight = r.case.weight_kg
    return r.case.child is True or (r.case.child is None and weight is not None and weight < 30)


def every_item(r: Assessment):  # type: ignore[no-untyped-def]
    return [*r.plan.items, *(i for _, items in r.plan.bracket for i in items)]


def test_the_space_holds_children_adults_and_unknown_ages_at_every_grade() -> None:
    cases = all_cases()
    assert len(cases) == 5 * 4 * 4 * 4 * 2 * 5 * 3 * 3
    assert {r.grade for r in cases if dosed_as_child(r)} == {1, 2, 3, 4, None}


def test_a_child_never_gets_an_adult_corticosteroid_dose_but_a_not_covered_item() -> None:
    for r in all_cases():
        items = every_item(r)
        actions = {i.action for i in items}
        if dosed_as_child(r):
            assert not actions & STEROID_DOSED, r.case
            assert not any(i.dose_mg for i in items if "methylprednisolone" in (i.dose or "")
                           or "dexamethasone" in (i.dose or "")), r.case
            wants_steroid = (r.case.steroids or "full") in ("full", "low-dose") and r.grade is not None and r.grade >= 2
            if wants_steroid:
                found = next(i for i in items if i.action == "corticosteroid-not-covered")
                assert "not covered" in found.text and "local paediatric protocol" in found.text
                assert found.refs == ("MAHADEO",) and found.dose is None
        else:
            assert "corticosteroid-not-covered" not in actions, r.case


def test_a_child_gets_the_centres_anakinra_dose_capped_at_100_mg() -> None:
    seen = 0
    for r in all_cases():
        if not dosed_as_child(r):
            continue
        for i in every_item(r):
            if i.action == "anakinra" and i.dose_mg is not None:
                weight = r.case.weight_kg
                assert weight is not None and i.dose_mg == min(round(2 * weight), 100), (r.case, i.dose)
                assert i.statement_ids[0] == "child-anakinra-start"
                seen += 1
    assert seen


def test_a_childs_anakinra_escalation_never_exceeds_400_mg_a_day() -> None:
    seen = 0
    for r in all_cases():
        for i in every_item(r):
            if i.action != "anakinra-escalate" or not dosed_as_child(r):
                continue
            assert i.statement_ids[0] == "child-anakinra-escalate", r.case
            top = re.search(r"up to (\d+) mg/day for|(\d+)-(\d+) mg/day for", i.dose or "")
            if r.case.weight_kg is not None:
                assert top is not None, i.dose
                high = int(top.group(1) or top.group(3))
                assert high == min(round(10 * r.case.weight_kg), 400), (r.case, i.dose)
                seen += 1
    assert seen


def test_a_child_gets_siltuximab_without_a_dose() -> None:
    for r in all_cases():
        for i in every_item(r):
            if i.action == "siltuximab" and dosed_as_child(r):
                assert i.dose_mg is None and "not covered" in i.text, r.case


def test_tocilizumab_for_a_child_is_the_labels_weight_based_dose() -> None:
    for r in all_cases():
        weight = r.case.weight_kg
        for i in every_item(r):
            if i.action == "tocilizumab" and i.dose_mg is not None and weight is not None:
                assert i.dose_mg == min(round((12 if weight < 30 else 8) * weight), 800), (r.case, i.dose)


def test_an_improving_crs_is_offered_no_escalation_or_refractory_option() -> None:
    for r in all_cases():
        sections = {i.section for i in every_item(r)}
        if r.case.improving is True:
            assert "if-no-improvement" not in sections, r.case


def test_not_improving_or_not_known_keeps_the_options_that_apply() -> None:
    """The course only removes options: with it unknown or not improving the plan is the same."""
    by_rest: dict[tuple[object, ...], dict[object, tuple[str, ...]]] = {}
    for r in all_cases():
        rest = tuple(v for k, v in r.case.__dict__.items() if k != "improving")
        by_rest.setdefault(rest, {})[r.case.improving] = tuple(i.action for i in every_item(r))
    for plans in by_rest.values():
        assert plans[None] == plans[False]
        assert set(plans[True]) <= set(plans[None])


def test_an_unknown_age_under_30_kg_is_said_to_be_assumed() -> None:
    for r in all_cases():
        weight = r.case.weight_kg
        assumed_child = r.case.child is None and weight is not None and weight < 30
        assert ("child" in r.plan.assumed) == assumed_child, r.case
