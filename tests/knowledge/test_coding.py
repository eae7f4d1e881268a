"""ICD-10-CM codes in the JSON and the note (FACTS-2 section 7): for a documented grade only,
each with its status; never for an open, undefined or zero grade."""

from __future__ import annotations

from knowledge.assessment import assess, to_json
from knowledge.coding import code_for, codes
from knowledge.slots import Case

FACTS2 = {("crs", 1): "D89.831", ("crs", 2): "D89.832", ("crs", 3): "D89.833", ("crs", 4): "D89.834",
          ("icans", 1): "G92.01", ("icans", 2): "G92.02", ("icans", 3): "G92.03", ("icans", 4): "G92.04"}


def test_each_grade_has_the_fact_sheets_code_marked_secondary() -> None:
    for (condition, grade), code in FACTS2.items():
        found = code_for(condition, grade)
        assert found is not None and found.code == code and found.status == "V2"
        assert "check before use" in found.words()


def test_no_code_is_inferred_for_an_open_or_zero_grade() -> None:
    assert codes(None, None) == () and codes(0, 0) == ()
    assert code_for("crs", 5) is None  # D89.835 is U in FACTS-2: not coded
    open_case = to_json(assess(Case(temperature_c=39.0)))
    assert open_case["grade"] is None and open_case["icd10"] == []


def test_json_carries_both_codes() -> None:
    case = Case(temperature_c=39.0, hypotension="one-pressor", oxygen="none", icans=True, ice_score=5,
                consciousness="voice", seizure="none", motor_weakness=False, raised_icp="none")
    data = to_json(assess(case))
    assert [(c["code"], c["status"]) for c in data["icd10"]] == [("D89.833", "V2"), ("G92.02", "V2")]
