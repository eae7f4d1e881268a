"""Two patients no label names: two temperatures, each in its own part of the line with findings of
its own, are two patients, never merged into one case; a time, a trend, a correction, two sites or
one reading in two units make them one patient's (dialogs/understanding/two_temperatures.py)."""

from __future__ import annotations

import pytest

from dialogs.understanding import read


@pytest.mark.parametrize(
    "text",
    [
        "Hers: T 38.4 on RA. Her husband (also CAR-T) 39.0 on 2 L.",
        "patel 39.4 bipap; nguyen 38.5 ra normotensive",
        "anna t 39.5 NE + epi intubated / bob t 38.2 ra bp ok",
        "icu pt t 39 intubated NE + epi, ward pt t 38.3 ra bp ok",
        "AB (liso-cel) T 38.9 NRB; CD (brexu-cel) T 38.4 RA; BP ok in both",
    ],
)
def test_two_temperatures_with_findings_of_their_own_are_two_patients(text: str) -> None:
    reading = read(text)
    assert len(reading.patients) == 2
    assert not reading.findings  # nothing read until the consult knows which patient it is about


@pytest.mark.parametrize(
    "text",
    [
        "T 38.2 at 2200 on 2L, T 39.1 at 0200 on HFNC 40L, BP ok",
        "T 38.5 on 2L NC; now 39.4 on HFNC, BP ok",
        "T 38.9 sorry 39.8, BP 120/75, RA",
        "axillary 37.9, core 38.4, BP ok, 2L",
        "T 37.8C / 100.0F, BP 130/80, RA",
        "T 38.4 on RA, BP ok, 39.0",  # the second temperature has no findings of its own
        "Temp 38.0 C (from 37.9), norepi 0.04, RA",
    ],
)
def test_one_patient_s_course_corrections_sites_and_units_stay_one_patient(text: str) -> None:
    assert read(text).patients == ()
