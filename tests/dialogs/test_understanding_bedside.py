"""Phrasings that lowered the grade in the red-team pass of 2 December (bedside consult lines,
writer s20, and non-native English, writer s21): room air where something was measured or tried
beside the device now, a vasopressor said to be off at another time or under a condition beside
one running now, and failed attempts to stop. The rows are ours, not the writers' lines. Each
fails when that phrasing is no longer read so."""

from __future__ import annotations

import pytest

from tests.dialogs.conftest import read_value as value


@pytest.mark.parametrize(
    ("text", "oxygen"),
    [
        ("T 39, HFNC 40L, RA sat 85%, BP ok", "high-flow"),
        ("T 38.8, NRB 15L; on room air sat was 84", "high-flow"),
        ("T 39, intubated; ABG on room air pO2 48 before", "positive-pressure"),
        ("T 39, on BiPAP, tried RA for 10 min but desatted", "positive-pressure"),
        ("T 38.6, 4 L NC, SpO2 on RA 87%", "low-flow"),
        ("T 38.9, 2L NC, sat 90 on RA", "low-flow"),
        ("T 38.8, d/c'd HFNC at 1400, on RA sats 94%", "none"),  # a normal saturation: room air now
        ("T 38.4, 0000 2L NC; 0400 RA sats 95%", "none"),
        ("T 38.4, RA sat 97%", "none"),
    ],
)
def test_room_air_measured_or_tried_beside_a_device_now_is_not_the_support_now(text: str, oxygen: str) -> None:
    assert value(text, "oxygen") == oxygen


@pytest.mark.parametrize(
    ("text", "hypotension"),
    [
        ("T 39, on levo 0.1, no pressors yesterday, RA", "one-pressor"),
        ("T 38.7, vaso + norepi, no pressors on admission", "one-pressor"),
        ("T 38.6, levo 0.05, no vasopressors before toci", "one-pressor"),
        ("T 39, norepi and phenylephrine, off phenylephrine for an hour earlier", "multi-pressor"),
        ("T 39.1, on norepi, pressors were off overnight", "one-pressor"),
        ("T 38.9, levo 0.08, hypotensive when levo paused", "one-pressor"),
        ("T 39, levo 0.1, BP 80s off pressors", "one-pressor"),
        ("T 39, levo 0.1, tried off levo but MAP dropped", "one-pressor"),
        ("T 39, on levo, weaning attempt off pressors failed", "one-pressor"),
        ("T 39, no way to wean the adrenaline and noradrenaline", "multi-pressor"),
        # a stop said as an event at a time is off now; a normal pressure off pressors is no condition
        ("Tmax 38.8, pressors d/c'd yesterday, RA", "none"),
        ("T 38.2, levo 0.03 briefly overnight -> off, now MAP 75 off pressors", "none"),
    ],
)
def test_a_vasopressor_off_at_another_time_or_under_a_condition_does_not_stop_one_running(
    text: str, hypotension: str
) -> None:
    assert value(text, "hypotension") == hypotension
