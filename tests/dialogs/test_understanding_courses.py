"""Courses over several days in one message (the classes writer s37 found): temperatures of earlier
days of a course, a row said of today, boluses between two pressures and chains of oxygen flows,
"yest", a support planned, and a dose to be discussed. The rows are ours."""

from __future__ import annotations

import pytest

from tests.dialogs.conftest import read_value as value


@pytest.mark.parametrize(
    ("text", "celsius"),
    [
        ("Course: D1 fever 39, toci. D2 levo started. Today (D4): levo 0.25, epi 0.1, intubated, Tmax 38.2", 38.2),
        ("Febrile to 40.1 on D1, got toci x2. Today D4 off all pressors, weaned to 3L NC, Tmax 37.9.", 37.9),
        ("D1 39.2 -> dex 16mg. D2 SBP 80s -> 1L -> 100s. Today D3 BP 108/64, RA, temp 37.3.", 37.3),
        # the day before, with no maximum of its own today: within the last 24 hours, it counts
        ("D3 39.5 at 23:00, D4 (today) 37.2 at 08:00, 2L NC, BP ok", 39.5),
        ("D1 38.6, D2 39.1, BP ok, RA", 39.1),
    ],
)
def test_a_temperature_of_an_earlier_day_of_a_course_does_not_set_todays_fever(text: str, celsius: float) -> None:
    assert value(text, "temperature_c") == pytest.approx(celsius)


@pytest.mark.parametrize(
    ("text", "slot", "now"),
    [
        ("Went to ICU D2 on norepi + vasopressin, briefly on HFNC 40L. Today D4 off all pressors since 0600, "
         "weaned to 3L NC, Tmax 37.9, s/p toci x2", "hypotension", "none"),
        ("Went to ICU D2 on norepi + vasopressin, briefly on HFNC 40L. Today D4 off all pressors since 0600, "
         "weaned to 3L NC, Tmax 37.9, s/p toci x2", "oxygen", "low-flow"),
        ("Yest on 2 pressors (levo + epi), epi came off at 2200. Today just levo 0.04. 5L NC. Tmax 38.0",
         "hypotension", "one-pressor"),
        ("T 38.5, yest on levo, now off, RA", "hypotension", "none"),
    ],
)
def test_the_state_said_of_today_is_now(text: str, slot: str, now: str) -> None:
    assert value(text, slot) == now


@pytest.mark.parametrize(
    ("text", "hypotension", "oxygen"),
    [
        ("T 39, SBP 80s -> 1L -> 100s, RA", "fluids", "none"),
        ("T 39, MAP 55 → 1 L → 70, RA", "fluids", "none"),
        ("O2 6L -> 4L -> 2L NC, BP ok, afebrile post toci", "none", "low-flow"),
        ("escalated 2L -> 6L -> 15L NRB, T 38.8, BP ok, no pressors", "none", "high-flow"),
    ],
)
def test_a_bolus_between_pressures_is_fluids_and_a_chain_of_flows_is_oxygen(
    text: str, hypotension: str, oxygen: str
) -> None:
    assert value(text, "hypotension") == hypotension
    assert value(text, "oxygen") == oxygen


def test_a_device_being_prepared_for_is_not_the_support_now() -> None:
    assert value("T 39, HFNC 60L, BP ok, preparing for intubation", "oxygen") == "high-flow"


@pytest.mark.parametrize(
    ("text", "doses"),
    [("T 38.1, norepi 0.03, RA. Will discuss toci #2 at rounds.", 1),
     ("T 38.1, levo, RA, requesting dose #3 of toci", 2),
     ("T 38.1, levo, RA, toci #2 given for ongoing fever", 2)],
)
def test_a_dose_to_be_discussed_or_requested_is_not_given(text: str, doses: int) -> None:
    assert value(text, "tocilizumab_doses") == doses


@pytest.mark.parametrize(
    ("text", "oxygen"),
    [
        ("Extubated 1100 after 3 days on the vent. HFNC 50L now. Norepi 0.04. T 37.8. Watch for re-intubation.",
         "high-flow"),
        ("extubated this am straight to BiPAP 10/5 as a bridge. Norad 0.06. T 37.8. Will reassess for HFNC later.",
         "positive-pressure"),
        ("Fine on RA yesterday morning, Tmax 38.6. By evening sats 88% and needed 4L, then overnight went to "
         "NRB 15L. BP 110s without fluids or pressors.", "high-flow"),
    ],
)
def test_a_support_watched_for_or_reassessed_is_planned_and_one_that_was_needed_is_not(text: str, oxygen: str) -> None:
    assert value(text, "oxygen") == oxygen
