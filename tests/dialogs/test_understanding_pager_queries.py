"""Phrasings found on 2 December, fifth session (terse pager lines of writer s43, and our own probes
around them): a dose asked about by its ordinal counted as given, a device queried with "?" before
it read as running, findings before an unpunctuated "ok to give ...?" dropped with the question, an
unlabelled temperature in a line with no vocabulary word, a bolus read from an oxygen escalation,
the patient's own night-time device read as the support now, and terse words ("afeb", "para",
"low flow 2L"). The rows are ours, not the writer's lines. Each fails when that phrasing is no longer
read so."""

from __future__ import annotations

import pytest

from dialogs.understanding import read
from tests.dialogs.conftest import read_value as value


@pytest.mark.parametrize(
    ("text", "doses"),
    [
        ("T 39, 2L NC, BP ok, s/p toci x1, ?2nd dose", 1),
        ("norad 0.1, NC 2L, 38.3, ?2nd toci", 1),
        ("39.3, 2L NC, normotensive, toci x1 at 1400, is 2nd toci reasonable", 1),
        ("toci x1 at 2200, 39.2, 2L, BP ok, ok to give a 3rd dose?", 1),
        ("s/p toci x2, 38.9, 3L, bp 100/60, can we give a third toci", 2),
        ("39, 2L, BP ok, toci x1, 2nd toci reasonable?", 1),
        # given, it counts
        ("39, 2L, BP ok, 2nd toci given 0400", 2),
    ],
)
def test_a_dose_asked_about_by_its_ordinal_counts_only_the_doses_before_it(text: str, doses: int) -> None:
    assert value(text, "tocilizumab_doses") == doses


@pytest.mark.parametrize(
    ("text", "slot", "expected"),
    [
        ("hfnc 60/70 sats 90 ?bipap next, bp stable, 39.1", "oxygen", "high-flow"),
        ("4L NC, sats 92, ?hfnc tonight, BP 110/70, 38.9", "oxygen", "low-flow"),
        ("norad 0.08 ?add vaso, 38.8, RA", "hypotension", "one-pressor"),
        ("levo 0.1 ?vaso, 38.9, RA", "hypotension", "one-pressor"),
    ],
)
def test_a_name_queried_with_a_question_mark_before_it_is_not_running(text: str, slot: str, expected: str) -> None:
    assert value(text, slot) == expected


def test_a_queried_name_is_said_to_be_read_as_proposed() -> None:
    notes = read("hfnc 60/70 sats 90 ?bipap next, bp stable, 39.1").notes
    assert "read as planned or proposed, not as given: '?bipap next'" in notes


@pytest.mark.parametrize(
    ("text", "oxygen"),
    [
        ("febirle 101.8F HR 120s normotensive sats 96 RA ok to give tylenol?", "none"),
        ("38.7 bp 118/70 ra sats 97 ok to give apap?", "none"),
        ("39.4 on 3L, BP 96/60 after 1L, reasonable to start dex?", "low-flow"),
        ("38.9 on 2L NC bp 110/70 safe to start dex?", "low-flow"),
    ],
)
def test_findings_before_an_unpunctuated_request_for_leave_are_read(text: str, oxygen: str) -> None:
    reading = read(text)
    assert value(text, "oxygen") == oxygen
    assert value(text, "temperature_c") is not None
    assert reading.is_question  # ... and the question is still asked


@pytest.mark.parametrize(
    ("text", "celsius"),
    [
        ("38.9 on 2L bp 110/70", 38.9),
        ("39.2 on 2L bp 112/68", 39.2),
        ("pt 38.9 on 2L bp 110/70", 38.9),
        ("38.4 bp 110/70 ra", 38.4),
    ],
)
def test_an_unlabelled_temperature_in_a_line_of_pressures_and_flows_is_read(text: str, celsius: float) -> None:
    assert value(text, "temperature_c") == pytest.approx(celsius)
    assert "read as the temperature" in next(f.echo for f in read(text).findings if f.slot == "temperature_c")


@pytest.mark.parametrize(
    ("text", "slot", "expected"),
    [
        ("bp 100/60 weight 38.5", "temperature_c", None),  # a weight is no temperature
        ("39.1", "temperature_c", None),  # a number alone is no case line
    ],
)
def test_a_number_claimed_by_another_finding_or_alone_is_no_temperature(text: str, slot: str, expected: object) -> None:
    assert value(text, slot) == expected


@pytest.mark.parametrize(
    "text",
    ["febrile 39.1 sats 89% RA \u2192 2L NC now 95, BP ok", "sats 90 RA -> 2L NC 95%, 38.6, BP fine",
     "T 38.2, SpO2 91% RA -> 3 L nasal, BP 120/70"],
)
def test_an_arrow_to_an_oxygen_flow_is_no_bolus(text: str) -> None:
    assert value(text, "hypotension") == "none"
    assert value(text, "oxygen") == "low-flow"


@pytest.mark.parametrize(
    ("text", "oxygen"),
    [
        ("38.3, bp 120s, RA sats 97, home cpap qhs for osa", "none"),
        ("38.8, RA sat 95, BP 125/75, uses own bipap at night for OSA", "none"),
        ("home cpap qhs for osa, 38.5, bp 120/80, on RA", "none"),
        # ... unless it is needed now
        ("T 38.6, BP ok, on RA during day but on CPAP at night for OSA now hypoxic requiring CPAP continuously",
         "positive-pressure"),
        ("T 38.3, BP ok, on RA, BiPAP at night", "positive-pressure"),
    ],
)
def test_the_patients_own_night_device_named_last_is_not_the_support_now(text: str, oxygen: str) -> None:
    assert value(text, "oxygen") == oxygen


@pytest.mark.parametrize(
    ("text", "slot", "expected"),
    [
        ("sats 90 RA -> 2L NC 95%, afeb after toci, BPs fine", "temperature_c", pytest.approx(37.0)),
        ("afeb on sched tylenol q6, no O2, normotensive", "anticytokine_given", True),
        ("peak 38.6 last 24h, now 37.0 after para 1g IV, nasal specs 2L, BP ok", "anticytokine_given", True),
        ("d+5 after epcoritamab 38.2, low flow 2L, 118/72", "oxygen", "low-flow"),
        ("T 38.2, 'low flow' 2L, BP 100/70", "oxygen", "low-flow"),
    ],
)
def test_terse_words(text: str, slot: str, expected: object) -> None:
    assert value(text, slot) == expected
