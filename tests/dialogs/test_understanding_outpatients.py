"""Outpatients and bispecific step-up days, from calls and day units (the classes writer s36 found):
readings taken at home, antipyretics the patient took or that were listed as done, "mask" the verb,
premedication, a device the reason was measured on across "and", a support said to go on. The rows
are ours."""

from __future__ import annotations

import pytest

from dialogs.understanding import read
from tests.dialogs.conftest import read_value as value


@pytest.mark.parametrize(
    ("text", "celsius"),
    [
        ("Pt called, 100.8 at home x1, BP 124/70", 38.22),
        ("wife rang, says 102 on oral thermometer, home BP 128/80", 38.89),
        ("BP 120/70, RA, 101 at home", 38.33),
        ("T 38.4 ax, BP ok, RA", 38.4),
    ],
)
def test_a_temperature_taken_at_home_or_by_a_thermometer_is_the_temperature(text: str, celsius: float) -> None:
    assert value(text, "temperature_c") == pytest.approx(celsius, abs=0.01)


@pytest.mark.parametrize(
    "text",
    [
        "temp 38.6 at home, took tylenol, BP ok, RA",
        "took ibuprofen for a temp of 38.3, BP 150/90, 97% RA",
        "T 38.4, BP 120/76, 95% RA, giving APAP now",
        "38.3 at 4am, tyl x1. BP 118/70. 99% RA.",
        "Fever 39.4 after the step-up dose, BP 118/70, RA, tylenol + cultures",
        "temp 38.1 post-dose, normotensive, no O2, tylenol",
        "T 38.2, sat 97 RA. Infusion paused, APAP + diphenhydramine given",
        "tec SUD1 today, premeds dex 16 mg. T 37.4, BP 126/78, 98% RA",
    ],
)
def test_an_antipyretic_taken_listed_as_done_or_given_as_premedication_waives_the_fever(text: str) -> None:
    assert value(text, "anticytokine_given") is True
    assert not any("prefers" in note for note in read(text).notes)


@pytest.mark.parametrize(
    "text",
    ["T 37.6, BP 84/50 on levo, RA, tylenol?", "T 37.6, BP 84/50 on levo, RA, tylenol prn",
     "T 37.6, BP 84/50 on levo, RA, tylenol ordered", "T 38.4, BP ok, RA, has not taken anything"],
)
def test_an_antipyretic_asked_about_ordered_or_not_taken_waives_nothing(text: str) -> None:
    assert value(text, "anticytokine_given") is not True


@pytest.mark.parametrize(
    "text",
    [
        "after-hours call: temp 101.5 at home, home BP 118/72, pulse ox 97%",
        "Pt called, 100.8 at home, sat 98 on his finger thing, BP 124/70",
        "T 38.5 on home thermometer, BP 130s per home cuff, O2 sat 97%",
        "Called re: 38.4 at home, BP 121/78, pulse ox 98, took tylenol",
    ],
)
def test_a_normal_saturation_at_home_with_no_oxygen_named_is_room_air_and_says_it_is_assumed(text: str) -> None:
    assert value(text, "oxygen") == "none"
    assert any("assumed" in f.echo for f in read(text).findings if f.slot == "oxygen")


@pytest.mark.parametrize(
    ("text", "oxygen"),
    [
        ("pt called, T 38.5, BP 120/70, pulse ox 89%", None),  # low: asked
        ("T 38.5, BP 120/70, sats 97%", None),  # not at home: asked
        ("pt called from home, T 38.5, on 2L home O2, pulse ox 95%", "low-flow"),
    ],
)
def test_a_low_saturation_a_saturation_on_the_ward_or_oxygen_named_is_not_assumed_room_air(
    text: str, oxygen: str | None
) -> None:
    assert value(text, "oxygen") == oxygen


@pytest.mark.parametrize(
    ("text", "oxygen"),
    [
        ("T 38.9, BP ok, RA, she was worried tylenol would mask things", "none"),
        ("T 38.9, tylenol may mask the fever, on 5L face mask", "high-flow"),
        ("T 38.9, on mask, BP ok", "high-flow"),
    ],
)
def test_mask_the_verb_is_no_face_mask(text: str, oxygen: str) -> None:
    assert value(text, "oxygen") == oxygen


@pytest.mark.parametrize(
    "text",
    [
        "on bipap since 0500 for work of breathing and sats 85 on NRB. Febrile 38.5. BP 118/70",
        "BiPAP started for sats in the high 80s on 15L NRB, T 39, BP ok",
        "Overnight needed CPAP 10 for sats in 80s on NRB, remains on it. Fever 38.6, normotensive.",
    ],
)
def test_the_device_a_reason_was_measured_on_is_not_the_support_now(text: str) -> None:
    assert value(text, "oxygen") == "positive-pressure"


@pytest.mark.parametrize(
    ("text", "slot", "now"),
    [
        ("T 38.6, BP ok, was on levo overnight, still on it, RA", "hypotension", "one-pressor"),
        ("T 38.6, BP ok, overnight needed CPAP 10, remains on it", "oxygen", "positive-pressure"),
        ("T 38.6, BP ok, was on BiPAP, now 4L, still on it", "oxygen", "low-flow"),
    ],
)
def test_a_support_said_to_go_on_is_the_support_now(text: str, slot: str, now: str) -> None:
    assert value(text, slot) == now
    assert read(text).unread == ()


@pytest.mark.parametrize(
    "text",
    ["fever 38.1 with SBP 88 responsive to 1 L, O2 sat 95% room air", "T 38.1, SBP 85, responsive to fluids, RA"],
)
def test_a_pressure_responsive_to_a_volume_is_fluids(text: str) -> None:
    assert value(text, "hypotension") == "fluids"


def test_a_dose_asked_about_is_not_given() -> None:
    text = "T 38.7, 4 lpm NC, BP 118/72. Plan toci #2? already had 1 dose yesterday."
    assert value(text, "tocilizumab_doses") == 1


def test_a_nurses_call_about_a_ward_patient_is_no_home_reading() -> None:
    assert value("RN called re bed 5: T 38.9, BP 120/70, sats 95%", "oxygen") is None
