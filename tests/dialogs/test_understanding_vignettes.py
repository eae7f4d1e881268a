"""Phrasings that lowered the grade (or lost the steroids of a plan) in the red-team pass of
2 December, third part (teaching vignettes, writer s30; non-specialists on general wards, writer
s31): an intubation said in the passive, a stop still to come, a device named after "after", lay
words for ventilation, an unnamed agent beside fluids, "a second agent", steroids not yet given
said as no steroids, and therapy not yet given. The rows are ours, not the writers' lines. Each
fails when that phrasing is no longer read so."""

from __future__ import annotations

import pytest

from dialogs.understanding import read
from tests.dialogs.conftest import read_value as value


@pytest.mark.parametrize(
    ("text", "oxygen"),
    [
        ("T 39.2, she was intubated this morning, BP 110/70", "positive-pressure"),
        ("Febrile to 38.8; failed 6 L NC and was intubated at 0400; BP ok", "positive-pressure"),
        ("T 38.9, room air until noon, then he was intubated", "positive-pressure"),
        ("both were intubated overnight? no - she was intubated, T 39, BP fine", "positive-pressure"),
        # a history stays a history
        ("T 38.4, HFNC 40L; she was intubated in 2019 for a COPD exacerbation", "high-flow"),
        ("T 38.5, RA. With his first step-up dose he was intubated.", "none"),
        ("T 38.6, 3L NC, was intubated for surgery years ago", "low-flow"),
    ],
)
def test_an_intubation_said_in_the_passive_is_the_support_now_unless_it_is_a_history(text: str, oxygen: str) -> None:
    assert value(text, "oxygen") == oxygen


@pytest.mark.parametrize(
    ("text", "oxygen"),
    [
        ("T 39.1, on norepi 0.08, intubated overnight after a trial of HFNC", "positive-pressure"),
        ("T 38.9, BP 118/70, intubated at 6am after desaturating on a non-rebreather", "positive-pressure"),
        ("T 38.7, BP ok, BiPAP after failing HFNC", "positive-pressure"),
        ("T 38.6, BP ok, 3L NC following a night on BiPAP", "low-flow"),
    ],
)
def test_a_device_a_few_words_after_after_came_before_the_one_named_first(text: str, oxygen: str) -> None:
    assert value(text, "oxygen") == oxygen


@pytest.mark.parametrize(
    ("text", "oxygen"),
    [
        ("T 39, 4L NC in the ED, now on the breathing machine, BP ok", "positive-pressure"),
        ("temp 102.6, BP fine, has a breathing tube", "positive-pressure"),
        ("T 38.6, on 3L by nose prongs, BP ok", "low-flow"),
    ],
)
def test_lay_words_for_ventilation_and_prongs(text: str, oxygen: str) -> None:
    assert value(text, "oxygen") == oxygen


@pytest.mark.parametrize(
    ("text", "slot", "never"),
    [
        ("T 38.9, will wean Levophed off tonight, RA", "hypotension", "none"),
        ("T 39.0, we will stop the norepi later today, RA", "hypotension", "none"),
        ("T 38.8, BP ok, moving from BiPAP to 4L NC later today", "oxygen", "low-flow"),
        ("T 38.7, BP ok, will step down from HFNC to NC tomorrow", "oxygen", "low-flow"),
        ("will transition from NRB to 4L NC tomorrow, T 38.7, BP ok", "oxygen", "low-flow"),
    ],
)
def test_a_stop_or_a_step_down_still_to_come_is_never_read_as_done(text: str, slot: str, never: str) -> None:
    """The agent or device named is running now, or asked; never read as stopped or stepped down."""
    assert value(text, slot) != never


@pytest.mark.parametrize(
    ("text", "hypotension"),
    [
        ("T 38.9, getting her off the Levophed and Neo today hopefully, RA", "multi-pressor"),
        ("T 38.9, working on getting him off the norepi, RA", "one-pressor"),
        ("T 39, going to wean off levo, RA", "one-pressor"),
        # a stop said after the agent, with "which"
        ("T 39, norepi which was stopped on arrival, RA, BP 110/70", "none"),
        ("T 39, started levo, which was weaned off at 6am, RA, BP 120/70", "none"),
    ],
)
def test_getting_off_an_agent_keeps_it_running_and_which_was_stopped_stops_it(text: str, hypotension: str) -> None:
    assert value(text, "hypotension") == hypotension


@pytest.mark.parametrize(
    "text",
    [
        "T 38.7, given a 1 L bolus for SBP 88, but this did not help and vasopressor support was initiated, RA",
        "T 38.6, BP 80/40 after 2L, pressors started, RA",
        "T 38.8, BP 76/40 despite fluids, vasopressor support was begun, RA",
    ],
)
def test_an_unnamed_agent_running_beside_fluids_is_never_hypotension_treated_with_fluids(text: str) -> None:
    reading = read(text)
    assert value(text, "hypotension") is None  # asked: which agents
    assert any("name the agents" in problem for problem in reading.problems)


@pytest.mark.parametrize(
    "text",
    [
        "T 39, on Levophed and a second agent, RA",
        "T 38.8, norepi plus a second drip for BP, 2L",
        "T 38.6, levo and a 2nd agent, HFNC 30",
    ],
)
def test_a_second_agent_after_a_named_one_is_asked_never_read_as_one(text: str) -> None:
    assert value(text, "hypotension") is None
    assert any("name them" in problem for problem in read(text).problems)


@pytest.mark.parametrize(
    "text",
    [
        "T 39, he has not had steroids, levo 0.1, RA",
        "T 39, no prior steroids, levo, RA",
        "T 39, steroid-naive, levo, RA",
        "T 38.9, hasn't had any dex yet, levo, RA",
    ],
)
def test_steroids_not_yet_given_are_no_stance_of_the_team(text: str) -> None:
    """A plan for grade 3 keeps its corticosteroids: 'no prior steroids' is not the team refusing them."""
    assert value(text, "steroids") is None


@pytest.mark.parametrize(
    "text",
    [
        "T 37.2, Actemra wasn't given yet, levo, RA",
        "T 37.2, haven't given tocilizumab, levo, RA",
        "T 37.2, Tylenol has not been given, levo, RA",
        "T 37.2, still waiting on Actemra, levo, RA",
    ],
)
def test_a_therapy_not_yet_given_does_not_waive_the_fever(text: str) -> None:
    assert value(text, "anticytokine_given") is not True


@pytest.mark.parametrize(
    ("text", "hypotension"),
    [
        ("T 39, didn't need levo after the bolus, RA", "fluids"),
        ("T 38.4, did not need pressors after 1L, RA", "fluids"),
        ("T 38.6, didn't need fluids, didn't need pressors, RA", "none"),
    ],
)
def test_an_agent_not_needed_after_fluids_is_hypotension_that_responded(text: str, hypotension: str) -> None:
    assert value(text, "hypotension") == hypotension


@pytest.mark.parametrize(
    "text",
    [
        "One patient is on HFNC, T 39, BP ok; the other is on room air, T 38.5, BP ok",
        "one of my pts is on levo at 38.9, the other one is on RA at 38.4",
    ],
)
def test_one_patient_and_the_other_are_two_patients(text: str) -> None:
    assert read(text).patients


@pytest.mark.parametrize(
    ("text", "hypotension"),
    [
        ("T 39, norepi + epi (no pressors at home obviously), RA", "multi-pressor"),
        ("T 39, levo 0.1, no pressors in the ED, RA", "one-pressor"),
        ("T 39, on norepi, no pressors during transport, RA", "one-pressor"),
        ("T 39, BP 120/70, no pressors at home, RA", "none"),
    ],
)
def test_no_pressors_in_another_place_leaves_the_agents_running_now(text: str, hypotension: str) -> None:
    """Writer s32 (transfer requests): 'no pressors at home' had stopped the norepi and epi running now."""
    assert value(text, "hypotension") == hypotension


def test_a_time_said_before_a_comma_is_not_the_temperatures() -> None:
    """'infused 6 days ago, T 39.2' had dropped the temperature without a word (writer s31)."""
    assert value("infused 6 days ago, T 39.2, on levo, 2L", "temperature_c") == 39.2
