"""Phrasings found on 3 December (SBAR and rapid-response calls of writer s44, pager lines of writer
s45, fluids and the airway of writer s46, and our own probes around them): a bolus followed by a
normal pressure read as no hypotension (grade 2 read as 1), fluids for another reason or over by now,
an extubation beside the intubation it ended or still to come, racemic and IM epinephrine, "icans
neg", a Fahrenheit fever with no label ("she's 103.1 now"), a temperature before "planning", a dose
asked about by its ordinal inside a question ("ok to give 2nd toci?"), "2yo" after "for", "map back
to 70". The rows are ours, not the writers' lines. Each fails when that phrasing is no longer read so."""

from __future__ import annotations

import pytest

from dialogs.understanding import read
from tests.dialogs.conftest import read_value as value


@pytest.mark.parametrize(
    "text",
    [
        "T 38.4, s/p 1L bolus, bp now 110/68, RA",
        "T 38.4, RA, s/p 1L NS, BP 112/70",
        "T 39.1 RA bp 98/54 s/p 1L",
        "T 39.1 RA, 1L LR given, now 104/62",
        "T 39, RA, bolused 1L, BP now 108/64",
        "T 39.2, 2L of fluid, BP 100/60 now, RA",
        "S: 15L NRB plus 2L of fluid. B: T 39.2. A: BP 100/60 now. R: ICU?",
        "pt febrile 39.4 -> got 1L NS, map back to 70, on 2L nc now",
        "T 39 RA, bolus given, back to baseline 110/70",
    ],
)
def test_fluids_given_then_a_normal_pressure_now_is_hypotension_treated_with_fluids(text: str) -> None:
    assert value(text, "hypotension") == "fluids"


@pytest.mark.parametrize("text", ["T 39, RA, 1L bolus in ED, BP 120/80 on arrival",
                                  "T 39.2, RA, plus 2L of fluid, BP 100/60"])
def test_fluids_given_then_a_normal_pressure_not_tied_to_them_is_asked_never_read_as_no_hypotension(text: str) -> None:
    reading = read(text)
    assert value(text, "hypotension") is None
    assert any("say whether the fluids were for hypotension" in p for p in reading.problems)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a reason of their own, a rate, a later day, a flow of oxygen, a lab value: not the pressure's
        ("T 38.5, 1L NS bolus for UOP < 0.5 mL/kg/h, BP 130/82, RA", "none"),
        ("T 38.1, MIVF NS at 125 mL/h, BP 124/78, RA", "none"),
        ("albumin 38, bili 13.5, T 38.9, BP 110/64, RA", "none"),
        ("NC 2->4->6L overnight, T 38.5, BP 118/72", "none"),
        ("D2 needed 2L NC and a single 500ml bolus. Today D3: room air, BP 120s with no fluids since D2, T 38.2",
         "none"),
    ],
)
def test_fluids_for_something_else_leave_a_normal_pressure_normal(text: str, expected: str) -> None:
    assert value(text, "hypotension") == expected


@pytest.mark.parametrize(
    ("text", "oxygen"),
    [
        ("S: extubated this morning, now on 4L NC sat 95%. B: tisa-cel, intubated 2 days for CRS. A: T 38.5, "
         "BP 118/70", "low-flow"),
        ("intubated for 2 days, extubated this am to 4L NC, T 38.5, BP 118/70", "low-flow"),
        ("self-extubated overnight, now on 6L NC, was intubated for 3 days, T 38.6, BP 110/70", "low-flow"),
        # still on it, or back on it
        ("extubated, reintubated at 0300, T 38.4, BP 120/80", "positive-pressure"),
        ("extubated monday, intubated again today, T 38.4, BP 120/80", "positive-pressure"),
        ("intubated, plan to be extubated tomorrow, T 38.4, BP 120/80", "positive-pressure"),
        ("intubated, hopefully extubated tomorrow, T 38.4, BP 120/80", "positive-pressure"),
        ("intubated day 2, will be extubated if sats hold, T 38.6, BP 110/70", "positive-pressure"),
        ("ventilated on AC, failed extubation yesterday, T 38.4, BP 120/80", "positive-pressure"),
        ("vent day 3, T 38.4, BP 120/80, extubated to bipap", "positive-pressure"),
    ],
)
def test_an_extubation_done_ends_the_intubation_it_names(text: str, oxygen: str) -> None:
    assert value(text, "oxygen") == oxygen


@pytest.mark.parametrize(
    ("text", "icans"),
    [
        ("T 39 on 8L nc, normotensive, icans neg", False),
        ("T 39, RA, BP ok, icans: neg", False),
        ("T 39, RA, BP ok, icans -ve", False),
        ("T 39, RA, BP ok, icans absent", False),
        ("T 39, RA, BP ok, neg for icans", False),
        ("T 39, RA, BP ok, icans neg, ice 8", True),  # a sign beside it: the sign is not dropped
    ],
)
def test_icans_said_negative_is_no_icans(text: str, icans: bool) -> None:
    assert value(text, "icans") is icans


@pytest.mark.parametrize(
    ("text", "celsius"),
    [
        ("bed 22, she's 103.1 now, norepi 0.05, 6L NC", 39.5),
        ("your cilta-cel guy in 918 is 100.6 now, BP 132/78, 97% on room air", 38.1),
        ("pt 101.3 on RA bp 120/70", 38.5),
        ("38.3 planning hfnc if sats drop, currently 4L nc 93%, bp 110/65", 38.3),
    ],
)
def test_an_unlabelled_fever_is_read(text: str, celsius: float) -> None:
    read_c = value(text, "temperature_c")
    assert isinstance(read_c, float) and abs(read_c - celsius) < 0.06


@pytest.mark.parametrize("text", ["bgl 104.5, RA, bp 120/70", "wt 101.5, on 2L, bp 120/70", "glucose 104.5, RA"])
def test_a_labelled_number_in_the_fahrenheit_range_is_no_temperature(text: str) -> None:
    assert value(text, "temperature_c") is None


@pytest.mark.parametrize(
    ("text", "doses"),
    [
        ("ok to give 2nd dose toci? T 39.3 on 3L bp 120/70", 1),
        ("ok to give 2nd toci? T 39.3 on 3L bp 120/70", 1),
        ("T 39.3 on 3L bp 120/70, ok to give a second dose of toci?", 1),
        ("T 39.3 on 3L bp 120/70, should we give a 3rd dose of tocilizumab or switch to anakinra?", 2),
        ("T 39.3 on 3L bp 120/70. 2nd dose toci due at 1400", 1),
    ],
)
def test_a_dose_asked_about_in_a_question_counts_the_doses_before_it(text: str, doses: int) -> None:
    assert value(text, "tocilizumab_doses") == doses
    assert value(text, "anticytokine_given") is True


def test_a_question_about_a_first_dose_says_nothing_was_given() -> None:
    assert value("ok to give toci? T 39.3 on 3L bp 120/70", "tocilizumab_doses") is None


@pytest.mark.parametrize(("text", "child"), [("blow-by o2 for 2yo, 39.1, bp ok", True),
                                             ("on 2L for 2 years, 39.1, bp ok", None)])
def test_an_age_with_its_own_unit_after_for_is_the_patients_age(text: str, child: bool | None) -> None:
    assert value(text, "child") is child


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # fluids for another reason, or at a rate
        ("fever 101.3 F, bolused 500cc for UOP 15 mL/hr, BPs stable 130s/80s, RA", "none"),
        ("got 250 mL with her IV abx per protocol, BP has been 120s all day, T 101.1, RA", "none"),
        # fluids over by now, with the low pressure they were for
        ("had fluid boluses on day 2 and 3 for soft pressures, none since. today 38.3, BP 124/80 on room air", "none"),
        ("T 38.6. had 1 bolus yesterday for soft pressures, none needed today. BP 118/72, RA 98%", "none"),
        # ... while a bolus for the pressure, or after it, is the pressure's
        ("T 39, RA, 1L bolus for soft BP, BP 120/80", "fluids"),
        ("NEWS 6: T 38.9, SpO2 93% on 2L, BP 101/63 (after 500ml for 84/50)", "fluids"),
        ("VS: T 38.6 HR 118 BP 94/56 RR 22 SpO2 95% 2L NC | s/p NS 1L bolus", "fluids"),
        ("MAP back to 70 after 2nd liter, Tmax 102.5, RA", "fluids"),
    ],
)
def test_fluids_are_the_pressures_only_when_given_for_it_and_not_over(text: str, expected: str) -> None:
    assert value(text, "hypotension") == expected


def test_fluids_for_another_reason_are_said_so() -> None:
    notes = read("fever 101.3 F, bolused 500cc for UOP 15 mL/hr, BPs stable 130s/80s, RA").notes
    assert "'500cc' read as fluids for another reason, not for the blood pressure" in notes


@pytest.mark.parametrize(
    "text",
    [
        "post-extubation stridor, got racemic epi neb, now 4L NC, T 38.5, BP 122/70",
        "T 39, RA, BP 120/70, reaction to platelets, IM adrenaline given",
        "T 38.9, 2L, BP 118/70, line placed with lidocaine with epi",
    ],
)
def test_epinephrine_given_another_way_is_no_vasopressor(text: str) -> None:
    assert value(text, "hypotension") == "none"


@pytest.mark.parametrize(
    ("text", "oxygen"),
    [
        ("planned extubation this afternoon, on PS 5/5 FiO2 30%, Tmax 38.2, no pressors", "positive-pressure"),
        ("T 38.4, BP 120/80, SBT this am, ?extubate", "positive-pressure"),
        ("T 38.4 BP 120/80 sat 96% on FiO2 40%, plan to extubate today", "positive-pressure"),
        ("hoping to extubate tomorrow, T 38.4, levo 0.03", "positive-pressure"),
        # done: the support now is what is named after it
        ("extubated this am after SBT, now 3L NC, T 38.4, BP 120/80", "low-flow"),
        ("T 38.4, BP 120/80, RA, extubated 3 days ago after SBT", "none"),
    ],
)
def test_an_extubation_still_to_come_is_an_intubation_now(text: str, oxygen: str) -> None:
    assert value(text, "oxygen") == oxygen


@pytest.mark.parametrize(("text", "slot", "expected"), [
    ("38.3 planning hfnc if sats drop, currently 4L nc 93%, bp 110/65", "oxygen", "low-flow"),
    ("T 38.4, discharge planning on RA, bp 120/70", "oxygen", "none"),
    ("care planning meeting with family, on levo 0.1, T 38.9, HFNC 40L", "hypotension", "one-pressor"),
])
def test_planning_plans_what_it_names_but_a_planning_meeting_plans_nothing(text: str, slot: str,
                                                                           expected: str) -> None:
    assert value(text, slot) == expected


def test_two_ages_each_with_a_temperature_and_a_finding_are_two_patients() -> None:
    reading = read("Paeds ward: 5yo on blow-by at 39.0, 14yo on epi drip at 38.6, both tisa-cel")
    assert [p.label for p in reading.patients] == ["5yo", "14yo"]
    assert reading.findings == ()


def test_one_patients_age_and_an_age_at_diagnosis_stay_one_patient() -> None:
    assert read("8yo 25kg, T 39.1 on 2L, BP ok; diagnosed at 3yo").patients == ()


# Rows from a red-team pass over the rules above (lines that had read a grade lower than the truth)
@pytest.mark.parametrize(
    "text",
    [
        "T 39.2, extubated 3 days ago to 2L NC, intubated this morning for worsening hypoxia, BP 110/70 no pressors",
        "Tmax 39.1, was extubated Monday to RA, intubated Wed for resp distress, BP 100/60",
        "T 38.9, extubated D6 to 3L NC; D7 intubated for hypoxia, BP 110/70",
        "T 38.7, ETT in situ, was extubated Tues -> 6L NC -> intubated Thurs, BP 110/70 off pressors",
        "febrile 38.9; after extubation attempt failed she was reintubated from 4L NC and remains ventilated",
        "39.0 intubated for CRS d4; extubated attempt d6 failed (stridor, 15L NRB), intubated d6 pm, BP 115/70",
        "T 38.6, hasn't been extubated yet, on vent, BP 110/70",
        "T 38.6, hx of post-extubation stridor, intubated, BP 110/70",
    ],
)
def test_an_intubation_after_an_extubation_or_one_never_ended_is_now(text: str) -> None:
    assert value(text, "oxygen") == "positive-pressure"


@pytest.mark.parametrize(
    ("text", "hypotension"),
    [
        ("T 38.9, 500 mL bolus x2 for soft pressures, now 104/62, tylenol none today, RA", "fluids"),
        ("T 38.9, 1L bolus at 0200, none needed since then, BP 110/70, RA", "fluids"),
        ("T 39, RA, 1L for shock, now BP 105/60", "fluids"),
        ("T 39, RA, 1L for persistent hypotension, now 102/60", "fluids"),
        ("T 39, RA, fluid bolus per protocol for SBP 84, now 100/60", "fluids"),
        ("T 39.0, RA, 1L given, subsequently 104/66", "fluids"),
        ("T 39.0, RA, 1L NS, then BP 108/70", "fluids"),
        ("T 39.0, 1L bolus at 2200, BP 118/72, RA", None),  # asked, never read as no hypotension
        ("T 38.5, RA, s/p 2L thoracentesis, BP 120/70", "none"),
        ("T 38.5, RA, s/p 1L PRBC transfusion, BP 120/70", "none"),
        ("T 38.5, RA, after 1L UF on CRRT, BP 120/70", "none"),
        ("T 38.5, RA, s/p 2L (for poor UOP), BP 120/70", "none"),
        ("1L bolus D2 for soft BP, today D3 38.2, BP 120/70, RA, no further fluids", "none"),
    ],
)
def test_fluids_over_or_for_another_reason_only_when_said_so(text: str, hypotension: str | None) -> None:
    assert value(text, "hypotension") == hypotension


@pytest.mark.parametrize(
    ("text", "hypotension"),
    [
        ("T 39.2 on levo 0.05 neg for flu, RA", "one-pressor"),
        ("T 39.2 on levo 0.05 neg flu, RA", "one-pressor"),
        ("T 39.2 on levo 0.05 negative for flu, RA", "one-pressor"),
        ("T 39.2 on NE and epi neg for covid, RA", "multi-pressor"),
        ("T 38.9 on RA, ok to give dex while on NE 0.1 and epi 0.04?", "multi-pressor"),
    ],
)
def test_a_negative_test_result_or_a_question_never_stops_the_agents_running(text: str, hypotension: str) -> None:
    assert value(text, "hypotension") == hypotension


@pytest.mark.parametrize("text", ["T 37.2, Cl 104.5, RA, BP 120/70", "chloride 104.5, RA, BP 120/70",
                                  "weighs 101.2, on 2L, BP 110/70", "lost weight to 101.5, RA"])
def test_a_number_of_another_measure_is_no_fahrenheit_fever(text: str) -> None:
    read_c = value(text, "temperature_c")
    assert read_c is None or read_c < 38.0


@pytest.mark.parametrize(("text", "doses"), [("T 39, 2L, BP ok, giving 2nd toci now", 2),
                                             ("T 39, 2L, BP ok, this is the 2nd toci", 2)])
def test_an_ordinal_dose_being_given_counts_itself(text: str, doses: int) -> None:
    assert value(text, "tocilizumab_doses") == doses


@pytest.mark.parametrize("text", ["T 39.6, mechanically ventilated, home 2L NC, BP 118/70 no pressors",
                                  "T 38.8, intubated D2, BP 110/70, RA last month"])
def test_a_lower_support_of_home_or_another_month_is_asked_never_read_as_now(text: str) -> None:
    assert value(text, "oxygen") is None


@pytest.mark.parametrize(("text", "oxygen"), [
    ("T 39.1, planning de-escalation from HFNC 50L to 2L NC, BP 110/70", "high-flow"),
    ("T 39.1, will wean HFNC 40/40 to 4L NC tonight, BP 110/70", "high-flow"),
])
def test_a_wean_still_to_come_after_the_flow_now_keeps_the_support_now(text: str, oxygen: str) -> None:
    assert value(text, "oxygen") == oxygen


@pytest.mark.parametrize(
    ("text", "slot", "expected"),
    [
        # writer s49: clinicians writing in English from other languages, and in their own
        ("Paziente febbrile 38,2, PA 110/70, in aria ambiente SpO2 96%", "oxygen", "none"),
        ("Bambino 11 anni, 35 kg, febbre 38,8, PA normale, SpO2 97% in aria ambiente", "child", True),
        ("Bambino 11 anni, 35 kg, febbre 38,8, PA normale, SpO2 97% in aria ambiente", "hypotension", "none"),
        ("Niño 9 años 28 kg, T 39,3, TA 78/40, bolo SSF 20 mL/kg x2, ahora 95/55, SatO2 98% aire ambiente",
         "hypotension", "fluids"),
        ("Kind 6 Jahre, 21 kg, Fieber 38,9, braucht O2 blow-by, RR stabil 100/60", "child", True),
        ("T 38,6, O2 4 L über Nasenbrille, RR 95/60 nach 1 L Jonosteril", "hypotension", "fluids"),
        ("Pt is having temp 38.6, BP 90/60 after 2 NS bolus, SpO2 93% on 4 lit O2 by nasal prongs", "oxygen",
         "low-flow"),
        ("poids 70 kg, 3 injections de tocilizumab, apyrétique, sous noradrénaline seule", "temperature_c", 37.0),
        ("T 38,4 - epcoritamab C1D15 - BP 128/74 - RA sats 99% - no neuro sx", "icans", False),
        ("T 38,7, BP 105/60 no fluids, sats 97 on air, we are preparing BiPAP just in case", "oxygen", "none"),
        # writer s50: a day something started from labels nothing; 'BP still fine'; 'tal'
        ("axi-cel D+4, on scheduled paracetamol since D+1, afebrile 36.9, BP 125/70, RA", "temperature_c", 36.9),
        ("liso-cel D+4 update 1400: now 8 L NC sat 90%, BP still fine, T 38.4 after toci x2.", "hypotension",
         "none"),
        ("tal C1 step 2: T 38.3, BP 120/70, RA", "product", "talquetamab"),
    ],
)
def test_words_of_other_languages_and_day_labels(text: str, slot: str, expected: object) -> None:
    assert value(text, slot) == expected


def test_a_misspelt_cannula_is_still_corrected() -> None:
    assert value("levofed 0.1, febrle 38.9, nasal canula 3L", "oxygen") == "low-flow"


@pytest.mark.parametrize(("text", "oxygen"), [
    ("T 38.9, AC 16/400/8/40%, BP 110/70", "positive-pressure"),
    ("T 39.1, remains on AC 14/450/5, sats 98 on 30%, BP 120/70", "positive-pressure"),
    ("T 38.4, PS 5/5 FiO2 30%, BP 110/70", "positive-pressure"),
    ("ECOG PS 1, T 38.4, RA, BP 120/70", "none"),
    ("T 38.4, BP 120/70 on RA, VC 2/3 of baseline", "none"),
])
def test_a_ventilator_mode_with_its_settings_is_mechanical_ventilation(text: str, oxygen: str) -> None:
    assert value(text, "oxygen") == oxygen


@pytest.mark.parametrize("text", [
    "wasn't extubated this am, still febrile 39.1, remains on AC, sats 98 on 30%, BP 120/70, prior 2L NC",
    "T 39.6, mechanically ventilated, extubated in 2019 after surgery, home 2L NC, BP 118/70 no pressors",
])
def test_an_extubation_denied_or_long_past_never_makes_a_lower_support_now(text: str) -> None:
    assert value(text, "oxygen") in (None, "positive-pressure")


@pytest.mark.parametrize(("text", "temperature"), [
    ("CAR-T 101.5 x10^6 cells infused, T 37.2, RA, BP 120/70", 37.2),
    ("car t 2.0 x 10^8 cells on D0, now T 37.6 RA", 37.6),
    ("CAR-T 38.9 on 2L, bp 120/70", 38.9),
    ("D+3 CAR-T, 38.9, RA, BP 118/70", 38.9),
    ("CAR-T 1.5e8 cells T 37.1, RA", 37.1),
    ("CAR-T 101.5 million cells, T 37.2", 37.2),
    # a number after CAR-T that is no cell dose is still its temperature
    ("CAR-T 38.2 - what now?", 38.2),
    ("car-t 39 on 2L what grade", 39.0),
])
def test_the_t_of_car_t_before_a_cell_dose_is_no_temperature_label(text: str, temperature: float) -> None:
    assert value(text, "temperature_c") == temperature
