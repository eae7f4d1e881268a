"""Phrasings that lowered the grade in the red-team pass of 1 December (late evening, sign-outs and
assessment-and-plan notes): a goal, target or criterion written after the state now ("goal RA",
"floor criteria: off pressors, RA", "wean to RA as tolerated"), a past or baseline state written
after it ("yesterday on RA"), a support for part of the day beside a lower one ("BiPAP at night,
2L NC during day"), a Fahrenheit peak with no unit after a lower temperature now ("T 37.4 now /
102.1 at 2200"), and "MAP soft". The rows are ours, not the writers' lines. Each fails when that
phrasing is no longer read so."""

from __future__ import annotations

import pytest

from tests.dialogs.conftest import read_value as value


@pytest.mark.parametrize(
    "text",
    [
        "Tmax 38.9, HFNC 45L, BP ok; goal RA",
        "Tmax 39.4, Airvo 50L, BP fine; target: RA by AM",
        "Tmax 39, HFNC 40L, BP ok -> wean to RA as tolerated",
        "T 38.7, HFNC 40L, normotensive; transfer criteria: RA, afebrile 24h",
        "T 38.6, HFNC 35L, BP ok; PT/OT once on RA",
        "T 39.1, HFNC 40L, BP ok; ideally RA by tomorrow",
        "Tmax 39, HFNC 40L, BP ok; yesterday on RA",
        "Tmax 39, HFNC 40L, BP ok. Yesterday: RA.",
    ],
)
def test_a_goal_or_a_past_state_after_the_support_now_leaves_it(text: str) -> None:
    assert value(text, "oxygen") == "high-flow"


@pytest.mark.parametrize(
    "text",
    [
        "Tmax 39.1, norepi + epi, HFNC 40L; floor criteria: off pressors, RA, afebrile 24h",
        "T 39, levophed and epinephrine, BiPAP; goal off pressors",
    ],
)
def test_a_criterion_or_goal_of_being_off_pressors_leaves_them_running(text: str) -> None:
    assert value(text, "hypotension") == "multi-pressor"


@pytest.mark.parametrize(
    "text",
    [
        "T 38.9, norepi 0.05 (MAP goal > 65), RA",
        "MAP goal >65 on levophed 6 mL/h, T 38.4, RA",
        "Target MAP 65 on norepinephrine 0.1, T 38.1, RA",
    ],
)
def test_a_blood_pressure_target_on_a_running_drip_is_no_plan(text: str) -> None:
    assert value(text, "hypotension") == "one-pressor"


@pytest.mark.parametrize(
    ("text", "oxygen"),
    [
        ("Tmax 39, BiPAP at night, 2L NC during day, BP ok", "positive-pressure"),
        ("Tmax 39, intermittent BiPAP, 4L NC between, BP ok", "positive-pressure"),
        ("T 38.8, CPAP qhs for hypoxia, 3L NC daytime, BP ok", "positive-pressure"),
        ("CPAP is his home device for OSA, worn at night only; daytime RA; T 38.5", "none"),
        ("T 38.5, on BiPAP; 3L NC during breaks", "positive-pressure"),
    ],
)
def test_a_support_for_part_of_the_day_counts_at_its_highest(text: str, oxygen: str) -> None:
    assert value(text, "oxygen") == oxygen


@pytest.mark.parametrize(
    ("text", "celsius"),
    [
        ("T 37.4 now / 102.1 at 2200, HFNC 30L", 38.9),
        ("T 99.5 now, 101.8 overnight, 3L NC", 38.8),
        ("T 98.6 now (was 101.8), HFNC 30L", 38.8),
        ("T 37.4 now, peaked 102.1, HFNC 30L", 38.9),
    ],
)
def test_a_fahrenheit_peak_without_its_unit_sets_the_fever(text: str, celsius: float) -> None:
    found = value(text, "temperature_c")
    assert isinstance(found, float) and abs(found - celsius) < 0.06


def test_a_number_after_a_slash_is_a_temperature_only_with_decimals() -> None:
    assert value("T 38.1, HFNC 60 / 40, BP ok", "temperature_c") == 38.1


def test_map_soft_after_fluids_is_fluid_responsive_hypotension() -> None:
    assert value("Tmax 39, MAP soft 60s s/p 3L, RA, no pressors", "hypotension") == "fluids"


def test_a_planned_extubation_leaves_the_ventilator_now() -> None:
    assert value("Tmax 39, intubated, BP ok; SBT today, aim extubate to 2L NC", "oxygen") == "positive-pressure"
