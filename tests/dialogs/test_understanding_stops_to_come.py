"""Phrasings found on 2 December, fifth session (terse pager lines, writer s42, and our own probes
around them): a stop or wean still to come beside a normal blood pressure had dropped the agent and
read the pressure as no hypotension (grade 3 read as 1); a stop already done with its verb before
the agent ("weaned norepi to off") had been read as running; a drug name with one key typed beside
the right one; "hypotn"; "BP stable off". The rows are ours, not the writers' lines. Each fails when
that phrasing is no longer read so."""

from __future__ import annotations

import pytest

from dialogs.understanding import read
from dialogs.understanding.spelling import meant
from tests.dialogs.conftest import read_value as value


@pytest.mark.parametrize(
    ("text", "hypotension"),
    [
        ("T 38.5, RA, BP 110/70, will wean norepi to off", "one-pressor"),
        ("T 38.5, RA, BP 110/70, will wean levophed off tonight", "one-pressor"),
        ("Tmax 38.6 RA BP 112/64 - will wean off levo", "one-pressor"),
        ("38.9, ra, bp 105/60, plan wean levo", "one-pressor"),
        ("T 38.5, RA, MAP 70, will stop the norepi later", "one-pressor"),
        ("T 38.5, RA, BP 110/70, hoping to get levo off today", "one-pressor"),
        ("T 38.5, RA, BP 118/70, will d/c norepi in am", "one-pressor"),
        ("T 38.5, RA, BP 110/70, will titrate levo off", "one-pressor"),
        ("T 38.5, RA, BP 110/70, weaning levo off overnight", "one-pressor"),
        ("T 39, BP 100/60 RA, weaning norad + adrenaline off", "multi-pressor"),
        ("T 39, SBP 110, RA, will wean off the norad and vaso", "one-pressor"),
        # a stop that was not done, or failed, stays what it was
        ("Not weaning NE today, at 0.09. T 38.4. SpO2 96% RA.", "one-pressor"),
        ("T 38.4, stopped weaning levo at 0400 for MAP 60, at 6, RA", "one-pressor"),
        # ... and a start still to come is still a plan
        ("T 38.5, RA, BP 80/40, start levo and titrate to MAP 65", None),
    ],
)
def test_a_stop_still_to_come_keeps_what_it_stops_running_beside_a_normal_pressure(
    text: str, hypotension: str | None
) -> None:
    assert value(text, "hypotension") == hypotension


@pytest.mark.parametrize(
    ("text", "oxygen"),
    [
        ("plan to wean HFNC to nasal cannula later today, T 38.9, BP ok", "high-flow"),
        ("hoping to get her off BiPAP onto high flow tomorrow, T 38.7, no pressors", "positive-pressure"),
        ("T 38.5, BP ok, will wean HFNC to 4L NC", "high-flow"),
        ("T 38.6, BP 100/60, could not wean off BiPAP.", "positive-pressure"),
        # a target alone is no device now
        ("T 38.5, BP ok, will wean to 4L NC", None),
    ],
)
def test_a_wean_still_to_come_keeps_the_device_it_weans_and_not_its_target(text: str, oxygen: str | None) -> None:
    assert value(text, "oxygen") == oxygen


@pytest.mark.parametrize(
    ("text", "hypotension"),
    [
        ("T 38.5, RA, BP 110/70, weaned norepi to off by 0300", "none"),
        ("T 38.5 RA, BP 110/70, titrated levo down to zero", "none"),
        ("T 38.5, RA, BP 110/70, titrated levo to off at 0400", "none"),
        ("T 38.5, RA, BP 110/70, weaned the norad 0.05 to 0", "none"),
        # going on, or to a dose, it is still running
        ("T 38.5, RA, BP 110/70, weaning norepi to off", "one-pressor"),
        ("T 38.5, RA, BP 110/70, weaned levo to 0.03", "one-pressor"),
    ],
)
def test_a_stop_done_with_its_verb_before_the_agent_stops_it(text: str, hypotension: str) -> None:
    assert value(text, "hypotension") == hypotension


@pytest.mark.parametrize(("typed", "meant_word"), [("levp", "levo"), ("tocu", "toci"), ("dexs", "dexa"),
                                                   ("apao", "apap"), ("vasi", "vaso")])
def test_a_drug_name_of_four_letters_with_one_key_beside_the_right_one_is_corrected(
    typed: str, meant_word: str
) -> None:
    assert meant(typed) == meant_word
    reading = read(f"T 38.9, {typed} given, RA, BP ok")
    assert any(f"read '{typed}' as '{meant_word}'" in note for note in reading.notes)


@pytest.mark.parametrize("word", ["drop", "mess", "pres", "lego", "doll", "hfmc", "nasl"])
def test_a_four_letter_word_is_never_corrected_by_a_key_beside_unless_it_is_a_drug(word: str) -> None:
    """ "drop" is no "drip" (a generic pressor word), "mess" no "meds", "lego" no "levo" (English
    words), "hfmc" no "hfnc" (a device: only swapped letters for those)."""
    assert meant(word) is None


@pytest.mark.parametrize(
    ("text", "slot", "expected"),
    [
        ("101.8 hypotn 86/40 responded 2L LR on ra", "hypotension", "fluids"),
        ("101.8 hypotn 86/40 responded 2L LR on ra", "temperature_c", pytest.approx(38.8, abs=0.05)),
        ("T 38.3, hypotn, 1L LR bolus w/ good resp, 2LNC", "hypotension", "fluids"),
        ("Tmax 39.3, HFNC available if needed; currently RA; no hypoTN", "hypotension", "none"),
        ("BP stable off, T 38.6, RA", "hypotension", "none"),
        ("normotensive off since 0400, 38.9, 2L", "hypotension", "none"),
    ],
)
def test_terse_pressure_words(text: str, slot: str, expected: object) -> None:
    assert value(text, slot) == expected
