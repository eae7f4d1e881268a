"""Therapies held or written down as not given, a stop said with its clock time, "no CRS meds", an
oxygen field answered none and comfort oxygen beside a need that is denied (the leftovers of writer
s34's medication-record lines). The rows are ours."""

from __future__ import annotations

import pytest

from dialogs.understanding import read
from tests.dialogs.conftest import read_value as value


@pytest.mark.parametrize(
    "text",
    [
        "T 38.9, Tocilizumab 8 mg/kg IV x1 - not given, RA, BP 120/70",
        "Tocilizumab IV - not given; Dexamethasone - not given. T 38.4, 2L NC",
        "Actemra 8mg/kg IVPB not given, T 38.5, RA",
        "T 38.9, Tocilizumab IV 8mg/kg held, RA",
    ],
)
def test_a_drug_with_its_route_dose_or_count_written_not_given_is_not_given(text: str) -> None:
    assert value(text, "tocilizumab_doses") == 0
    assert value(text, "anticytokine_given") is not True


@pytest.mark.parametrize(
    "text",
    ["Dexamethasone 10mg IV q6h - held. T 37.6, BP 84/50 on levo 0.05", "dex 10 mg po bd not given, T 37.5, 3L NC"],
)
def test_a_steroid_with_its_regimen_written_held_waives_no_fever(text: str) -> None:
    assert value(text, "anticytokine_given") is not True


@pytest.mark.parametrize(
    ("text", "doses"),
    [
        # one dose given and one held: given, and the held one is not "none given"
        ("T 38.6, toci given 02:30; toci held 10:30, 2L NC", None),
        ("02:30 tocilizumab given. 10:30 tocilizumab held. T 38.6, 2L NC", None),
        # the ordinal held is not given: one dose before it
        ("T 38.6, tocilizumab 8mg/kg given at 0200, second dose held, 2L NC", 1),
        ("toci #2 was held, T 38.6, 2L NC", 1),
        ("3rd dose of toci cancelled, T 38.2, 4L NC", 2),
    ],
)
def test_a_dose_held_beside_one_given_leaves_it_given(text: str, doses: int | None) -> None:
    assert value(text, "anticytokine_given") is True
    assert value(text, "tocilizumab_doses") == doses


@pytest.mark.parametrize(
    "text",
    [
        "T 39.1, levo started 14:00 at 0.05, weaned off at 18:00, BP 118/70, RA",
        "T 39.1, norepi 0.05 @ 14:00, weaned off by 18:00, RA",
        "T 39.1, levo started at 14:00, off since 18:00, RA",
        "T 39.1, levo started 14:00, stopped 2:30, RA",
    ],
)
def test_a_stop_said_with_its_clock_time_stops_the_agent_before_it(text: str) -> None:
    assert value(text, "hypotension") == "none"


@pytest.mark.parametrize(
    "text",
    ["T 39.1, levo started 14:00, restarted at 18:00, RA", "T 39.1, levo weaned off at 14:00, back on at 18:00, RA"],
)
def test_an_agent_restarted_at_a_clock_time_runs(text: str) -> None:
    assert value(text, "hypotension") == "one-pressor"


@pytest.mark.parametrize(
    "text",
    ["No CRS meds given. T 39.1, BP 118/70, RA", "no CRS-directed therapy yet, T 39.1, RA",
     "nothing given for CRS. T 37.4, BP 84/40 on levo, 2L"],
)
def test_no_crs_therapy_is_no_tocilizumab_and_no_anakinra_and_leaves_antipyretics_unknown(text: str) -> None:
    assert value(text, "tocilizumab_doses") == 0
    assert value(text, "anakinra_mg_day") == 0.0
    assert value(text, "anticytokine_given") is None


def test_no_crs_therapy_beside_a_drug_given_keeps_the_drug() -> None:
    text = "No CRS meds given apart from toci x1 at 0200. T 39.1, BP 118/70, RA"
    assert value(text, "tocilizumab_doses") == 1
    assert value(text, "anticytokine_given") is True


@pytest.mark.parametrize(
    "text",
    ["T 39.1, BP 118/70, O2 Device: none", "T 39.1, BP 118/70, Oxygen device: N/A",
     "T 39.1 | BP 118/70 | O2 delivery: -- | SpO2 97%", "T 39.1, O2 support: nil, BP ok"],
)
def test_an_oxygen_field_answered_none_is_no_support(text: str) -> None:
    assert value(text, "oxygen") == "none"


@pytest.mark.parametrize(
    "text",
    ["T 39.1, BP 118/70, 2L for comfort", "T 39.1, BP 118/70, no O2 for hypoxia, just 2L for comfort",
     "T 39.1, no oxygen requirement, 2L NC for comfort only, BP 118/70"],
)
def test_comfort_oxygen_beside_a_need_denied_is_no_hypoxia(text: str) -> None:
    assert value(text, "oxygen") == "none"
    assert any("comfort" in f.echo for f in read(text).findings)


@pytest.mark.parametrize(
    "text",
    ["T 39.1, 2L NC for comfort but needs it at night", "T 39.1, 2L for comfort, desats to 88% without"],
)
def test_comfort_oxygen_said_to_be_needed_counts(text: str) -> None:
    assert value(text, "oxygen") == "low-flow"


@pytest.mark.parametrize(
    "text",
    ["T 39.1, levo 0.1, off?, RA", "T 39.1, levo 0.1, off at 18:00?, RA", "T 39.1, levo 0.1 weaned off?, RA",
     "T 39.1, RA, levo stopped?", "T 39.1, RA, norepi 0.05 - can it come off?"],
)
def test_a_stop_asked_about_is_not_a_stop(text: str) -> None:
    assert value(text, "hypotension") == "one-pressor"
