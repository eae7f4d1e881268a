"""Nursing and medical handovers (the classes writer s35 found): a saturation's own room air ("sats
96% air"), a child's pressure normal for age, a saturation after an arrow that is no blood pressure,
tocilizumab doses counted by an ordinal before the drug, and clock times of other measures that are
no doses. The rows are ours."""

from __future__ import annotations

import pytest

from dialogs.understanding import read
from tests.dialogs.conftest import read_value as value


@pytest.mark.parametrize(
    ("text", "oxygen"),
    [
        ("fever 38.6, given paracetamol, BP 108/62, sats 99% air", "none"),
        ("T 38.6, BP 108/62, 97% in air", "none"),
        ("T 38.6, BP 108/62, sats 88% air, now 4L NC", "low-flow"),
    ],
)
def test_room_air_right_after_a_saturation_is_room_air(text: str, oxygen: str) -> None:
    assert value(text, "oxygen") == oxygen


@pytest.mark.parametrize(
    "text",
    ["7yo (22kg) T 38.9, BP 98/60 (normal for age), sats 99% RA", "4yo, T 38.5, BP 88/50, age-appropriate, RA"],
)
def test_a_childs_pressure_said_normal_for_age_is_no_hypotension(text: str) -> None:
    assert value(text, "hypotension") == "none"


@pytest.mark.parametrize(
    "text",
    ["Temp 38.4, BP 124/70, sats 92% RA, 2L NP applied -> 95%.", "T 38.8. BP 138/88. SpO2 88% on RA -> 2L NC -> 94%."],
)
def test_a_saturation_after_an_arrow_is_no_blood_pressure(text: str) -> None:
    assert value(text, "hypotension") == "none"


@pytest.mark.parametrize(
    ("text", "doses"),
    [
        ("B: toci 1st dose 22:00. A: T 38.9, norad 0.08. R: 2nd toci given 04:10 + dex 10mg IV.", 2),
        ("2nd toci given 13:20 (1st at 01:00), 2L NC, BP ok, temp 37.6", 2),
        ("second dose of tocilizumab at 0600, T 38.5, 2L", 2),
        ("2nd toci due at 1400, T 38.5, 2L", 1),
        ("2nd dose of toci held, T 38.5, 2L", 1),
        ("3rd toci not given yet, T 38.5, 2L", 2),
        ("first toci not given, T 38.5, 2L", 0),
    ],
)
def test_an_ordinal_before_tocilizumab_counts_the_doses_given(text: str, doses: int) -> None:
    assert value(text, "tocilizumab_doses") == doses


@pytest.mark.parametrize(
    "text",
    ["Toci given 16:00 for persistent fevers (Tmax 39.8 at 15:00), BP 125/75, RA",
     "toci @ 22:00, T 37.4 @ 03:00, levo 0.05 since 01:00, 3L"],
)
def test_a_clock_time_of_another_measure_is_no_dose(text: str) -> None:
    assert value(text, "tocilizumab_doses") is None  # one time said: the count is asked
    assert value(text, "anticytokine_given") is True


def test_clock_times_of_the_drug_itself_each_count() -> None:
    assert value("toci at 0200 and again at 1000, T 38, 2L, BP ok", "tocilizumab_doses") == 2


@pytest.mark.parametrize(
    ("text", "hypotension", "oxygen"),
    [
        ("T 38.9, BP 85/50 -> 100/60 after 1L, RA; previous admission needed ICU for BiPAP", "fluids", "none"),
        ("T 38.5, BP 118/70, RA. Last cycle she needed norepi and HFNC.", "none", "none"),
        ("T 38.9, last admission she was on BiPAP; now HFNC 40, BP ok", "none", "high-flow"),
    ],
)
def test_a_support_of_an_earlier_admission_or_cycle_is_a_history(text: str, hypotension: str, oxygen: str) -> None:
    assert value(text, "hypotension") == hypotension
    assert value(text, "oxygen") == oxygen


@pytest.mark.parametrize(
    ("text", "oxygen"),
    [
        ("T 38.9, on BiPAP, like last admission", "positive-pressure"),
        ("T 38.9, on BiPAP as in the previous cycle, BP ok", "positive-pressure"),
        ("T 38.9, BiPAP last admission for CRS, now on BiPAP again, BP ok", "positive-pressure"),
    ],
)
def test_a_support_compared_with_an_earlier_admission_or_said_again_is_now(text: str, oxygen: str) -> None:
    assert value(text, "oxygen") == oxygen


def test_an_agent_needed_again_as_before_runs() -> None:
    assert value("T 38.9, needs levo again as in last admission, RA", "hypotension") == "one-pressor"


@pytest.mark.parametrize(
    "text",
    ["pt on dex 10mg q6h + toci x1, now afebrile, on 3L NC, BP ok off fluids",
     "HFNC 30 since 0200, T 38.4, BP ok off fluids", "T 38, RA, BP fine without pressors"],
)
def test_a_normal_pressure_off_a_support_is_no_hypotension(text: str) -> None:
    assert value(text, "hypotension") == "none"


@pytest.mark.parametrize(
    ("text", "hypotension"),
    [("tocu given 0100, 37.5 now, 5L nc, maps fine", "none"), ("liso-cel pt T 38.8 on bipap, MAPs ok", "none"),
     ("38.5 ra normo", "none"), ("T 38.6, hypotn 86/40 responded 2L LR, on ra", "fluids")],
)
def test_terse_pressure_words_are_read(text: str, hypotension: str) -> None:
    assert value(text, "hypotension") == hypotension


@pytest.mark.parametrize(
    "text",
    ["2 pts: 1) 38.5 ra normo 2) 39.8 levo hfnc 50",
     "Sign-out: 1) Day +4 tisa-cel, T 39.1, BP 86/50 -> 104/60 after 1 L NS, SpO2 96% RA. 2) Teclistamab C1D8, "
     "T 38.4, HFNC 40 L/50%, no pressors."],
)
def test_numbered_items_each_with_a_temperature_and_a_finding_are_two_patients(text: str) -> None:
    assert len(read(text).patients) == 2


@pytest.mark.parametrize(
    "text",
    ["A/P: 1) CRS grade 2 - T 38.9, 2L NC 2) ICANS - none, ICE 10",
     "Tmax: 1) 38.9 overnight 2) 39.4 this am, 2L NC, BP ok"],
)
def test_a_numbered_problem_list_or_one_patients_series_is_one_patient(text: str) -> None:
    assert read(text).patients == ()


@pytest.mark.parametrize(
    ("text", "oxygen"),
    [("39.2 levo .08 hf 40", "high-flow"), ("hf 60/.6 39.5 bp 95/60 no pressors", "high-flow"),
     ("Tmax 39, HF 40/60, BP ok", "high-flow"), ("hf weaned to 4l nc overnight 38.6 maps ok", "low-flow"),
     ("T 38.5, hx of HF, EF 35%, RA, BP ok", "none"), ("T 38.5, HF 40% EF, RA, BP ok", "none")],
)
def test_hf_with_a_flow_after_it_is_high_flow_and_heart_failure_is_not(text: str, oxygen: str) -> None:
    assert value(text, "oxygen") == oxygen
