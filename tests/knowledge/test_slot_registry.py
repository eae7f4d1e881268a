"""The slot registry (knowledge/data/slots.toml): it loads, the code built on it agrees with it,
one value is checked without a whole case, and a broken file gives one line naming file, entry and field."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from knowledge import slot_registry
from knowledge.check import check
from knowledge.grading import HYPOTENSION_GRADE, HYPOTENSION_WORDS, OXYGEN_GRADE, OXYGEN_WORDS
from knowledge.loader import DATA_DIR
from knowledge.slot_registry import SlotRegistryError, SlotValueError, load_registry, validate
from knowledge.slots import (
    ANAKINRA_MG_DAY_MAX,
    GRADING_SLOTS,
    HYPOTENSION_VALUES,
    SLOT_NAMES,
    TEMPERATURE_RANGE_C,
    TOCILIZUMAB_DOSES_MAX,
    WEIGHT_RANGE_KG,
    Case,
    case_disagreements,
    slot_vocabulary,
)

REGISTRY = slot_registry.default_registry()


def test_the_shipped_registry_loads_with_every_slot_in_order() -> None:
    assert [s.name for s in REGISTRY.slots] == [
        "temperature_c", "anticytokine_given", "hypotension", "oxygen", "steroids", "tocilizumab_doses",
        "anakinra_given", "anakinra_mg_day", "improving", "weight_kg", "child", "neutropenic", "icans",
        "ice_score", "capd_score", "consciousness", "seizure", "motor_weakness", "raised_icp",
        "ferritin_rising", "product", "region", "day", "cycle_day", "step_up", "grade", "anakinra_mg_kg_day",
        "icans_grade", "population", "tocilizumab_timing", "tocilizumab_time",
    ]
    assert [s.name for s in REGISTRY.with_role("dialog")] == ["anakinra_given", "tocilizumab_time"]
    assert [s.name for s in REGISTRY.with_role("derived")] == [
        "grade", "anakinra_mg_kg_day", "icans_grade", "population", "tocilizumab_timing"]
    assert REGISTRY["hypotension"].label == "blood pressure and vasopressors"
    assert REGISTRY["hypotension"].words("one-pressor") == "one vasopressor (with or without vasopressin)"


def test_the_public_names_are_the_registrys() -> None:
    assert SLOT_NAMES == REGISTRY.names == Case.field_names()
    assert GRADING_SLOTS == ("temperature_c", "anticytokine_given", "hypotension", "oxygen")
    assert REGISTRY["hypotension"].allowed == HYPOTENSION_VALUES
    assert TEMPERATURE_RANGE_C == (30.0, 45.0) == REGISTRY["temperature_c"].range
    assert WEIGHT_RANGE_KG == (0.5, 350.0) and TOCILIZUMAB_DOSES_MAX == 8 and ANAKINRA_MG_DAY_MAX == 5000.0
    assert REGISTRY.value_words("hypotension") == HYPOTENSION_WORDS
    assert OXYGEN_WORDS["low-flow"] == "low-flow nasal cannula (<= 6 L/min) or blow-by"
    assert set(slot_vocabulary()) == {*SLOT_NAMES, "grade", "anakinra_mg_kg_day", "icans_grade", "population",
                                      "tocilizumab_timing"}


def test_case_and_the_grading_rules_agree_with_the_registry() -> None:
    assert case_disagreements() == []
    assert tuple(HYPOTENSION_GRADE) == REGISTRY["hypotension"].allowed
    assert tuple(OXYGEN_GRADE) == REGISTRY["oxygen"].allowed


@pytest.mark.parametrize(("old", "new", "named"), [
    ('max = 45.0', 'max = 44.0', "Case.temperature_c has range"),
    ('{ value = "low-dose", words = "low dose only" },\n', '', "Case.steroids allows"),
    ('zero_words = "none"', 'zero_words = "none"\ninteger = true', "Case.anakinra_mg_day is"),
])
def test_a_registry_that_differs_from_case_is_named(relabel: Any, old: str, new: str, named: str) -> None:
    relabel(old, new)
    found = case_disagreements()
    assert len(found) == 1 and named in found[0], found


def test_kb_check_fails_when_case_and_registry_differ(relabel: Any) -> None:
    relabel("max = 45.0", "max = 44.0")
    assert any("Case.temperature_c" in p for p in check())


# --- one value at a time ---------------------------------------------------------------


def test_validate_accepts_and_normalises_one_value() -> None:
    assert validate("temperature_c", 39) == 39.0 and isinstance(validate("temperature_c", 39), float)
    assert validate("tocilizumab_doses", 2.0) == 2 and isinstance(validate("tocilizumab_doses", 2.0), int)
    assert validate("hypotension", "fluids") == "fluids"
    assert validate("anakinra_given", True) is True  # dialog-only slots too


@pytest.mark.parametrize(("slot", "value", "accepted"), [
    ("temperature_c", 46, "a number from 30 to 45 C"),
    ("temperature_c", True, "a number from 30 to 45 C"),
    ("temperature_c", "39", "a number from 30 to 45 C"),
    ("temperature_c", float("nan"), "a number from 30 to 45 C"),
    ("tocilizumab_doses", 1.5, "a whole number from 0 to 8"),
    ("hypotension", "two-pressors", "one of none, fluids, one-pressor, multi-pressor, vasopressin-only"),
    ("icans", "yes", "true or false"),
])
def test_validate_refuses_in_one_line_saying_what_is_accepted(slot: str, value: object, accepted: str) -> None:
    with pytest.raises(SlotValueError) as caught:
        validate(slot, value)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{slot}: ") and accepted in message


def test_validate_names_an_unknown_slot() -> None:
    with pytest.raises(SlotValueError, match="unknown slot 'bp'"):
        validate("bp", "none")


values = st.one_of(st.booleans(), st.integers(-10, 6000), st.floats(-10, 6000), st.floats(),
                   st.sampled_from([*HYPOTENSION_VALUES, "low-flow", "full", "x", "", "1"]))


def _typed_for(slot: str, value: object) -> bool:
    """A value of the slot's own Python type (a number for a number, true/false, a string for a choice)."""
    kind = REGISTRY[slot].kind
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "choice":
        return isinstance(value, str)
    return isinstance(value, int | float) and not isinstance(value, bool)


@given(slot=st.sampled_from(SLOT_NAMES), value=values)
def test_validate_agrees_with_case_and_is_never_laxer(slot: str, value: object) -> None:
    try:
        case_value: object = getattr(Case.model_validate({slot: value}), slot)
    except ValidationError:
        case_value = ValidationError
    try:
        registry_value: object = validate(slot, value)
    except SlotValueError:
        registry_value = SlotValueError
    if registry_value is not SlotValueError:  # what the registry accepts, Case accepts, as the same value
        assert case_value == registry_value and type(case_value) is type(registry_value), (slot, value)
    if _typed_for(slot, value):  # for values of the slot's own type they agree exactly
        assert (case_value is ValidationError) == (registry_value is SlotValueError), (slot, value)


# --- a broken file -----------------------------------------------------------------------


@pytest.fixture
def slots_file(tmp_path: Path) -> Path:
    path = tmp_path / "slots.toml"
    shutil.copy(slot_registry.SLOTS_PATH, path)
    return path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(("old", "new", "entry", "field"), [
    ('label = "blood pressure and vasopressors"\n', "", "slot 3 (hypotension)", "label"),
    ('kind = "choice"', 'kind = "text"', "slot 3 (hypotension)", "kind"),
    ('min = 30.0\nmax = 45.0', 'min = 45.0\nmax = 30.0', "slot 1 (temperature_c)", "max"),
    ('{ value = "fluids", words = "hypotension not requiring vasopressors" }', '{ value = "fluids", words = "" }',
     "slot 3 (hypotension)", "values.2.words"),
    ('aliases = ["oxygen", "o2"]', 'aliases = ["oxygen", "bp"]', "slot (oxygen)", "aliases"),
    ('name = "--steroids"', 'name = "--oxygen"', "slot (steroids)", "flag"),
    ('flag = { name = "--weight", metavar = "W", parser = "weight"', 'flag = { name = "--weight", metavar = "W", '
     'parser = "pounds"', "slot 10 (weight_kg)", "flag.parser"),
    ('grading = true\nunit = "C"', 'grading = "yes"\nunit = "C"', "slot 1 (temperature_c)", "grading"),
    ('label = "oxygen support"', 'label = "oxygen support"\ncolour = "blue"', "slot 4 (oxygen)", "colour"),
    ('name = "--neutropenic", off = "--not-neutropenic"', 'name = "--neutropenic"', "slot 12 (neutropenic)",
     "flag.off"),
])
def test_a_broken_registry_gives_one_line_naming_file_entry_and_field(
    slots_file: Path, old: str, new: str, entry: str, field: str
) -> None:
    edit(slots_file, old, new)
    with pytest.raises(SlotRegistryError) as caught:
        load_registry(slots_file)
    assert len(caught.value.problems) == 1, caught.value.problems
    (line,) = caught.value.problems
    assert line.startswith(f"{slots_file}: {entry}: field '{field}': "), line


def test_an_unreadable_registry_says_so_in_one_line(slots_file: Path) -> None:
    slots_file.write_text("[[slot]\nname = ")
    with pytest.raises(SlotRegistryError) as caught:
        load_registry(slots_file)
    (line,) = caught.value.problems
    assert line.startswith(f"{slots_file}: cannot be read: ")


def test_kb_check_lists_a_broken_registry(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root)
    edit(root / "slots.toml", 'label = "oxygen support"\n', "")
    problems = check(root)
    assert problems == [f"{root / 'slots.toml'}: slot 4 (oxygen): field 'label': missing"]


def test_kb_check_names_a_plan_default_the_registry_refuses(relabel: Any) -> None:
    relabel('{ value = "full", words = "full dose acceptable" },\n', "")
    assert "knowledge/planning.py: PLAN_DEFAULTS: steroids: 'full' is not accepted (one of low-dose, none)" in check()
