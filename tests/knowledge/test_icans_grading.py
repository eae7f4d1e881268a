"""ASTCT ICANS grading (FACTS.md section 2), exhaustively over the domain combinations.

The expected grade is computed here from the FACTS table written out as rows (grade -> what
reaches it in each domain), independently of `knowledge.icans`.
"""

from __future__ import annotations

import itertools

import pytest

from knowledge.icans import grade_icans, ice_grade, ice_total

# FACTS section 2, one row per grade: the ICE scores, consciousness, seizure, motor and ICP
# findings that reach it.
TABLE: dict[int, dict[str, set[object]]] = {
    1: {"ice": {7, 8, 9}, "consciousness": {"spontaneous"}, "seizure": set(), "motor": set(), "icp": set()},
    2: {"ice": {3, 4, 5, 6}, "consciousness": {"voice"}, "seizure": set(), "motor": set(), "icp": set()},
    3: {"ice": {0, 1, 2}, "consciousness": {"touch"}, "seizure": {"resolved"}, "motor": set(),
        "icp": {"focal-oedema"}},
    4: {"ice": set(), "consciousness": {"unarousable"}, "seizure": {"prolonged"}, "motor": {True},
        "icp": {"diffuse"}},
}
ICE = [None, *range(11)]
CONSCIOUSNESS = [None, "alert", "spontaneous", "voice", "touch", "unarousable"]
SEIZURE = [None, "none", "resolved", "prolonged"]
MOTOR = [None, False, True]
ICP = [None, "none", "focal-oedema", "diffuse"]


def expected(ice: object, consciousness: object, seizure: object, motor: object, icp: object) -> int:
    found = {"ice": ice if consciousness != "unarousable" else None, "consciousness": consciousness,
             "seizure": seizure, "motor": motor, "icp": icp}
    return max((g for g, row in TABLE.items() for d, v in found.items() if v in row[d]), default=0)


COMBINATIONS = list(itertools.product(ICE, CONSCIOUSNESS, SEIZURE, MOTOR, ICP))


def test_every_combination_of_the_five_domains_gets_the_grade_of_its_most_severe_domain() -> None:
    assert len(COMBINATIONS) == 12 * 6 * 4 * 3 * 4
    for ice, consciousness, seizure, motor, icp in COMBINATIONS:
        values = {"icans": True, "ice_score": ice, "consciousness": consciousness, "seizure": seizure,
                  "motor_weakness": motor, "raised_icp": icp}
        result = grade_icans(values)
        top = expected(ice, consciousness, seizure, motor, icp)
        encephalopathy = ice is not None or consciousness == "unarousable"
        complete = None not in (consciousness, seizure, motor, icp) and encephalopathy
        where = values
        if complete or top == 4:
            assert result.grade == top, where
            assert result.status == ("no-icans" if top == 0 else "graded"), where
            assert result.missing == (), where
        else:
            # never a lower grade than the true one: with a domain unknown the grade stays open
            assert result.grade is None and result.status == "incomplete", where
            assert result.at_least == top, where
            assert result.missing, where


def test_ice_zero_awake_with_global_aphasia_is_grade_3_and_unarousable_is_grade_4() -> None:
    awake = {"icans": True, "ice_score": 0, "consciousness": "alert", "seizure": "none",
             "motor_weakness": False, "raised_icp": "none"}
    result = grade_icans(awake)
    assert result.grade == 3
    assert any("global aphasia" in b for b in result.basis)
    assert grade_icans({**awake, "consciousness": "unarousable"}).grade == 4


@pytest.mark.parametrize(("score", "grade"), [(10, 0), (9, 1), (7, 1), (6, 2), (3, 2), (2, 3), (0, 3)])
def test_ice_domain_bands(score: int, grade: int) -> None:
    assert ice_grade(score) == grade


def test_ice_score_item_by_item() -> None:
    for items in itertools.product(range(5), range(4), range(2), range(2), range(2)):
        assert ice_total(*items) == sum(items)
    with pytest.raises(ValueError, match="orientation is 0-4"):
        ice_total(5, 0, 0, 0, 0)
    with pytest.raises(ValueError, match="naming is 0-3"):
        ice_total(0, 4, 0, 0, 0)
    with pytest.raises(ValueError, match="0-10"):
        ice_grade(11)


def test_capd_9_or_more_suggests_grade_3_and_below_9_is_not_covered() -> None:
    rest = {"icans": True, "consciousness": "alert", "seizure": "none", "motor_weakness": False, "raised_icp": "none"}
    high = grade_icans({**rest, "capd_score": 9})
    assert high.grade == 3 and any("secondary reproduction" in b for b in high.basis)
    low = grade_icans({**rest, "capd_score": 8})
    assert low.grade is None and low.status == "incomplete"
    assert any("not covered" in b for b in low.basis)
    assert grade_icans({**rest, "capd_score": 4, "seizure": "prolonged"}).grade == 4


def test_no_neurotoxicity_and_nothing_known() -> None:
    assert grade_icans({"icans": False}).grade == 0
    assert grade_icans({"icans": False}).status == "no-icans"
    assert grade_icans({}).grade is None and grade_icans({}).status == "unknown"
    reported = grade_icans({"icans": True})
    assert reported.status == "incomplete"
    assert reported.missing == ("ice_score", "consciousness", "seizure", "motor_weakness", "raised_icp")
