"""ASTCT grading: the fine print of FACTS.md section 1, then the whole input space."""

from __future__ import annotations

from itertools import product

import pytest

from knowledge.assessment import missing_slots
from knowledge.grading import grade
from knowledge.slots import GRADING_SLOTS, HYPOTENSION_VALUES, OXYGEN_VALUES, Case

FEBRILE, AFEBRILE = 38.9, 37.2


def g(**slots: object) -> int | None:
    return grade(Case.model_validate(slots)).grade


@pytest.mark.parametrize(
    ("slots", "expected"),
    [
        # fever threshold: 38.0 C is fever, 37.9 is not
        ({"temperature_c": 38.0, "hypotension": "none", "oxygen": "none"}, 1),
        ({"temperature_c": 37.9, "anticytokine_given": False, "hypotension": "none", "oxygen": "none"}, 0),
        # the more severe of hypotension and hypoxia sets the grade
        ({"temperature_c": FEBRILE, "hypotension": "one-pressor", "oxygen": "low-flow"}, 3),
        ({"temperature_c": FEBRILE, "hypotension": "fluids", "oxygen": "positive-pressure"}, 4),
        # vasopressin is not a second vasopressor: norepinephrine + vasopressin = one-pressor = 3
        ({"temperature_c": FEBRILE, "hypotension": "one-pressor", "oxygen": "none"}, 3),
        ({"temperature_c": FEBRILE, "hypotension": "multi-pressor", "oxygen": "none"}, 4),
        # masks at any flow are grade 3; CPAP/BiPAP are grade 4
        ({"temperature_c": FEBRILE, "hypotension": "none", "oxygen": "high-flow"}, 3),
        ({"temperature_c": FEBRILE, "hypotension": "none", "oxygen": "low-flow"}, 2),
        # fever waiver after anticytokine therapy: grade on hypotension and hypoxia
        ({"temperature_c": AFEBRILE, "anticytokine_given": True, "hypotension": "one-pressor", "oxygen": "none"}, 3),
        ({"temperature_c": AFEBRILE, "anticytokine_given": True, "hypotension": "fluids", "oxygen": "none"}, 2),
        # the waiver does not diagnose new CRS: no fever, no therapy -> criteria not met
        ({"temperature_c": AFEBRILE, "anticytokine_given": False, "hypotension": "multi-pressor", "oxygen": "none"}, 0),
    ],
)
def test_fact_sheet_cases(slots: dict[str, object], expected: int) -> None:
    assert g(**slots) == expected


def test_grade_zero_says_why_and_what_instead() -> None:
    result = grade(Case(temperature_c=37.0, anticytokine_given=False, hypotension="none", oxygen="none"))
    assert result.grade == 0 and result.status == "not-crs"
    assert any("criteria for CRS not met" in line for line in result.basis)
    assert any("other causes" in line for line in result.basis)
    assert "astct-grade0" in result.statement_ids


@pytest.mark.parametrize(
    ("slots", "statement"),
    [
        ({"temperature_c": FEBRILE, "hypotension": "vasopressin-only", "oxygen": "none"},
         "astct-undefined-vasopressin-only"),
        ({"temperature_c": AFEBRILE, "anticytokine_given": True, "hypotension": "none", "oxygen": "none"},
         "astct-undefined-afebrile"),
    ],
)
def test_cases_astct_leaves_undefined_are_reported_not_guessed(slots: dict[str, object], statement: str) -> None:
    result = grade(Case.model_validate(slots))
    assert result.grade is None
    assert result.status == "undefined"
    assert statement in result.statement_ids
    assert result.missing == ()


def test_vasopressin_only_is_decided_by_hypoxia_of_grade_3_or_more() -> None:
    assert g(temperature_c=FEBRILE, hypotension="vasopressin-only", oxygen="high-flow") == 3
    assert g(temperature_c=FEBRILE, hypotension="vasopressin-only", oxygen="positive-pressure") == 4


def test_basis_names_each_rule_that_fired() -> None:
    result = grade(Case(temperature_c=39.0, hypotension="none", oxygen="high-flow"))
    assert "hypoxia: high-flow nasal cannula (> 6 L/min) or a facemask, non-rebreather or Venturi mask -> grade 3" in (
        result.basis
    )
    assert result.basis[-1] == "ASTCT grade 3"


# --- the whole input space -------------------------------------------------------------

TEMPS = (None, 36.5, 37.99, 38.0, 40.0)
TREATED = (None, False, True)
HYPO = (None, *HYPOTENSION_VALUES)
OXY = (None, *OXYGEN_VALUES)
H_LEVEL = {"none": 0, "fluids": 2, "one-pressor": 3, "multi-pressor": 4}
O_LEVEL = {"none": 0, "low-flow": 2, "high-flow": 3, "positive-pressure": 4}


def reference_grade(temp: float, treated: bool, hypo: str, oxy: str) -> int | None:
    """ASTCT written out directly from the table, for complete inputs."""
    febrile = temp >= 38.0
    if not febrile and not treated:
        return 0
    if hypo == "vasopressin-only":
        return O_LEVEL[oxy] if O_LEVEL[oxy] >= 3 else None
    level = max(H_LEVEL[hypo], O_LEVEL[oxy])
    if febrile:
        return max(level, 1)
    return level if level >= 2 else None


COMPLETE = list(product((36.5, 38.0, 40.0), (False, True), HYPOTENSION_VALUES, OXYGEN_VALUES))


@pytest.mark.parametrize(("temp", "treated", "hypo", "oxy"), COMPLETE)
def test_complete_inputs_match_the_table(temp: float, treated: bool, hypo: str, oxy: str) -> None:
    result = grade(Case(temperature_c=temp, anticytokine_given=treated, hypotension=hypo, oxygen=oxy))  # type: ignore[arg-type]
    assert result.grade == reference_grade(temp, treated, hypo, oxy)
    assert result.missing == ()
    assert result.basis, "every graded case has a basis"


def test_partial_inputs_grade_only_when_every_completion_agrees() -> None:
    """A grade is given with unknown slots only if no value of them could change it."""
    for temp, treated, hypo, oxy in product(TEMPS, TREATED, HYPO, OXY):
        case = Case(temperature_c=temp, anticytokine_given=treated, hypotension=hypo, oxygen=oxy)  # type: ignore[arg-type]
        result = grade(case)
        completions = {
            reference_grade(t, tr, h, o)
            for t in ((temp,) if temp is not None else (36.5, 40.0))
            for tr in ((treated,) if treated is not None else (False, True))
            for h in ((hypo,) if hypo is not None else HYPOTENSION_VALUES)
            for o in ((oxy,) if oxy is not None else OXYGEN_VALUES)
        }
        if treated is None and (hypo, oxy) == ("none", "none") and temp is not None and temp < 38.0:
            # afebrile, neither hypotension nor hypoxia, the waiver unknown: no completion is a CRS
            # grade, so grade 0 stands with the assumption said, and the waiver is still asked
            assert result.grade == 0 and result.status == "not-crs", case
            assert "assumed none until answered" in result.basis[0]
            assert "astct-undefined-afebrile" in result.statement_ids
        elif len(completions) == 1 and result.status != "incomplete":
            assert result.grade == completions.pop()
        else:
            assert result.grade is None and result.status == "incomplete", case
            assert result.missing, f"an undecided grade must say what to ask: {case}"
            assert set(result.missing) <= {s for s in GRADING_SLOTS if getattr(case, s) is None}


def test_grade_0_while_the_waiver_is_unknown_only_when_nothing_else_could_make_it_crs() -> None:
    """Afebrile on room air with no hypotension: 0 with the assumption said, and the waiver still
    asked; with any hypotension or hypoxia the waiver decides the grade and it is not assumed."""
    calm = Case(temperature_c=37.2, hypotension="none", oxygen="none")
    result = grade(calm)
    assert (result.grade, result.status, result.missing) == (0, "not-crs", ())
    assert "anticytokine_given" in missing_slots(calm, result)
    for hypo, oxy in (("fluids", "none"), ("none", "low-flow"), ("vasopressin-only", "none"), (None, "none")):
        result = grade(Case(temperature_c=37.2, hypotension=hypo, oxygen=oxy))  # type: ignore[arg-type]
        assert result.grade is None and "anticytokine_given" in result.missing, (hypo, oxy)


def test_missing_names_only_slots_that_matter() -> None:
    # febrile on positive pressure is grade 4 whatever the blood pressure
    result = grade(Case(temperature_c=39.0, oxygen="positive-pressure"))
    assert result.grade == 4
    # febrile, no hypoxia: the blood pressure decides; prior therapy does not matter
    result = grade(Case(temperature_c=39.0, oxygen="none"))
    assert result.grade is None and result.missing == ("hypotension",)


def test_grading_ignores_management_slots() -> None:
    base = {"temperature_c": 39.0, "hypotension": "fluids", "oxygen": "none"}
    variants = [
        {"steroids": "none", "weight_kg": 20.0, "neutropenic": True, "icans": True},
        {"steroids": "full", "tocilizumab_doses": 4, "anakinra_mg_day": 800.0},
    ]
    assert {g(**base, **v) for v in variants} == {2}


def test_an_unknown_grade_of_a_known_crs_is_given_from_below_and_never_above_a_completion() -> None:
    """While a slot that decides the grade is missing but CRS is known (fever, or the waiver),
    `possible` holds exactly the grades the completions give (a completion ASTCT leaves undefined
    gives the grades a clinician may choose for it), so `at_least` is never above the grade the
    case turns out to have; where a completion is not CRS, nothing is claimed."""
    choosable = {"vasopressin-only": (2, 3)}
    claimed = 0
    for temp, treated, hypo, oxy in product(TEMPS, TREATED, HYPO, OXY):
        case = Case(temperature_c=temp, anticytokine_given=treated, hypotension=hypo, oxygen=oxy)  # type: ignore[arg-type]
        result = grade(case)
        if result.status != "incomplete":
            assert result.possible == () and result.at_least is None
            continue
        grades: set[int] = set()
        not_crs = False
        for t in ((temp,) if temp is not None else (36.5, 40.0)):
            for tr in ((treated,) if treated is not None else (False, True)):
                for h in ((hypo,) if hypo is not None else HYPOTENSION_VALUES):
                    for o in ((oxy,) if oxy is not None else OXYGEN_VALUES):
                        g = reference_grade(t, tr, h, o)
                        if g == 0 and t < 38.0 and not tr:
                            not_crs = True
                        elif g is not None:
                            grades.add(g)
                        else:  # undefined: vasopressin alone (2 or 3, or what hypoxia sets); afebrile after therapy (1)
                            grades.update((max(2, O_LEVEL[o]), 3) if h in choosable else (1,))
        if not_crs:
            assert result.possible == () and result.at_least is None, case
            continue
        claimed += 1
        assert result.possible == tuple(sorted(grades)), case
        assert result.at_least == min(grades), case
        assert f"at least grade {result.at_least}" in result.basis[-1], case
    assert claimed > 0


def test_high_flow_oxygen_with_the_blood_pressure_unknown_is_at_least_grade_3() -> None:
    result = grade(Case(temperature_c=38.9, oxygen="high-flow"))
    assert (result.grade, result.at_least, result.possible) == (None, 3, (3, 4))
    assert result.basis[-1] == (
        "blood pressure and vasopressors not yet known: at least grade 3; grade 3 or 4 once known")
    # no fever known, nothing given known: no claim (it may not be CRS)
    assert grade(Case(oxygen="high-flow")).at_least is None
