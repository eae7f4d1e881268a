"""Phrasings found on the morning of 4 December (writers s61 phone typing and s63 handoffs and
corrections, and our own probes around them): a clinician's self-correction read as two findings
("6l nc ... sorry 8l not 6" had read 6 L, grade 3 read as 2; "Tmax 38.5... sorry, Tmax 37.5" read
38.5; "earlier I said norepi, meant vasopressin" read norepinephrine), "wait no she's RA" read as no
room air, "tylenol prn x2" read as an order only, "no toci bp ok ra" negating the pressure and the
room air after it without a word, and two patients typed without stops merged into one ("2 pts: 1st
38.9 bipap 2nd afebrile ra" had read 38.9 on room air). Then the evening's red-team set (rt64, aimed
at false corrections): a device said to have failed after its name ("on BiPAP, HFNC failed at 0300")
read as the support now (grade 4 read as 3), a corrected flow after a colon ("7L NC, correction:
5L"), and a tocilizumab count corrected or denied ("toci x2, sorry, x1"; "once, not twice")
over-counted. The rows are ours, not the writers' lines.
Each fails when that phrasing is no longer read so."""

from __future__ import annotations

import pytest

from dialogs.understanding import read
from tests.dialogs.conftest import read_value as value


@pytest.mark.parametrize(("text", "celsius"), [
    ("Tmax 38.5... sorry, Tmax 37.5, RA, BP 120/70", 37.5),
    ("T 38.0 - actually 37.9, I rounded wrong. RA, BP fine", 37.9),
    ("correction: T was 37.8 not 38.7, misread the chart. RA, BP fine", 37.8),
    ("temp 38.9 sorry meant to say 37.9, RA, BP ok", 37.9),
    ("T 39.2 typo, should be T 37.2, RA, BP ok", 37.2),
])
def test_a_temperature_the_clinician_takes_back_is_not_read(text: str, celsius: float) -> None:
    reading = read(text)
    assert value(text, "temperature_c") == celsius
    assert any("read as correcting" in f.echo for f in reading.findings if f.slot == "temperature_c")


@pytest.mark.parametrize(("text", "celsius"), [
    ("T 39.1, actually 37.5 now after paracetamol, RA", 39.1),  # a course: the highest counts
    ("Tmax 39.2 overnight, sorry 37.9 this am, RA", 39.2),
    ("T 38.6, sorry, also 37.2 at 0600, RA", 38.6),
    ("T 38.5 oral, sorry 37.9 axillary, RA", 38.5),
    ("T 37.9 not 38.9, RA", 38.9),  # no word of correction: the higher is kept
    ("temp 38.4, I mean 38.6, RA", 38.6),  # a higher one is the highest anyway
])
def test_a_later_lower_reading_that_is_no_correction_leaves_the_highest(text: str, celsius: float) -> None:
    assert value(text, "temperature_c") == celsius


@pytest.mark.parametrize(("text", "hypotension"), [
    ("sorry earlier I said norepi, meant vasopressin. on vasopressin alone 0.03. T 38.9, RA", "vasopressin-only"),
    ("on norepi, sorry I mean vasopressin alone 0.03, T 38.9, RA", "vasopressin-only"),
    ("levo 0.08 sorry, meant phenylephrine 1 mcg/kg/min, T 38.6, RA", "one-pressor"),
    # an agent added, not one meant instead
    ("norepi 0.1, actually epi too, T 38.9, RA", "multi-pressor"),
    ("on levo 0.1 - actually, epi 0.05 + levo, T 38.6 RA", "multi-pressor"),
    ("like I said, levo 0.1 and epi 0.04, T 38.9, RA", "multi-pressor"),
])
def test_a_vasopressor_named_by_mistake_is_taken_back_by_the_one_meant(text: str, hypotension: str) -> None:
    assert value(text, "hypotension") == hypotension


def test_the_agent_taken_back_is_said() -> None:
    notes = read("sorry earlier I said norepi, meant vasopressin. vasopressin 0.03 alone, T 38.9, RA").notes
    assert any("'norepi' read as taken back" in note for note in notes)


@pytest.mark.parametrize(("text", "oxygen"), [
    ("carvykti d8 fever 38.6 on 6l nc bp normal sorry 8l not 6", "high-flow"),
    ("fever 38.6 on 6l nc, sorry 8l", "high-flow"),
    ("T 39, BP 124/70, on 2L... wait no she's RA", "none"),
    ("T 39, BP 124/70, on 2L... wait no she's RA, NC was only put on overnight for comfort", "none"),
    ("T 38.4, 7L NC, correction: 5L, misread the flowmeter", "low-flow"),
    ("T 38.4, NC 3L - correction - 8L", "high-flow"),
])
def test_a_flow_or_device_corrected_is_the_one_now(text: str, oxygen: str) -> None:
    assert value(text, "oxygen") == oxygen


@pytest.mark.parametrize(("text", "given"), [
    ("T 38.9, tylenol prn x2, RA, BP ok", True),
    ("T 38.9, tylenol prn, RA, BP ok", None),  # an order, not said given
])
def test_an_as_needed_order_with_its_count_was_given(text: str, given: bool | None) -> None:
    assert value(text, "anticytokine_given") is given


def test_an_order_for_one_dose_as_needed_is_not_a_dose() -> None:
    text = "Tmax 38.9, BP 108/66, RA. Orders: tocilizumab 8 mg/kg IV x1 PRN CRS grade >= 2 (not given)"
    assert value(text, "tocilizumab_doses") is None


@pytest.mark.parametrize("text", [
    "T 38.5 no tylenol no toci bp ok ra",
    "afebrile no tylenol no toci bp ok ra",
])
def test_findings_after_a_negated_drug_typed_without_stops_are_read(text: str) -> None:
    assert value(text, "hypotension") == "none"
    assert value(text, "oxygen") == "none"
    assert value(text, "anticytokine_given") is False


def test_a_finding_joined_to_what_is_negated_stays_negated() -> None:
    assert value("T 38.5, no pressors or hypotension, RA", "hypotension") == "none"


@pytest.mark.parametrize("text", [
    "37.8 max no drugs bp 130/80 ra",
    "afebrile not had any meds bp 118/74 ra d10 blincyto",
])
def test_no_drugs_or_meds_is_nothing_given(text: str) -> None:
    assert value(text, "anticytokine_given") is False


@pytest.mark.parametrize("text", [
    "bed no 5 fever 102 bp 100/70 ra, bed no 8 afebrile post pcm on 2l o2",
    "pt a yescarta d3 38.6 ra normal bp pt b tecvayli 39 on levo",
    "2 pts: 1st 38.9 bipap 2nd afebrile ra",
    "both my car t pts febrile one on norad other on 2l nc",
    "bed 8 T 38.3, BP fine, RA. bed 8's roommate also spiking, can you grade both",
    "T 38.3, BP fine, RA. her roommate also spiking 39",
])
def test_two_patients_typed_without_stops_are_never_merged(text: str) -> None:
    assert len(read(text).patients) == 2


@pytest.mark.parametrize("text", ["pt a bit better, T 38.5 RA", "pt no 3 T 39 on RA"])
def test_one_patient_stays_one(text: str) -> None:
    assert not read(text).patients


@pytest.mark.parametrize(("text", "product"), [
    ("tmax 38.4 normotensive on roomair kymria d3", "tisa-cel"),
    ("temp 38.9 bp normal ra teclistimab step up 2", "teclistamab"),
    ("carvicti d6 fever 38.2, RA, BP ok", "cilta-cel"),
])
def test_a_misspelt_product_name_is_read_and_said(text: str, product: str) -> None:
    reading = read(text)
    assert value(text, "product") == product
    assert any("as '" in note for note in reading.notes)


def test_a_phone_autocorrected_vasopressor_is_read() -> None:
    assert value("39.2 on nomad 0.05 sats ok ra", "hypotension") == "one-pressor"


@pytest.mark.parametrize("text", ["bed 11 and 12 both febrile ~38.5, RA, BPs fine", "beds 3 & 4 spiking 39, RA",
                                  "room 5 and room 6 both on 2L NC, T 38.6, BP ok"])
def test_two_places_said_together_are_two_patients_each_with_what_is_said(text: str) -> None:
    patients = read(text).patients
    assert len(patients) == 2
    assert patients[0].text == patients[1].text


@pytest.mark.parametrize("text", ["bed 5 and 2L NC, T 38.5", "bed 11: T 38.5 RA and 12 hours later 39",
                                  "room 4 and 10L NRB, T 39"])
def test_a_place_and_a_number_of_something_else_is_one_patient(text: str) -> None:
    assert not read(text).patients


@pytest.mark.parametrize("text", ["2 pts both febrile 38.5, RA, BPs fine",
                                  "two patients, one dose of toci each, T 38.5 RA"])
def test_several_patients_not_told_apart_are_said(text: str) -> None:
    assert any("names several patients, not told apart" in note for note in read(text).notes)


def test_one_of_several_patients_is_no_such_note() -> None:
    assert not any("several patients" in note for note in read("one of my patients T 38.5 RA").notes)


# writer s62 (full-sentence consults from pharmacists, nurses and fellows), and our probes around it
@pytest.mark.parametrize("text", [
    "afebrile overnight, Tmax 37.4, nobody gave paracetamol or anything else. BP 124/78 on room air",
    "day 1 post Carvykti: T max 37.2, BP 112/70, room air. Nothing has been given.",
])
def test_nobody_gave_anything_is_nothing_given(text: str) -> None:
    assert value(text, "anticytokine_given") is False


@pytest.mark.parametrize("text", [
    "on 2L NC for sats 91%, BP normal. No temps recorded since 20:00 because of a thermometer issue",
    "2L NC, BP 110/70, no temps taken overnight",
])
def test_a_temperature_not_measured_is_asked_never_afebrile(text: str) -> None:
    reading = read(text)
    assert value(text, "temperature_c") is None
    assert any("no temperature measured" in p for p in reading.problems)


def test_no_temps_alone_is_still_afebrile() -> None:
    assert value("no temps overnight, RA, BP ok", "temperature_c") == 37.0


def test_a_correction_after_the_first_readings_own_time_takes_it_back() -> None:
    text = "pt had a temp of 39.2 at 01:00, sorry, correction, it was 38.2. No paracetamol, BP 121/69, room air"
    assert value(text, "temperature_c") == 38.2


@pytest.mark.parametrize("text", [
    "1) liso-cel D+4, afebrile after toci, room air, normotensive. 2) glofit 10 mg yesterday, fever 38.5 now",
    "Two consults: a child on Kymriah with fever 39.0 on RA, and an adult on Breyanzi D+5 afebrile after toci",
])
def test_numbered_or_counted_consults_are_two_patients(text: str) -> None:
    assert len(read(text).patients) == 2



@pytest.mark.parametrize(("text", "oxygen"), [
    ("on BiPAP, not HFNC anymore, HFNC failed at 0300. T 38.9, no pressors", "positive-pressure"),
    ("T 39, BiPAP now; HFNC didn't work", "positive-pressure"),
    ("T 38.7, intubated, HFNC not enough", "positive-pressure"),
    ("T 38.7, HFNC 50L, NC 4L insufficient", "high-flow"),
    ("T 38.6, NC 4L, HFNC failed", "high-flow"),  # the failed device is the highest named: kept, never lower
])
def test_a_device_said_to_have_failed_beside_a_higher_one_is_not_the_support_now(text: str, oxygen: str) -> None:
    assert value(text, "oxygen") == oxygen


def test_the_failed_device_is_said() -> None:
    reading = read("on BiPAP, HFNC failed at 0300, T 38.9")
    assert any("'HFNC' said to have failed" in f.echo for f in reading.findings if f.slot == "oxygen")


@pytest.mark.parametrize(("text", "doses"), [
    ("T 38.9, toci x2, sorry, x1 - 2nd dose not given yet", 1),
    ("T 39, meant to say toci given once, not twice", 1),
    ("T 39, 2nd toci at 1400 - actually no, only one dose so far, 2nd is due then", 1),
    ("T 39, toci 3 doses, correction: 2 doses", 2),
    ("T 39, toci x1, actually x2", 2),  # a correction upwards stands as well
    ("T 39, toci x2 (not x3)", 2),
    ("T 39, toci x2, sorry, RA", 2),  # "sorry" with no count after it corrects nothing
    ("sorry for the delay - toci x2 and dex 10, T 39", 2),
])
def test_a_tocilizumab_count_the_clinician_corrects_or_denies_is_not_counted(text: str, doses: int) -> None:
    assert value(text, "tocilizumab_doses") == doses


def test_the_count_taken_back_is_said() -> None:
    reading = read("T 38.9, toci x2, sorry, x1")
    assert any("'x2' corrected by what followed" in f.echo for f in reading.findings if f.slot == "tocilizumab_doses")
