"""Scripted episodes over time: timed tocilizumab doses against the caps, reassessment points.

Every event carries a fixed time (`Event.at`); the engine never reads the clock, so each
conversation is the same on every run and on replay."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from dialogs.engine import begin, replay, step
from dialogs.state import Event, Reply, State

T0 = datetime(2026, 12, 1, 0, 0, tzinfo=timezone(timedelta(hours=1)))  # local time, UTC+1
START = ("T 39.2, levo, HFNC 40L, 80 kg, steroids ok, not on anakinra, not neutropenic, no icans, obe-cel, US label, "
         "not improving")


def ev(hours: float, text: str) -> Event:
    return Event("text", text, (T0 + timedelta(hours=hours)).isoformat(timespec="seconds"))


def run(script: list[tuple[float, str]]) -> tuple[State, list[list[Reply]]]:
    state, _ = begin()
    turns = []
    for hours, text in script:
        state, replies = step(state, ev(hours, text))
        turns.append(replies)
    return state, turns


def plan(replies: list[Reply]) -> dict[str, Any]:
    found = [r for r in replies if r.kind == "plan"]
    assert found, [r.text[:80] for r in replies]
    assert found[-1].data is not None
    return dict(found[-1].data)


def toci(data: dict[str, Any]) -> dict[str, Any]:
    return next(i for i in data["plan"] if i["action"] == "tocilizumab")


FOUR_DOSES = [
    (2.5, START + ", toci at 0200"),       # day 1, 02:00: dose 1
    (10.0, "toci at 1000"),                # dose 2
    (18.0, "toci at 1800"),                # dose 3: three in 24 h
    (22.0, "plan"),                        # 22:00: a 4th dose would be the 4th within 24 h
    (26.5, "plan"),                        # day 2, 02:30: allowed again
    (27.0, "toci given now"),              # dose 4 at 03:00 on day 2
    (60.0, "plan"),                        # day 3: never a 5th
]


def test_four_doses_over_two_days_the_24_hour_cap_names_the_time_and_no_fifth_dose() -> None:
    state, turns = run(FOUR_DOSES)
    first = toci(plan(turns[0]))
    assert "dose" not in first and "the next dose may be given from 10:00" in first["text"]
    third = toci(plan(turns[2]))
    assert "dose" not in third and "3 were given in the last 24 hours" in third["text"]
    blocked = toci(plan(turns[3]))
    assert "dose" not in blocked
    assert "no more than 3 doses in 24 hours, and 3 were given in the last 24 hours" in blocked["text"]
    assert "the next dose may be given from 02:00 on 2 Dec" in blocked["text"]
    allowed = toci(plan(turns[4]))
    assert allowed["dose"].endswith("640 mg for 80 kg")
    assert state.values["tocilizumab_doses"] == 4
    last = plan(turns[6])
    assert "dose" not in toci(last) and "give no further tocilizumab" in toci(last)["text"]
    assert any(line.startswith("Tocilizumab: 4 of at most 4 doses; given 02:00 on 1 Dec, 10:00 on 1 Dec, "
                               "18:00 on 1 Dec, 03:00 on 2 Dec; ") and line.endswith("no further dose")
               for line in last["course"])


def test_more_toci_says_not_yet_with_the_time() -> None:
    _, turns = run([*FOUR_DOSES[:3], (19.0, "more toci?")])
    answer = next(r for r in turns[3] if r.kind == "answer")
    assert answer.text.startswith("No, not yet: No tocilizumab now: no more than 3 doses in 24 hours")
    assert "from 02:00 on 2 Dec" in answer.text


def test_a_replay_gives_the_same_replies() -> None:
    events = [ev(h, t) for h, t in FOUR_DOSES]
    _, live = run(FOUR_DOSES)
    _, replayed = replay(events)
    assert [r.text for turn in live for r in turn] == [r.text for r in replayed[-sum(map(len, live)):]]


def test_the_consult_asks_the_last_doses_time_when_a_dose_is_offered_and_given_now_answers_it() -> None:
    state, turns = run([(1.0, START + ", toci x1")])
    assert turns[0][-1].kind == "question" and turns[0][-1].slot == "tocilizumab_time"
    assert "Given now" in turns[0][-1].options
    assert "dose" in toci(plan(turns[0]))  # offered, untimed, until the time is known
    state, replies = step(state, ev(1.1, "Given now"))
    after = toci(plan(replies))
    assert "dose" not in after and "the last dose was at 01:06" in after["text"]
    assert "from 09:06" in after["text"]
    assert state.values["tocilizumab_doses"] == 1  # the time of the counted dose, not another dose


def test_a_time_in_hours_ago_answers_the_question_and_the_count_stays() -> None:
    state, turns = run([(1.0, START + ", toci x2"), (1.0, "last one 3 h ago")])
    after = toci(plan(turns[1]))
    assert "dose" not in after and "the last dose was at 22:00 on 30 Nov" in after["text"]
    assert "from 06:00" in after["text"]
    assert state.values["tocilizumab_doses"] == 2


def test_no_clock_no_time_question() -> None:
    state, replies = begin()
    for text in (START + ", toci x1",):
        state, replies = step(state, Event("text", text))
    assert replies[-1].kind == "plan"


def test_text_that_only_proposes_a_dose_is_not_a_dose() -> None:
    state, _ = run([(2.5, START + ", toci at 0200"), (3.0, "should we give toci at 1000?")])
    assert [g.at.hour for g in state.given if g.drug == "tocilizumab"] == [2]


def test_steroid_doses_are_timed_and_summed() -> None:
    _, turns = run([(2.5, START + ", toci at 0200"), (12.0, "dex 10 mg at 0600 and 1200"), (14.0, "plan")])
    info = next(r for r in turns[1] if r.kind == "info")
    assert "Given at: dexamethasone 10 mg at 06:00, 12:00." in info.text
    assert "Dexamethasone: 20 mg in total; given 06:00, 12:00; last 2 h ago" in plan(turns[2])["course"]


# --- reassessment ----------------------------------------------------------------------------


def test_a_falling_grade_is_a_new_point_with_what_changed_and_keeps_what_was_given() -> None:
    state, turns = run([(2.5, START + ", toci at 0200"), (3.0, "6 h later: off pressors, 4 L")])
    data = plan(turns[1])
    assert data["grade"] == 2
    assert data["course"][:2] == ["1. 02:30: grade 3", "2. 08:30: grade 3 -> 2: off vasopressors, "
                                  "high-flow oxygen -> low-flow oxygen"]
    assert [p["grade"] for p in data["points"]] == [3, 2]
    assert state.values["tocilizumab_doses"] == 1 and len(state.given) == 1
    note = next(r for r in turns[1] if r.text.startswith("Reassessment 2 at 08:30"))
    assert "grade 3 -> 2: off vasopressors" in note.text


def test_a_rising_grade_and_a_bare_reassess_command() -> None:
    state, turns = run([
        (2.5, START + ", toci at 0200"),
        (9.0, "update: off pressors, 4 L"),
        (14.0, "reassess"),
        (14.1, "39.5"),
        (14.2, "levo and vaso"),
        (14.3, "BiPAP"),
    ])
    assert turns[2][-1].kind == "question" and turns[2][-1].slot == "temperature_c"
    data = plan(turns[5])
    assert data["grade"] == 4
    assert data["course"][2] == ("3. 14:00: grade 2 -> 4: temperature 39.2 C -> 39.5 C, on one vasopressor, "
                                 "low-flow oxygen -> positive pressure")
    assert len(state.points) == 3


def test_a_lower_temperature_within_24_hours_does_not_lower_the_grade() -> None:
    _, turns = run([(1.0, "T 38.9, no pressors, room air, 80 kg, steroids ok, not on anakinra, not neutropenic, "
                          "no icans, no toci, obe-cel, US label"), (5.0, "now: T 37.2")])
    data = plan(turns[1])
    assert data["grade"] == 1  # the fever of 4 h ago still counts: never below the true grade
    assert any("still counts for the grade" in r.text for r in turns[1])


def test_now_without_a_colon_is_findings_not_a_point() -> None:
    state, _ = run([(1.0, START), (2.0, "now on 2 pressors")])
    assert state.points == ()


def test_an_event_keeps_its_time_through_json() -> None:
    event = ev(1.5, "toci at 0100")
    assert Event.from_dict(event.to_dict()) == event
    assert event.to_dict()["entered"] == "2026-12-01T01:30:00+01:00"
    assert Event.from_dict({"kind": "text", "text": "x"}).at is None
    for bad in ("yesterday", "2026-12-01T01:30:00", 5):  # no offset: a clock time could not be placed
        with pytest.raises(ValueError, match="ISO 8601"):
            Event.from_dict({"kind": "text", "text": "x", "entered": bad})


def test_back_takes_a_reassessment_back() -> None:
    state, _ = run([(2.5, START + ", toci at 0200"), (3.0, "6 h later: off pressors, 4 L"), (3.1, "back")])
    assert state.values["hypotension"] == "one-pressor"
    assert len(state.points) <= 1 and not state.reassessing
    assert len([g for g in state.given if g.drug == "tocilizumab"]) == 1
