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
