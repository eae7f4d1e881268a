"""Doses are guarded twice: each parameter within its drug's reviewed bounds (at `kb check` and at
every load), every computed dose of the reference patients pinned by a committed table, and a
computed dose outside the bounds, zero or negative never reaching a plan."""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.check import check
from knowledge.content import Dose
from knowledge.dose_table import render
from knowledge.loader import DATA_DIR, KbLoadError, default_kb, load, read
from knowledge.planning import build_plan, compute_dose
from knowledge.slots import WEIGHT_RANGE_KG, Case

Editor = Callable[[Path, str, str], None]
TOCI = "statements/tocilizumab.toml"
ADULT = 'drug = "tocilizumab", mg_per_kg = 8, max_mg = 800 }'


def _problems_naming(root: Path, field: str) -> list[str]:
    return [p for p in check(root) if "(toci-dose-adult): " in p and f"field '{field}'" in p]


@pytest.mark.parametrize(("typo", "fields"), [
    ('mg_per_kg = 80, max_mg = 8000 }', ["dose.mg_per_kg", "dose.max_mg"]),
    ('mg_per_kg = -8, max_mg = 800 }', ["dose.mg_per_kg"]),
    ('mg_per_kg = 0, max_mg = 800 }', ["dose.mg_per_kg"]),
    ('mg_per_kg = 8, max_mg = 80 }', ["dose.max_mg"]),
    ('mg_per_kg = 8, max_mg = 800, mg = 10 }', ["dose"]),
    ('mg_per_kg = nan, max_mg = 800 }', ["dose.mg_per_kg"]),
])
def test_a_dose_typo_fails_check_and_load(kb_copy: Path, edit_file: Editor, typo: str, fields: list[str]) -> None:
    edit_file(kb_copy / TOCI, ADULT, 'drug = "tocilizumab", ' + typo)
    for field in fields:
        assert _problems_naming(kb_copy, field), check(kb_copy)
    with pytest.raises(KbLoadError):
        load(kb_copy)


def test_a_dose_without_a_drug_or_with_an_unbounded_drug_or_parameter_fails(kb_copy: Path, edit_file: Editor) -> None:
    edit_file(kb_copy / TOCI, ADULT, "mg_per_kg = 8, max_mg = 800 }")
    assert _problems_naming(kb_copy, "dose")
    edit_file(kb_copy / TOCI, "mg_per_kg = 8, max_mg = 800 }", 'drug = "toclizumab", mg_per_kg = 8, max_mg = 800 }')
    assert _problems_naming(kb_copy, "dose.drug")
    steroids = kb_copy / "statements" / "steroids.toml"
    edit_file(steroids, 'every 6 hours", drug = "dexamethasone", mg = 10 }',
              'every 6 hours", drug = "dexamethasone", mg_per_kg = 0.15 }')
    assert any("statement (steroid-grade3): field 'dose.mg_per_kg': dose_bounds.toml declares no bounds" in p
               for p in check(kb_copy))


def test_bounds_must_be_ordered_and_cite_known_references(kb_copy: Path, edit_file: Editor) -> None:
    bounds = kb_copy / "dose_bounds.toml"
    edit_file(bounds, "mg_per_kg = { min = 8, max = 12 }", "mg_per_kg = { min = 12, max = 8 }")
    assert check(kb_copy) == ["dose_bounds.toml: drug 1 (tocilizumab): field 'mg_per_kg': "
                              "Value error, 'min' is above 'max'"]
    edit_file(bounds, "mg_per_kg = { min = 12, max = 8 }", "mg_per_kg = { min = 8, max = 12 }")
    edit_file(bounds, 'refs = ["CARTOX"]', 'refs = ["CARTOX2"]')
    assert "dose_bounds.toml: drug (siltuximab): field 'refs': cites unknown reference 'CARTOX2'" in check(kb_copy)


def test_a_bound_too_wide_for_the_weights_accepted_fails(kb_copy: Path, edit_file: Editor) -> None:
    edit_file(kb_copy / "dose_bounds.toml", "dose_mg = { min = 1, max = 3850 }", "dose_mg = { min = 1, max = 2000 }")
    assert any("field 'dose': computes 3850 mg for 350 kg, outside the reviewed dose_mg bounds of siltuximab" in p
               for p in check(kb_copy))


def test_a_change_that_moves_a_computed_dose_fails_until_the_table_is_updated(
    kb_copy: Path, edit_file: Editor
) -> None:
    # 10 mg/kg is within the reviewed bounds (8-12): only the table notices
    edit_file(kb_copy / TOCI, ADULT, 'drug = "tocilizumab", mg_per_kg = 10, max_mg = 800 }')
    problems = check(kb_copy)
    assert problems
    assert all(p.startswith("expected_doses.toml: ") for p in problems)
    assert any("(grade 2, 70 kg, steroids full, 0 tocilizumab doses, anakinra 0 mg/day): field 'doses.tocilizumab': "
               "the plan computes 700 mg, the table says 560 mg" in p for p in problems)
    with pytest.raises(KbLoadError):
        load(kb_copy)
    (kb_copy / "expected_doses.toml").write_text(render(read(kb_copy)), encoding="utf-8")  # updated with it
    assert check(kb_copy) == []


def test_a_code_change_that_moves_a_computed_dose_fails_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    import knowledge.planning as planning

    def floor(value: float, digits: int | None = None) -> float:  # rounding down instead of to nearest
        return float(math.floor(value)) if digits is None else math.floor(value * 10**digits) / 10**digits

    monkeypatch.setattr(planning, "round", floor, raising=False)
    assert any("29.9 kg" in p and "the plan computes 358 mg, the table says 359 mg" in p for p in check(DATA_DIR))


def test_the_table_is_what_the_plans_compute_and_covers_the_reference_patients() -> None:
    raw = tomllib.loads((DATA_DIR / "expected_doses.toml").read_text(encoding="utf-8"))
    assert (DATA_DIR / "expected_doses.toml").read_text(encoding="utf-8") == render(default_kb())
    cases = raw["case"]
    assert {20, 29.9, 30, 70, 82, 100, 150} <= {c["weight_kg"] for c in cases}
    assert {1, 2, 3, 4} <= {c["grade"] for c in cases}
    assert {"full", "low-dose", "none"} <= {c["steroids"] for c in cases}
    assert {0, 1, 3, 4} <= {c["tocilizumab_doses"] for c in cases}


@pytest.mark.parametrize(("weight", "toci"), [(20, 240), (29.9, 359), (30, 240), (70, 560), (82, 656),
                                              (100, 800), (150, 800)])
def test_committed_tocilizumab_doses_follow_the_label(weight: float, toci: float) -> None:
    """12 mg/kg under 30 kg, else 8 mg/kg; at most 800 mg (FACTS.md): the table says the same."""
    raw = tomllib.loads((DATA_DIR / "expected_doses.toml").read_text(encoding="utf-8"))
    rows = [c for c in raw["case"] if c["weight_kg"] == weight and c["grade"] >= 2 and c["tocilizumab_doses"] < 4]
    assert rows and all(c["doses"]["tocilizumab"] == toci for c in rows)
    # siltuximab from grade 3 only: four tocilizumab doses alone do not make it primary at grade 2
    # (from the adult protocol: not for a child, nor a patient under 30 kg whose age is not given)
    beyond = [c for c in raw["case"] if c["weight_kg"] == weight and c["tocilizumab_doses"] >= 4 and c["grade"] >= 3]
    adult = weight >= 30
    assert beyond and all("tocilizumab" not in c["doses"]
                          and c["doses"].get("siltuximab") == (round(11 * weight) if adult else None)
                          for c in beyond)


@pytest.mark.parametrize("bad", [-8.0, 0.0, 80.0, math.nan, math.inf])
def test_the_computation_guards_a_dose_that_slipped_past_the_checks(bad: float) -> None:
    bounds = default_kb().dose_bounds["tocilizumab"]
    dose = Dose.model_construct(words="8 mg/kg", drug="tocilizumab", mg=None, mg_per_kg=bad, max_mg=None)
    words, mg = compute_dose(dose, 70.0, bounds)
    assert mg is None and words == "8 mg/kg"
    fixed = Dose.model_construct(words="10 mg", drug="tocilizumab", mg=bad, mg_per_kg=None, max_mg=None)
    assert compute_dose(fixed, 70.0, bounds)[1] is None
    assert compute_dose(Dose.model_construct(words="x", drug="nobody", mg=10.0, mg_per_kg=None, max_mg=None),
                        70.0, None)[1] is None


def test_a_plan_from_an_unchecked_knowledge_base_carries_no_absurd_dose(kb_copy: Path, edit_file: Editor) -> None:
    """Even a knowledge base read without its checks (never done by the program) cannot put
    5600 mg or -560 mg into a plan: the computation refuses it and gives the words only."""
    edit_file(kb_copy / TOCI, ADULT, 'drug = "tocilizumab", mg_per_kg = 8, max_mg = 800 }')
    kb = read(kb_copy)
    adult = kb.by_id["toci-dose-adult"]
    assert adult.dose is not None
    broken = adult.model_copy(update={"dose": adult.dose.model_copy(update={"mg_per_kg": 80.0, "max_mg": 8000.0})})
    kb2 = type(kb)(kb.meta, tuple(broken if s.id == adult.id else s for s in kb.statements), kb.references,
                   kb.actions, kb.content_hash, kb.origin, kb.dose_bounds)
    case = Case(temperature_c=39.0, hypotension="one-pressor", oxygen="none", weight_kg=70.0)
    (item,) = [i for i in build_plan(case, 3, kb2).items if i.action == "tocilizumab"]
    assert item.dose_mg is None and item.dose is not None and "5600" not in item.dose


@settings(max_examples=300, deadline=None)
@given(weight=st.floats(WEIGHT_RANGE_KG[0], WEIGHT_RANGE_KG[1]), grade=st.integers(0, 4),
       steroids=st.sampled_from(["full", "low-dose", "none"]), toci=st.integers(0, 8),
       anakinra=st.sampled_from([0.0, 100.0, 400.0]))
def test_every_computed_dose_is_positive_and_within_its_drugs_bounds(
    weight: float, grade: int, steroids: str, toci: int, anakinra: float
) -> None:
    kb = default_kb()
    case = Case(weight_kg=weight, steroids=steroids, tocilizumab_doses=toci, anakinra_mg_day=anakinra)  # type: ignore[arg-type]
    for item in build_plan(case, grade, kb).items:
        if item.dose_mg is not None:
            dosed = [kb.by_id[i].dose for i in item.statement_ids if kb.by_id[i].dose is not None]
            drug = dosed[0].drug if dosed and dosed[0] is not None else None
            assert drug is not None and item.dose_mg > 0
            assert kb.dose_bounds[drug].dose_mg.holds(item.dose_mg)
