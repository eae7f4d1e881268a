"""Whole utterances: several slots at once, negation scope, the last mention winning, short
answers to the question just asked, questions, and the problems reported for bad values."""

from __future__ import annotations

import pytest

from dialogs.understanding import Reading, read
from knowledge.slots import SLOT_NAMES


def values(reading: Reading) -> dict[str, object]:
    return {f.slot: f.value for f in reading.findings}


def test_the_issue_example_fills_three_slots() -> None:
    reading = read("Tmax 101.8F, levo + vaso, HFNC 40L")
    assert values(reading) == {"temperature_c": 38.78, "hypotension": "one-pressor", "oxygen": "high-flow"}
    assert [f.phrase for f in reading.findings] == ["Tmax 101.8F", "levo + vaso", "HFNC 40L"]
    assert reading.problems == ()
    assert reading.is_question is False


def test_a_busy_handover() -> None:
    text = "afebrile after toci x1, on NC 2L, no pressors, ANC 0.2, ICE 6, wt 70kg, team refuses steroids"
    assert values(read(text)) == {
        "temperature_c": 37.0,
        "anticytokine_given": True,
        "hypotension": "none",
        "oxygen": "low-flow",
        "steroids": "none",
        "tocilizumab_doses": 1,
        "weight_kg": 70.0,
        "neutropenic": True,
        "icans": True,
        "ice_score": 6,
    }


def test_findings_come_in_case_field_order() -> None:
    reading = read("confused, wt 70 kg, HFNC, T 39, s/p toci x2, levo")
    slots = [f.slot for f in reading.findings]
    assert slots == sorted(slots, key=SLOT_NAMES.index)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NC 2L, actually HFNC 40L", {"oxygen": "high-flow"}),
        ("HFNC 40L, weaned to 2L NC", {"oxygen": "low-flow"}),
        ("T 38.2, now Tmax 39.4", {"temperature_c": 39.4}),
        ("on levo, now off pressors", {"hypotension": "none"}),
    ],
)
def test_the_last_mention_wins(text: str, expected: dict[str, object]) -> None:
    assert values(read(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no fever, on levo", {"temperature_c": 37.0, "hypotension": "one-pressor"}),
        ("no toci, dex given", {"tocilizumab_doses": 0, "anticytokine_given": True}),
        ("no pressors but on HFNC", {"hypotension": "none", "oxygen": "high-flow"}),
        ("off levo on vaso", {"hypotension": "vasopressin-only"}),
        ("no toci or anakinra", {"tocilizumab_doses": 0, "anakinra_mg_day": 0.0}),
        ("off oxygen; levo", {"oxygen": "none", "hypotension": "one-pressor"}),
        ("denies confusion", {}),
    ],
)
def test_a_negation_stays_in_its_clause(text: str, expected: dict[str, object]) -> None:
    assert values(read(text)) == expected


@pytest.mark.parametrize(
    ("expecting", "text", "expected"),
    [
        ("temperature_c", "39.1", 39.1),
        ("temperature_c", "101.8", 38.78),
        ("temperature_c", "no", 37.0),
        ("weight_kg", "70", 70.0),
        ("tocilizumab_doses", "2", 2),
        ("tocilizumab_doses", "none", 0),
        ("anakinra_mg_day", "400", 400.0),
        ("anakinra_mg_day", "no", 0.0),
        ("hypotension", "2", "multi-pressor"),
        ("hypotension", "1", "one-pressor"),
        ("hypotension", "no", "none"),
        ("oxygen", "4", "low-flow"),
        ("oxygen", "none", "none"),
        ("steroids", "full", "full"),
        ("steroids", "low dose", "low-dose"),
        ("steroids", "no", "none"),
        ("steroids", "yes", "full"),
        ("steroids", "fine", "full"),
        ("steroids", "team wants low dose only", "low-dose"),
        ("anticytokine_given", "y", True),
        ("anticytokine_given", "n", False),
        ("neutropenic", "yes", True),
        ("neutropenic", "300", True),
        ("icans", "no", False),
        ("icans", "7", True),
        ("icans", "yes, aphasic", True),
    ],
)
def test_short_answers_fill_the_slot_asked(expecting: str, text: str, expected: object) -> None:
    reading = read(text, expecting)
    assert values(reading) == {expecting: pytest.approx(expected)}
    assert reading.problems == ()


@pytest.mark.parametrize("text", ["unknown", "not sure", "no idea", "dunno"])
@pytest.mark.parametrize("expecting", ["temperature_c", "anticytokine_given", "oxygen", "steroids"])
def test_not_knowing_gives_nothing_and_no_complaint(expecting: str, text: str) -> None:
    assert read(text, expecting) == Reading((), (), False)


@pytest.mark.parametrize("text", ["39.1", "70", "2", "yes", "no"])
def test_without_expecting_bare_answers_are_not_guessed(text: str) -> None:
    assert read(text).findings == ()


def test_a_slot_read_in_full_takes_no_short_answer_too() -> None:
    reading = read("Tmax 39.2 at 0800", "temperature_c")
    assert values(reading) == {"temperature_c": 39.2}
    assert reading.problems == ()


def test_an_answer_about_another_slot_is_not_taken_for_a_no() -> None:
    assert values(read("no pressors", "oxygen")) == {"hypotension": "none"}


def test_yes_without_a_value_asks_for_one() -> None:
    reading = read("yes", "oxygen")
    assert reading.findings == ()
    assert reading.problems and "nasal cannula" in reading.problems[0]


def test_hesitancy_when_asked_about_steroids_asks_for_a_stance() -> None:
    reading = read("hesitant", "steroids")
    assert reading.findings == ()
    assert reading.problems == (
        "hesitancy about steroids: say whether the team accepts full-dose steroids, low dose only, or none",
    )


def test_several_bare_numbers_are_not_guessed() -> None:
    reading = read("38.5 39.1", "temperature_c")
    assert reading.findings == ()
    assert reading.problems and "more than one number" in reading.problems[0]


@pytest.mark.parametrize(
    "text",
    [
        "what dose of anakinra?",
        "is siltuximab an option?",
        "why not GM-CSF?",
        "Should we give toci",
        "how about dex",
    ],
)
def test_questions(text: str) -> None:
    assert read(text).is_question is True


@pytest.mark.parametrize("text", ["on levo", "s/p toci x2", "whatever is fine", "no"])
def test_statements(text: str) -> None:
    assert read(text).is_question is False


def test_a_question_still_reports_what_it_mentions() -> None:
    reading = read("is she still on levo?")
    assert reading.is_question is True
    assert values(reading) == {"hypotension": "one-pressor"}


@pytest.mark.parametrize(
    ("text", "slot", "problem"),
    [
        ("temp 50C", "temperature_c", "temperature 50 C is outside 30-45 C (or 86-113 F)"),
        ("Tmax 120F", "temperature_c", "temperature 120 F is outside 86-113 F (or 30-45 C)"),
        ("temp 60", "temperature_c", "temperature 60 is outside 30-45 C and 86-113 F"),
        ("wt 400 kg", "weight_kg", "weight 400 kg is outside 0.5-350 kg"),
        ("s/p toci x9", "tocilizumab_doses", "tocilizumab 9 doses is more than 8"),
        ("anakinra 100 mg", "anakinra_mg_day", "without how often"),
        ("anakinra 2 mg/kg q6h", "anakinra_mg_day", "give the weight"),
        ("anakinra 2000 mg q6h", "anakinra_mg_day", "outside 0-5000 mg/day"),
        ("NC 100 L", "oxygen", "outside 0-80 L/min"),
        ("ICE 12", "icans", "ICE score 12 is outside 0-10"),
        ("ANC <1000", "neutropenic", "give the value"),
        ("on pressors", "hypotension", "name the agents"),
        ("hypotensive", "hypotension", "responded to fluids"),
        ("hesitant about steroids", "steroids", "full-dose steroids, low dose only, or none"),
        ("on oxygen", "oxygen", "without a device or flow"),
    ],
)
def test_impossible_or_unreadable_values_are_problems(text: str, slot: str, problem: str) -> None:
    reading = read(text)
    assert slot not in values(reading)
    assert any(problem in p for p in reading.problems), reading.problems


def test_only_the_first_4000_characters_are_read() -> None:
    reading = read("x" * 4000 + " T 39")
    assert reading.findings == ()
    assert reading.problems == ("only the first 4,000 characters were read",)
    assert read("x" * 3990 + " T 39").problems == ()
