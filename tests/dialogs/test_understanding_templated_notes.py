"""Templated progress notes pasted as one line (the classes writer s40 found): a threshold in an
assessment is no flow ("#CRS grade 3 - O2 > 6 L/min" had made 8 L NC read as low flow: grade 3 read
as 2), an order said not to have started, and a concentration that is no bolus. The rows are ours."""

from __future__ import annotations

import pytest

from tests.dialogs.conftest import read_value as value


@pytest.mark.parametrize(
    "text",
    [
        "Tmax 38.9 BP 104/62 SpO2 92% on 8 L NC. No vasopressors. A/P: #CRS grade 3 - O2 > 6 L/min.",
        "SpO2 91% on 7 L NC. Tmax 38.3. BP 120/80. A/P: #CRS grade 3 (> 6 L/min).",
        "SpO2 91% on 10 L NC (high-flow cannula). Tmax 38.5. BP 116/70. A/P: #CRS grade 3 - NC >= 6 L/min.",
    ],
)
def test_a_flow_threshold_in_an_assessment_is_no_flow(text: str) -> None:
    assert value(text, "oxygen") == "high-flow"


@pytest.mark.parametrize(
    ("text", "oxygen"),
    [("Desaturated 88% RA -> 2L NP -> 95%. T 38.9, BP ok", "low-flow"),
     ("Can't wean O2 below 8L NC, T 38.4", "high-flow"),
     ("moved up to 8L NC bc sats dropping, febrile 38.8", "high-flow")],
)
def test_an_arrow_or_a_change_before_a_flow_is_no_threshold(text: str, oxygen: str) -> None:
    assert value(text, "oxygen") == oxygen


@pytest.mark.parametrize(
    ("text", "hypotension"),
    [
        ("Tmax 38.9 BP 108/66 SpO2 97% RA. Active orders: Norepinephrine 4 mg/250 mL infusion - titrate to "
         "MAP > 65 (CRS order set, not started); acetaminophen 650 mg PO q6h PRN fever.", "none"),
        ("SBP 80s overnight, responded to 2 L LR, now MAPs 68-72. Pressor order (norepinephrine titrate to "
         "MAP > 65) active on MAR - not hung per RN. Tmax 39.2, RA.", "fluids"),
        ("T 38.9, levo 0.1 running, vaso not started, RA", "one-pressor"),
        ("NE weaning .08->.04 and vaso off, epi never started, t 38.6, ra", "one-pressor"),
    ],
)
def test_an_order_said_not_to_have_started_is_not_running(text: str, hypotension: str) -> None:
    assert value(text, "hypotension") == hypotension


def test_a_drug_order_not_given_is_not_given() -> None:
    text = "T 38.9, BP 108/66, RA. Orders: tocilizumab 8 mg/kg IV x1 PRN CRS grade >= 2 (not given)"
    assert value(text, "anticytokine_given") is not True


@pytest.mark.parametrize(
    ("text", "hypotension", "oxygen"),
    [
        ("D+5 post CAR-T, 9 y/o 28kg, Tmax 38.6, BP 50th centile, in air.", "none", "none"),
        ("Fever 38.7 with BP 5th centile - gave 20 mL/kg, now 25th centile, RA, 11yo.", "fluids", "none"),
        ("2yo, 12 kg: temp 39.0, NC 0.5 L, BP 85/50 (ok for age).", "none", "low-flow"),
        ("8yo on blinatumomab day 2, spiked 38.3, obs otherwise normal incl BP and sats in air.", "none", "none"),
        ("nCPAP 7 for sats 88% on HFNC, T 38.5, BP 50th centile for age, 14M.", "none", "positive-pressure"),
    ],
)
def test_a_childs_pressure_as_a_centile_or_fine_for_age_and_air_without_room(
    text: str, hypotension: str, oxygen: str
) -> None:
    assert value(text, "hypotension") == hypotension
    assert value(text, "oxygen") == oxygen


def test_a_pressure_between_the_5th_and_10th_centile_is_not_read() -> None:
    assert value("6yo, T 38.9, BP 7th centile, RA", "hypotension") is None


def test_no_catecholamines_beside_vasopressin_leaves_vasopressin_running() -> None:
    assert value("Vasopressin 0.0005 U/kg/min only (no catecholamines), T 38.8, RA, 12yo.", "hypotension") == (
        "vasopressin-only")
