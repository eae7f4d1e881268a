"""The reader's phrasing table, slot by slot: each row is a way clinicians write a value.

A row fails when that phrasing is no longer read as that value.
"""

from __future__ import annotations

import pytest

from dialogs.understanding import Finding, Reading, read


def finding(reading: Reading, slot: str) -> Finding | None:
    found = [f for f in reading.findings if f.slot == slot]
    assert len(found) <= 1
    return found[0] if found else None


def value(text: str, slot: str, expecting: str | None = None) -> object:
    f = finding(read(text, expecting), slot)
    return None if f is None else f.value


def row(text: str, expected: object) -> object:
    return pytest.param(text, expected, id=text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        row("Tmax 101.8F", 38.78),
        row("T 38.9", 38.9),
        row("temp 39.2C", 39.2),
        row("febrile to 39", 39.0),
        row("100.4 F", 38.0),  # the Fahrenheit fever threshold is exactly 38.0 C
        row("100.4F", 38.0),
        row("Tmax 100.4", 38.0),  # bare 86-113 is Fahrenheit
        row("T 38", 38.0),  # bare 30-45 is Celsius
        row("temp: 38,5", 38.5),
        row("39.5 °C", 39.5),
        row("101 degrees F", 38.33),
        row("temperature of 102", 38.89),
        row("afebrile", 37.0),
        row("not febrile", 37.0),
        row("no fever", 37.0),
        row("defervesced", 37.0),
    ],
)
def test_temperature(text: str, expected: float) -> None:
    assert value(text, "temperature_c") == pytest.approx(expected)


@pytest.mark.parametrize("text", ["febrile", "fever 10 days", "38F with DLBCL", "T 2 doses", "ICE 7"])
def test_temperature_not_read(text: str) -> None:
    reading = read(text)
    assert finding(reading, "temperature_c") is None
    assert not [p for p in reading.problems if "temperature" in p]


def test_afebrile_says_how_it_was_read() -> None:
    f = finding(read("afebrile"), "temperature_c")
    assert f is not None and f.echo == "afebrile (read as below 38.0 C)"


def test_bare_fahrenheit_says_so() -> None:
    f = finding(read("Tmax 101.8"), "temperature_c")
    assert f is not None and "Fahrenheit" in f.echo and "38.78 C" in f.echo


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        row("norepinephrine", "one-pressor"),
        row("on norepi", "one-pressor"),
        row("levophed 0.1", "one-pressor"),
        row("levo", "one-pressor"),
        row("NE 0.05", "one-pressor"),
        row("epinephrine", "one-pressor"),
        row("epi", "one-pressor"),
        row("phenylephrine", "one-pressor"),
        row("neo", "one-pressor"),
        row("neosynephrine", "one-pressor"),
        row("dopamine", "one-pressor"),
        row("dopa", "one-pressor"),
        row("vasopressin", "vasopressin-only"),
        row("on vaso alone", "vasopressin-only"),
        row("levo + vaso", "one-pressor"),  # vasopressin never adds a second
        row("NE and vasopressin", "one-pressor"),
        row("levo and epi", "multi-pressor"),
        row("norepi, phenylephrine and vasopressin", "multi-pressor"),
        row("on one pressor", "one-pressor"),
        row("single pressor", "one-pressor"),
        row("responded to a 1 L bolus", "fluids"),
        row("fluid-responsive hypotension", "fluids"),
        row("hypotensive, fluids only", "fluids"),
        row("no pressors", "none"),
        row("off pressors", "none"),
        row("not on pressors", "none"),
        row("normotensive", "none"),
        row("BP fine", "none"),
        row("no pressors, responded to fluids", "fluids"),  # fluid-responsive hypotension is stated
        row("off levo, still on vaso", "vasopressin-only"),
        row("off levo + vaso", "none"),  # "+" between agents keeps the negation's clause
        row("weaned off epi, on levo + vaso", "one-pressor"),
        row("no pressors but started levo", "one-pressor"),
    ],
)
def test_hypotension(text: str, expected: str) -> None:
    assert value(text, "hypotension") == expected


def test_norepinephrine_and_vasopressin_count_as_one() -> None:
    f = finding(read("levo + vaso"), "hypotension")
    assert f is not None and f.echo == "one vasopressor (norepinephrine + vasopressin count as one)"
    assert f.phrase == "levo + vaso"


@pytest.mark.parametrize("text", ["on 2 pressors", "dual pressors", "39.2, 2 pressors"])
def test_a_pressor_count_without_names_is_asked_because_of_vasopressin(text: str) -> None:
    # the second could be vasopressin, which never counts: grade 3, not 4
    reading = read(text)
    assert finding(reading, "hypotension") is None
    assert any("vasopressin never counts" in p for p in reading.problems)


def test_a_pressor_count_answering_the_question_is_read_with_a_warning() -> None:
    f = finding(read("2 pressors", "hypotension"), "hypotension")
    assert f is not None and f.value == "multi-pressor" and "vasopressin would not count" in f.echo


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        row("room air", "none"),
        row("sat 94% on RA", "none"),
        row("off oxygen", "none"),
        row("no O2", "none"),
        row("NC 4L", "low-flow"),
        row("2L NC", "low-flow"),
        row("4LNC", "low-flow"),
        row("nasal cannula 6 L/min", "low-flow"),  # exactly 6 L/min is low flow
        row("NC 6.5 L/min", "high-flow"),
        row("6 lpm NC", "low-flow"),
        row("NC 7L", "high-flow"),
        row("nasal cannula 3 L", "low-flow"),
        row("blow-by", "low-flow"),
        row("HFNC 40L", "high-flow"),
        row("high flow 30 L", "high-flow"),
        row("HFNC at 5 L", "high-flow"),  # HFNC at any flow
        row("face mask 5L", "high-flow"),  # masks at any flow
        row("simple mask", "high-flow"),
        row("non-rebreather", "high-flow"),
        row("NRB 15L", "high-flow"),
        row("Venturi 40%", "high-flow"),
        row("CPAP", "positive-pressure"),
        row("BiPAP", "positive-pressure"),
        row("NIV", "positive-pressure"),
        row("NIPPV", "positive-pressure"),
        row("intubated", "positive-pressure"),
        row("ventilated", "positive-pressure"),
        row("mechanical ventilation", "positive-pressure"),
        row("on the vent", "positive-pressure"),
        row("BiPAP via full face mask", "positive-pressure"),
        row("actually she's on 4 L", "low-flow"),
        row("4 lpm", "low-flow"),
        row("O2 10L", "high-flow"),
        row("weaned from HFNC to 3L NC", "low-flow"),
        row("escalated from NC to BiPAP", "positive-pressure"),
    ],
)
def test_oxygen(text: str, expected: str) -> None:
    assert value(text, "oxygen") == expected


@pytest.mark.parametrize("text", ["responded to a 1 L bolus", "on 1L LR", "off HFNC", "not intubated", "O2 sats 95%"])
def test_oxygen_not_read(text: str) -> None:
    assert value(text, "oxygen") is None


@pytest.mark.parametrize("text", ["on NC", "on oxygen via nasal cannula", "nasal prongs"])
def test_cannula_without_flow_is_asked_not_assumed(text: str) -> None:
    # above 6 L/min a cannula is high flow: without the flow the grade cannot be told
    reading = read(text)
    assert finding(reading, "oxygen") is None
    assert any("without its flow" in p for p in reading.problems)


def test_hfnc_echo() -> None:
    f = finding(read("HFNC 40L"), "oxygen")
    assert f is not None and f.echo == "high-flow oxygen (HFNC 40 L/min)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        row("team refuses steroids", "none"),
        row("no steroids", "none"),
        row("steroids not an option", "none"),
        row("hesitant about high-dose steroids", "low-dose"),  # low dose at most
        row("avoid high-dose steroids", "low-dose"),
        row("low dose only", "low-dose"),
        row("low-dose steroids ok", "low-dose"),
        row("no high-dose steroids, low dose ok", "low-dose"),
        row("steroids fine", "full"),
        row("ok with steroids", "full"),
        row("full steroids", "full"),
        row("no concerns about steroids", "full"),
    ],
)
def test_steroid_stance(text: str, expected: str) -> None:
    assert value(text, "steroids") == expected


@pytest.mark.parametrize("text", ["on dex 10 mg q6h", "no steroids yet", "s/p methylpred"])
def test_steroids_given_are_no_stance(text: str) -> None:
    assert value(text, "steroids") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        row("s/p toci x2", 2),
        row("toci x1", 1),
        row("got 2 doses of tocilizumab", 2),
        row("actemra x 3", 3),
        row("second dose of toci", 2),
        row("toci twice", 2),
        row("no toci", 0),
        row("toci-naive", 0),
        row("toci not given", 0),
    ],
)
def test_tocilizumab_doses(text: str, expected: int) -> None:
    assert value(text, "tocilizumab_doses") == expected


@pytest.mark.parametrize("text", ["toci given", "s/p tocilizumab", "toci 656 mg at 0200"])
def test_toci_given_without_count_is_asked_not_assumed(text: str) -> None:
    reading = read(text)
    assert finding(reading, "tocilizumab_doses") is None
    assert any("number of doses not stated" in note and "asked" in note for note in reading.notes)
    assert value(text, "anticytokine_given") is True


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        row("anakinra 100 mg q6h", 400.0),
        row("anakinra 100 mg q8h", 300.0),
        row("anakinra 100 mg q12h", 200.0),
        row("anakinra 100 mg BID", 200.0),
        row("anakinra 100 mg TID", 300.0),
        row("anakinra 100 mg QID", 400.0),
        row("anakinra 100 mg daily", 100.0),
        row("anakinra 100mg qd", 100.0),
        row("anakinra 400 mg/day", 400.0),
        row("anakinra 100 mg SC q6h", 400.0),
        row("anakinra 200 mg every 8 hours", 600.0),
        row("started anakinra, 100 mg BID", 200.0),
        row("no anakinra", 0.0),
    ],
)
def test_anakinra_mg_day(text: str, expected: float) -> None:
    assert value(text, "anakinra_mg_day") == pytest.approx(expected)


def test_a_dose_without_anakinra_is_not_anakinra() -> None:
    assert value("100 mg BID", "anakinra_mg_day") is None
    assert value("dex 10 mg q6h", "anakinra_mg_day") is None
    assert value("anakinra 100 mg q6h, dex 10 mg q6h", "anakinra_mg_day") == pytest.approx(400.0)
    assert value("100 mg BID", "anakinra_mg_day", expecting="anakinra_mg_day") == pytest.approx(200.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        row("s/p toci x1", True),
        row("got dex 10 mg", True),
        row("methylpred given", True),
        row("on solumedrol", True),
        row("hydrocortisone given", True),
        row("tylenol given", True),
        row("acetaminophen 650 mg", True),
        row("paracetamol given", True),
        row("ibuprofen given", True),
        row("antipyretics given", True),
        row("anakinra 100 mg q6h", True),
        row("nothing given", False),
    ],
)
def test_anticytokine_given(text: str, expected: bool) -> None:
    assert value(text, "anticytokine_given") is expected


@pytest.mark.parametrize(
    "text", ["team refuses steroids", "no toci", "what dose of anakinra?", "is siltuximab an option?", "steroids fine"]
)
def test_no_therapy_given_is_read(text: str) -> None:
    assert value(text, "anticytokine_given") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        row("70 kg", 70.0),
        row("wt 70kg", 70.0),
        row("weight 82.5 kg", 82.5),
        row("154 lb", 69.9),
        row("154 lbs", 69.9),
        row("wt 70", 70.0),
    ],
)
def test_weight(text: str, expected: float) -> None:
    assert value(text, "weight_kg") == pytest.approx(expected)


def test_mg_per_kg_is_no_weight() -> None:
    assert value("toci 8 mg/kg", "weight_kg") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        row("ANC 300", True),
        row("ANC 499", True),
        row("ANC 500", False),  # neutropenic means below 500 cells/uL
        row("ANC 0.3", True),  # below 50: x10^9/L
        row("ANC 45", False),  # 45 x10^9/L
        row("ANC 60", True),  # 60 cells/uL
        row("ANC 0.5", False),
        row("ANC 1.2", False),
        row("ANC 1,200", False),
        row("ANC <500", True),
        row("ANC 0.3 x10^9/L", True),
        row("ANC 300 cells/uL", True),
        row("neutropenic", True),
        row("not neutropenic", False),
        row("counts recovered", False),
    ],
)
def test_neutropenia(text: str, expected: bool) -> None:
    assert value(text, "neutropenic") is expected


def test_anc_echo_shows_value_and_threshold() -> None:
    cells = finding(read("ANC 300"), "neutropenic")
    giga = finding(read("ANC 0.3"), "neutropenic")
    assert cells is not None and "300 cells/uL" in cells.echo and "500" in cells.echo
    assert giga is not None and "0.3 x10^9/L" in giga.echo and "300 cells/uL" in giga.echo


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        row("confused", True),
        row("aphasic", True),
        row("encephalopathic", True),
        row("seizure overnight", True),
        row("ICE 7", True),
        row("ICE 9/10", True),
        row("ICANS", True),
        row("somnolent", True),
        row("no ICANS", False),
        row("neuro intact", False),
        row("ICE 10", False),
        row("no neurotoxicity", False),
    ],
)
def test_icans(text: str, expected: bool) -> None:
    assert value(text, "icans") is expected


@pytest.mark.parametrize("text", ["not confused", "denies seizures", "tremor"])
def test_negating_one_sign_says_nothing_about_icans(text: str) -> None:
    assert value(text, "icans") is None
