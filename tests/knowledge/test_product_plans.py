"""Plan tables per product and CRS grade, checked against FACTS-2.md (sections 2-4).

EXPECTED is written from the fact sheet, not from the statements: for each product and grade
1-4, what the plan's first item ("Product label: what to do now") must say, or that it must
say "not covered" where FACTS-2 did not see the label's row. No product borrows another's rule.
"""

from __future__ import annotations

import pytest

from knowledge.assessment import assess, to_json
from knowledge.products import BISPECIFICS, CAR_T
from knowledge.slots import Case

# ASTCT grade -> a case of that grade (febrile; hypotension / oxygen decide it)
GRADE_CASES = {
    1: {"hypotension": "none", "oxygen": "none"},
    2: {"hypotension": "fluids", "oxygen": "none"},
    3: {"hypotension": "one-pressor", "oxygen": "none"},
    4: {"hypotension": "multi-pressor", "oxygen": "none"},
}
NC = "not covered"
# product -> grade -> phrases the "what to do now" item must contain (FACTS-2 3.3, 2.2; FACTS 3)
EXPECTED: dict[str, dict[int, tuple[str, ...]]] = {
    "epcoritamab": {1: ("withhold epcoritamab", "resolve before the next dose"),
                    2: ("withhold epcoritamab", "Premedicate the next dose", "consider hospitalisation"),
                    3: ("withhold epcoritamab", "intensive care", NC), 4: (NC,)},
    "mosunetuzumab": {g: ("withhold mosunetuzumab until CRS resolves", NC) for g in range(1, 5)},
    "glofitamab": {1: ("withhold glofitamab", "up to 8 hours", "at least 72 hours"), 2: (NC,), 3: (NC,), 4: (NC,)},
    "elranatamab": {g: ("withhold elranatamab until CRS resolves", "discontinue permanently", NC)
                    for g in range(1, 5)},
    "teclistamab": {g: (NC,) for g in range(1, 5)},
    "talquetamab": {g: (NC,) for g in range(1, 5)},
    "tarlatamab": {1: ("withhold tarlatamab until CRS resolves, then resume",),
                   2: ("withhold tarlatamab until CRS resolves, then resume",),
                   3: ("withhold tarlatamab", "restart with step-up dosing",
                       "discontinue permanently if grade 3 CRS recurs"),
                   4: ("discontinue tarlatamab permanently",)},
    "blinatumomab": {1: (NC,), 2: (NC,),
                     3: ("interrupt blinatumomab", "dexamethasone 8 mg every 8 hours", "5 mg/m2, at most 8 mg",
                         "restart at 9 mcg/day", "28 mcg/day"),
                     4: ("discontinue blinatumomab permanently", "dexamethasone as for grade 3")},
    "axi-cel": {g: ("earlier corticosteroids",) for g in range(1, 5)},
    "brexu-cel": {g: ("earlier corticosteroids",) for g in range(1, 5)},
    "tisa-cel": {1: (), 2: ("methylprednisolone", "12 to 18 hours", NC), 3: ("methylprednisolone", NC),
                 4: ("methylprednisolone", NC)},
    **{p: {g: (NC,) for g in range(1, 5)} for p in ("liso-cel", "ide-cel", "cilta-cel", "obe-cel")},
}
# FACTS-2 statuses of the label rows: V2 rows must say they were seen only secondarily
SECONDARY = {"glofitamab": {1}, "elranatamab": {1, 2, 3, 4}, "tarlatamab": {1, 2, 3, 4}, "tisa-cel": {2, 3, 4}}


def plan_for(product: str, grade: int, **more: object) -> dict[str, object]:
    case = Case.model_validate({"temperature_c": 38.9, "weight_kg": 70, **GRADE_CASES[grade], "product": product,
                                **more})
    data = to_json(assess(case))
    assert data["grade"] == grade
    return data


def test_every_product_is_in_the_table() -> None:
    assert set(EXPECTED) == set(CAR_T) | set(BISPECIFICS)


@pytest.mark.parametrize("product", sorted(EXPECTED))
@pytest.mark.parametrize("grade", [1, 2, 3, 4])
def test_the_label_action_for_each_product_and_grade(product: str, grade: int) -> None:
    data = plan_for(product, grade)
    items = data["plan"]
    assert isinstance(items, list)
    wanted = EXPECTED[product][grade]
    label = [i for i in items if i["action"] == "product-label"]
    if not wanted:
        assert label == [], (product, grade)
        return
    (item,) = label
    assert items[0] is item, "the product's label action comes first: it changes what to do now"
    for phrase in wanted:
        assert phrase in item["text"], (product, grade, phrase, item["text"])
    assert ("(" in item["text"] and "label" in item["text"]) or "all regions" in item["text"]
    if grade in SECONDARY.get(product, set()):
        assert "secondary reproduction" in item["text"]


@pytest.mark.parametrize("product", sorted(EXPECTED))
def test_no_product_borrows_another_products_label(product: str) -> None:
    others = {p for p in EXPECTED if p != product}
    names = {"epcoritamab", "mosunetuzumab", "glofitamab", "elranatamab", "teclistamab", "talquetamab",
             "tarlatamab", "blinatumomab"}
    for grade in range(1, 5):
        for item in plan_for(product, grade)["plan"]:  # type: ignore[attr-defined]
            if item["action"] in ("product-label", "product-info", "definition-conflict"):
                borrowed = [n for n in names & others if f"{n.capitalize()} label" in item["text"]]
                assert borrowed == [], (product, grade, borrowed)


def test_mosunetuzumab_at_low_flow_names_the_six_litre_conflict() -> None:
    data = plan_for("mosunetuzumab", 2, oxygen="low-flow", hypotension="none")
    conflict = next(i for i in data["plan"] if i["action"] == "definition-conflict")  # type: ignore[attr-defined]
    assert "exactly 6 L/min" in conflict["text"] and "Graded by ASTCT" in conflict["text"]
    assert "LUN" in conflict["refs"]
    other = plan_for("epcoritamab", 2, oxygen="low-flow", hypotension="none")
    assert "definition-conflict" not in [i["action"] for i in other["plan"]]  # type: ignore[attr-defined]


def test_teclistamab_next_dose_follows_the_region() -> None:
    us = plan_for("teclistamab", 1, region="US")
    eu = plan_for("teclistamab", 1, region="EU")
    us_info = next(i for i in us["plan"] if i["action"] == "product-info")  # type: ignore[attr-defined]
    eu_info = next(i for i in eu["plan"] if i["action"] == "product-info")  # type: ignore[attr-defined]
    assert "D4, 1.5 mg/kg D7" in us_info["text"] and "hospitalise for 48 hours" in us_info["text"]
    assert "D3, 1.5 mg/kg D5" in eu_info["text"] and "EU SmPC wording itself is not covered" in eu_info["text"]


def test_late_fever_after_two_weeks_points_to_other_causes() -> None:
    data = plan_for("axi-cel", 1, day=20)
    texts = " ".join(i["text"] for i in data["plan"])  # type: ignore[attr-defined]
    assert "new-onset CRS after 2 weeks was 0%" in texts
    assert "after 2 weeks" not in " ".join(i["text"] for i in plan_for("axi-cel", 1, day=4)["plan"])  # type: ignore[attr-defined]


def test_without_a_product_no_product_items() -> None:
    case = Case.model_validate({"temperature_c": 38.9, **GRADE_CASES[3]})
    actions = to_json(assess(case))["plan"]
    assert not {i["action"] for i in actions} & {"product-label", "product-info", "definition-conflict"}
