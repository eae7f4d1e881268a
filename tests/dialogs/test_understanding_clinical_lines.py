"""Phrasing tables for the reader, point by point: each row is a way clinicians write it, with the
value it must be read as. A row fails when that phrasing is read otherwise.
"""

from __future__ import annotations

import pytest

from dialogs.understanding import Reading, read


def values(text: str, expecting: str | None = None) -> dict[str, object]:
    return {f.slot: f.value for f in read(text, expecting).findings}


def row(text: str, **expected: object) -> object:
    return pytest.param(text, expected, id=text)


def check(text: str, expected: dict[str, object]) -> None:
    got = values(text)
    for slot, want in expected.items():
        have = got.get(slot)
        if isinstance(want, float):
            assert have == pytest.approx(want, abs=0.06), (slot, got)
        else:
            assert have == want, (slot, got)


# --- now versus before: the current state sets the grade ------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        row("norad weaning, 0.02 now", hypotension="one-pressor"),
        row("weaning off the levophed slowly", hypotension="one-pressor"),
        row("tapering off norepinephrine, at 0.04", hypotension="one-pressor"),
        row("can't wean off the norepi", hypotension="one-pressor"),
        row("off levo overnight, restarted this morning", hypotension="one-pressor"),
        row("norepi stopped at 2200, back on at 0400", hypotension="one-pressor"),
        row("was on norad, now off", hypotension="none"),
        row("previously on levo + vaso, now just vaso", hypotension="vasopressin-only"),
        row("levo just weaned off, BP 118/70", hypotension="none"),
        row("vasopressin 0.03 only, no other pressors", hypotension="vasopressin-only"),
        row("discussed starting levo but BP 112/68 after 1L", hypotension="fluids"),
        row("stepped down from BiPAP to 5L NC", oxygen="low-flow"),
        row("de-escalated from HFNC to 3 L nasal prongs", oxygen="low-flow"),
        row("NIV taken off, now 4 L/min via NC", oxygen="low-flow"),
        row("escalated from 4L NC to HFNC 50L", oxygen="high-flow"),
        row("was on a NRB earlier, now 3L NC", oxygen="low-flow"),
        row("unable to wean off BiPAP", oxygen="positive-pressure"),
        row("Tmax 39.4 overnight, T now 37.1", temperature_c=39.4),
        row("T 37.3 at present but spiked to 38.9 at 0300", temperature_c=38.9),
    ],
)
def test_the_current_state_counts(text: str, expected: dict[str, object]) -> None:
    check(text, expected)


def test_a_past_finding_alone_is_noted_not_graded() -> None:
    reading = read("was on norepinephrine yesterday")
    assert "hypotension" not in {f.slot for f in reading.findings}
    assert any("read as before, not now" in n for n in reading.notes)


# --- counts and regimens -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        row("tocilizumab given three times so far", tocilizumab_doses=3),
        row("afebrile after the 3rd toci dose", tocilizumab_doses=3),
        row("second dose of tocilizumab given at 0400", tocilizumab_doses=2),
        row("toci at 0100, 0900 and 1700", tocilizumab_doses=3),
        row("actemra given at 02:00 and again at 10:00", tocilizumab_doses=2),
        row("had toci x1 yesterday and a second dose this morning", tocilizumab_doses=2),
        row("TCZ dose #2 due at 1400", tocilizumab_doses=1),
        row("had 2 toci", tocilizumab_doses=2),
        row("no fever since toci x1", tocilizumab_doses=1, anticytokine_given=True),
        row("no pressors after tocilizumab x2", tocilizumab_doses=2, hypotension="none"),
        row("anakinra 100mg bd", anakinra_mg_day=200.0),
        row("anakinra 100 mg tds", anakinra_mg_day=300.0),
        row("kineret 100 qds", anakinra_mg_day=400.0),
        row("anakinra 100 mg 8-hourly", anakinra_mg_day=300.0),
        row("anakinra 200mg/12h", anakinra_mg_day=400.0),
        row("anakinra 100 mg every 6h", anakinra_mg_day=400.0),
        row("weight 75 kg, anakinra 10 mg/kg/day", anakinra_mg_day=750.0),
        row("anakinra 2 mg/kg q6h, wt 60kg", anakinra_mg_day=480.0),
    ],
)
def test_counts_and_regimens(text: str, expected: dict[str, object]) -> None:
    check(text, expected)


@pytest.mark.parametrize("text", ["got toci overnight", "tocilizumab given", "s/p actemra"])
def test_an_unstated_tocilizumab_count_is_asked_never_assumed(text: str) -> None:
    reading = read(text)
    assert "tocilizumab_doses" not in {f.slot for f in reading.findings}
    assert any("not stated" in n for n in reading.notes)


def test_mg_per_kg_without_a_weight_says_what_is_needed() -> None:
    reading = read("anakinra 8 mg/kg/day")
    assert any("give the weight" in p for p in reading.problems)
    assert values("anakinra 8 mg/kg/day") == {"anticytokine_given": True}
    assert read("anakinra 8 mg/kg/day", weight_kg=50.0).findings[-1].value == 400.0


# --- therapy given and the fever waiver -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "dex 10 q6h started", "had paracetamol 1g at 0200", "on methylpred 1g", "hydrocortisone 100mg stat",
        "given tylenol", "ibuprofen given", "APAP at 2100", "siltuximab given", "s/p toci x1",
        "anakinra 100 mg q6h", "fever came down w paracetamol",
    ],
)
def test_therapy_given_sets_the_fever_waiver_and_names_the_drug(text: str) -> None:
    reading = read(text)
    waiver = [f for f in reading.findings if f.slot == "anticytokine_given"]
    assert waiver and waiver[0].value is True
    assert reading.therapy and all(name in waiver[0].echo for name in reading.therapy)


@pytest.mark.parametrize(
    "text", ["team ok with dex if needed", "reluctant given fungal risk to use steroids", "should we give dex?"]
)
def test_a_drug_named_but_not_given_sets_no_waiver(text: str) -> None:
    assert "anticytokine_given" not in values(text)


# --- vocabulary and spelling ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        row("FM 6L", oxygen="high-flow"),
        row("simple face mask 4 l/min", oxygen="high-flow"),
        row("NP 3L", oxygen="low-flow"),
        row("HFNO 40", oxygen="high-flow"),
        row("vented", oxygen="positive-pressure"),
        row("on a vent", oxygen="positive-pressure"),
        row("metaraminol running", hypotension="one-pressor"),
        row("aramine + vasopressin", hypotension="one-pressor"),
        row("giapreza and norad", hypotension="multi-pressor"),
        row("noradrenaline + adrenaline", hypotension="multi-pressor"),
        row("pyrexial 38.6", temperature_c=38.6),
        row("pyrexia to 39.2", temperature_c=39.2),
        row("team wont give steroids", steroids="none"),
        row("they dont want steroids", steroids="none"),
    ],
)
def test_vocabulary(text: str, expected: dict[str, object]) -> None:
    check(text, expected)


@pytest.mark.parametrize(
    ("text", "slot", "value", "written"),
    [
        ("febrille to 39", "temperature_c", 39.0, "febrille"),
        ("on levofed", "hypotension", "one-pressor", "levofed"),
        ("norepinephrin 0.1", "hypotension", "one-pressor", "norepinephrin"),
        ("nasal canula 2L", "oxygen", "low-flow", "canula"),
        ("HFCN 50L", "oxygen", "high-flow", "hfcn"),
        ("intubatted overnight", "oxygen", "positive-pressure", "intubatted"),
        ("vasopresin only", "hypotension", "vasopressin-only", "vasopresin"),
        ("hypotensve, respnded to 1L bolus", "hypotension", "fluids", "respnded"),
    ],
)
def test_misspellings_are_read_and_the_echo_says_what_was_assumed(
    text: str, slot: str, value: object, written: str
) -> None:
    reading = read(text)
    assert values(text)[slot] == value
    assert any(f"read '{written}'" in n for n in reading.notes), reading.notes


@pytest.mark.parametrize("text", ["rituximab given", "on dobutamine", "ephedrine 6 mg", "event overnight"])
def test_a_fuzzy_match_never_turns_one_drug_into_another(text: str) -> None:
    reading = read(text)
    assert not reading.findings
    assert not [n for n in reading.notes if n.startswith("read '")]


# --- comfort oxygen, fluids and bare numbers -----------------------------------------------


@pytest.mark.parametrize("text", ["2L NC for comfort", "on 1 L nasal prongs, comfort only", "comfort O2 2L"])
def test_comfort_oxygen_is_no_hypoxia_and_cites_the_statement(text: str) -> None:
    (finding,) = [f for f in read(text).findings if f.slot == "oxygen"]
    assert finding.value == "none" and "comfort" in finding.echo
    assert finding.statement == "astct-comfort-oxygen"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        row("BP 78/40, 1L NS, BP 102/58", hypotension="fluids"),
        row("SBP 80s -> 110s after 500 mL", hypotension="fluids"),
        row("MAP low, BP 85/50 fluid responsive", hypotension="fluids"),
        row("BP 96/60 after 2 L crystalloid", hypotension="fluids"),
        row("BP 124/78, RA", hypotension="none", oxygen="none"),
        row("HFNC 40L, levo, 39.3", temperature_c=39.3),
        row("intubated, norad + adrenaline, 102.4", temperature_c=39.11),
        row("on 2L NC, 38.4, BP fine", temperature_c=38.4),
    ],
)
def test_fluids_as_numbers_and_bare_temperatures(text: str, expected: dict[str, object]) -> None:
    check(text, expected)


@pytest.mark.parametrize("text", ["BP 80/45, no pressors yet", "MAP 60 after 2 boluses, no pressor"])
def test_hypotension_without_vasopressors_is_grade_2_hypotension(text: str) -> None:
    assert values(text)["hypotension"] == "fluids"


@pytest.mark.parametrize("text", ["pressures soft, gave 500 mL, waiting to see", "hypotensive after a 1L bolus"])
def test_hypotension_treated_with_fluids_and_no_vasopressor_named_is_grade_2(text: str) -> None:
    # a vasopressor running would have been named; the echo says what was assumed
    (finding,) = [f for f in read(text).findings if f.slot == "hypotension"]
    assert finding.value == "fluids" and "vasopressor" in finding.echo


@pytest.mark.parametrize("text", ["BP 84/50 despite 2L fluids", "BP 80/45", "MAP 58, fluid refractory"])
def test_low_pressure_without_its_treatment_is_asked(text: str) -> None:
    reading = read(text)
    assert "hypotension" not in {f.slot for f in reading.findings}
    assert any("hypotension" in p for p in reading.problems)


@pytest.mark.parametrize("text", ["FiO2 0.4 on HFNC", "lactate 38.5", "RR 38, on 2L", "ANC 0.3"])
def test_labelled_numbers_are_not_temperatures(text: str) -> None:
    assert "temperature_c" not in values(text)


# --- questions: findings are never dropped -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "question"),
    [
        ("Is on norad 0.08 and NRB, T 39.0", {"hypotension": "one-pressor", "oxygen": "high-flow"}, ""),
        ("Has had toci x2, T 37.0, on BiPAP", {"tocilizumab_doses": 2, "oxygen": "positive-pressure"}, ""),
        ("Will not accept steroids, T 38.4", {"steroids": "none"}, ""),
        ("Does have fever 38.7 on 3L", {"temperature_c": 38.7, "oxygen": "low-flow"}, ""),
        ("Can't come off the levo, T 38.2", {"hypotension": "one-pressor"}, ""),
        ("T 39.2 on 4L NC, should we give toci?", {"oxygen": "low-flow"}, "should we give toci?"),
        ("levo + vaso, HFNC 50L. What dose of dex?", {"hypotension": "one-pressor"}, "What dose of dex?"),
    ],
)
def test_findings_and_questions_are_both_kept(text: str, expected: dict[str, object], question: str) -> None:
    reading = read(text)
    check(text, expected)
    assert reading.question == question
    assert reading.is_question == bool(question)


def test_a_proposed_therapy_in_a_question_is_not_read_as_given() -> None:
    got = values("T 39.2 on 4L NC, should we give toci?")
    assert "tocilizumab_doses" not in got and "anticytokine_given" not in got


# --- two patients --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Bed 3: T 38.2 RA. Bed 7: BiPAP, levo",
        "Pt A febrile 38.9 on 2L; Pt B intubated on epi + norad",
        "room 12 on HFNC, T 39 / room 15 on vaso, T 38.4",
        "Mrs J 38.5 on RA and Mr T on levo + NRB",
        "two patients: first one T 38.3 RA, second on BiPAP",
    ],
)
def test_two_patients_are_never_merged(text: str) -> None:
    reading = read(text)
    assert len(reading.patients) >= 2
    assert reading.findings == ()


def test_the_part_marked_this_one_is_read_alone() -> None:
    reading = read("my other patient is intubated on 2 pressors, but this one: T 38.4, 3L NC, BP fine")
    assert values("my other patient is intubated on 2 pressors, but this one: T 38.4, 3L NC, BP fine") == {
        "temperature_c": 38.4, "hypotension": "none", "oxygen": "low-flow",
    }
    assert any("other patient" in n for n in reading.notes)


@pytest.mark.parametrize("text", ["pt 82 kg on levo", "bed rest, T 38.5", "second dose of toci, T 38.5"])
def test_one_patient_is_not_taken_for_two(text: str) -> None:
    assert read(text).patients == ()


# --- nothing silently lost -----------------------------------------------------------------


def test_what_could_not_be_read_is_listed_as_written() -> None:
    reading: Reading = read("T 38.9, terlipressin infusion peripherally, HFNC 40L")
    assert reading.unread == ("terlipressin infusion peripherally",)


def test_filler_and_answers_are_not_listed_as_unread() -> None:
    assert read("pt is on 4L NC now").unread == ()
    assert read("unknown").unread == ()


def test_a_one_word_doubt_is_no_finding_and_the_rest_is_still_read_or_listed() -> None:
    reading = read("Temp 38.6. Norad. Adrenaline? terlipressin peripherally")
    assert values("Temp 38.6. Norad. Adrenaline? terlipressin peripherally")["hypotension"] == "one-pressor"
    assert any("doubt" in n and "Adrenaline?" in n for n in reading.notes)
    assert reading.unread == ("terlipressin peripherally",)
