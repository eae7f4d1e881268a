"""Pharmacists' and prescribers' lines (the classes writer s38 found): a dose worked out by weight is
no dose count ("8 mg/kg x 77 kg"), doses requested, due, advised against or asked about are not
given, a count said as such, a weight threshold is no weight, "nil pressors", haemodynamics said
fine, a support on and off, a plan that ends "until off pressors". The rows are ours."""

from __future__ import annotations

import pytest

from tests.dialogs.conftest import read_value as value


@pytest.mark.parametrize(
    ("text", "doses"),
    [
        ("Toci dose #2 given at 10:00 (8 mg/kg x 77 kg = 616 mg). 4 L NC, afebrile, MAP 72", 2),
        ("toci #2 requested. has had 1 dose @ 0200. T 38.8, 3L NP", 1),
        ("pt 58.5kg, toci 468mg, had 1 dose already, 2nd dose requested by haem reg. T 39.1, 4L NP", 1),
        ("Has had tocilizumab x3 in the last 24 h so a 4th dose is not recommended. Tmax 39.8, intubated", 3),
        ("Toci count: 3 given, no more available for 24 h. T 38.6, HFNC 40 L", 3),
    ],
)
def test_a_dose_worked_out_requested_or_advised_against_is_counted_as_given_only_when_given(
    text: str, doses: int
) -> None:
    assert value(text, "tocilizumab_doses") == doses


def test_a_weight_threshold_is_no_weight() -> None:
    text = "14yo, 48 kg, T 39.3, normotensive, RA. Weight >=30 kg so toci 8 mg/kg = 384 mg if needed"
    assert value(text, "weight_kg") == 48.0


@pytest.mark.parametrize(
    "text",
    ["Tmax 38.2 (axillary), BP stable, sats 99% on air, nil pressors.",
     "Kid 22 kg, febrile 38.4, haemodynamically fine, no O2", "8yo 27 kg, T 38.9, on 0.5 L NC, BP age-normal"],
)
def test_nil_pressors_and_haemodynamics_said_fine_are_no_hypotension(text: str) -> None:
    assert value(text, "hypotension") == "none"


@pytest.mark.parametrize(
    ("text", "hypotension"),
    [("T 38.4; nil vasopressors save noradrenaline 0.06; nasal specs 2L", "one-pressor"),
     ("pressors: nil -> levo 0.03 since 0415. T 38.1. NC 2l", "one-pressor"),
     ("Norepi 0.03, weaning but still on. afebrile (toci x1). RA. Dex to continue until off pressor.", "one-pressor")],
)
def test_an_agent_after_nil_or_before_a_plan_until_off_still_runs(text: str, hypotension: str) -> None:
    assert value(text, "hypotension") == hypotension


def test_a_support_on_and_off_is_on() -> None:
    assert value("3 yo, 14 kg, blow-by O2 on and off overnight, T 38.9, BP ok", "oxygen") == "low-flow"


@pytest.mark.parametrize("text", ["tec CRS, 38.2, 2L NC, BP 110/70, dex 10 x1", "T 37.4, 2L NC, methylpred 1g x2"])
def test_a_steroid_counted_was_given(text: str) -> None:
    assert value(text, "anticytokine_given") is True
