"""Record fields pasted from flowsheets and smart-phrases (the red-team pass of writer s33): a field
left blank or answered no ("Epinephrine: --", "Tocilizumab given: No") runs or gives nothing, a
series of temperatures counts at its highest, and a cannula's flow written in a field of its own is
its flow. The rows are ours."""

from __future__ import annotations

import pytest

from dialogs.understanding import read
from tests.dialogs.conftest import read_value as value


@pytest.mark.parametrize(
    ("text", "hypotension"),
    [
        ("Norepinephrine (mcg/kg/min): 0 | Epinephrine: -- | T 38.3 | RA", "none"),
        ("Pressors: none. Epi gtt: N/A. T 38.4. 2L NC", "none"),
        ("Vasoactive drips: -- | O2 device: RA | Temp 38.5", "none"),
        ("Levophed rate: 0 (off since 06:00); T 38.4; 2L NC", "none"),
        ("Norad: nil; vasopressin: n/a; T 38.8; RA", "none"),
        # a dose that starts with a zero still runs
        ("Levo gtt: 0.02 -> 0.05 -> 0.1 mcg/kg/min. Tmax 38.9. RA.", "one-pressor"),
        ("Norepi (mcg/kg/min): 0.12 | Epi (mcg/kg/min): 0.05 | T 39 | vent", "multi-pressor"),
        ("Levo off, epi: 0.04, T 38.9, RA", "one-pressor"),
    ],
)
def test_a_blank_or_zero_drug_field_runs_nothing_and_a_dose_runs(text: str, hypotension: str) -> None:
    assert value(text, "hypotension") == hypotension


@pytest.mark.parametrize(
    "text",
    ["Tocilizumab given: No. T 37.4, BP 86/50 on levo 0.05", "Toci given? no. T 37.6, 3L NC",
     "Tocilizumab: N/A. Temp 37.5, BP ok, RA"],
)
def test_a_therapy_field_answered_no_is_not_given_and_waives_no_fever(text: str) -> None:
    assert value(text, "anticytokine_given") is not True
    assert value(text, "tocilizumab_doses") == 0


@pytest.mark.parametrize(
    ("text", "celsius"),
    [("Temp 37.4/38.6/39.5, BP 110/70, RA", 39.5), ("T 38.2 -> 38.9, RA", 38.9), ("Tmax 101.2/102.4 F, RA", 39.11)],
)
def test_a_series_of_temperatures_counts_at_its_highest(text: str, celsius: float) -> None:
    assert value(text, "temperature_c") == pytest.approx(celsius, abs=0.01)


@pytest.mark.parametrize(
    ("text", "oxygen"),
    [
        ("O2 Device: Nasal cannula. O2 Flow Rate (L/min): 12. Temp: 38.8. BP: 118/70", "high-flow"),
        ("O2 Device: Nasal cannula | O2 Flow Rate (L/min): 3 | Temp 38.6", "low-flow"),
        ("Oxygen flow: 5. O2 device: NC. T 38.5", "low-flow"),
    ],
)
def test_a_cannulas_flow_in_a_field_of_its_own_is_its_flow(text: str, oxygen: str) -> None:
    assert value(text, "oxygen") == oxygen


@pytest.mark.parametrize(
    ("text", "patients"),
    [
        ("Bed 3, room 12: T 38.9, levo 0.05, RA", 0),
        ("Pt in rm 12 bed 3, T 38.6, 2L NC", 0),
        ("Room 4/bed 2 - T 38.5, RA, BP ok", 0),
        # two places of one kind are two patients, and so is a patient named beside a room
        ("Room 12: T 38.5 RA; room 14: levo 0.1", 2),
        ("13 yo T 38.4. Patient 2 in room 5, 9 yo, T 39.2 on norepi.", 2),
    ],
)
def test_a_bed_and_a_room_said_together_are_one_place(text: str, patients: int) -> None:
    assert len(read(text).patients) == patients


@pytest.mark.parametrize(
    ("text", "patients"),
    [
        ("Family (wife and daughter) updated. T 38.6, 2L NC, no pressors", 0),
        ("son & daughter at bedside; T 38.9, levo 0.04, RA", 0),
        # people said each to have findings stay two patients
        ("the man and the lady both febrile: T 38.9 and 39.2", 2),
        ("husband and wife both on teclistamab, both febrile 38.9 and 39.1", 2),
        ("axi-cel man: T 38.9 RA; tec lady: levo 0.1", 2),
    ],
)
def test_family_named_in_one_list_is_not_a_second_patient(text: str, patients: int) -> None:
    assert len(read(text).patients) == patients
