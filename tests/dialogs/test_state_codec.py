"""A dialog state survives the trip to JSON exactly, whatever the consult did; the format names
every field, so a field added to State without the codec fails here, not in a resumed consult."""

from __future__ import annotations

import json
from dataclasses import fields

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogs.engine import begin, step
from dialogs.state import Event, Point, Snapshot, State
from dialogs.state_codec import snapshot_data, snapshot_from, state_data, state_from
from knowledge.course import Given

SAID = ["39", "afebrile", "no", "yes", "1", "2", "3", "back", "change oxygen", "room air", "4 L nasal cannula",
        "toci at 0200 and again at 1000", "dex 10 q6h", "anakinra 100mg bd", "70 kg", "unknown", "full",
        "D+4 axi-cel", "reassess 6 h later: T 37.2, off pressors", "Bed 12: T 39. Bed 14: on levo", "this one",
        "Tmax 101.8F, levo + vaso, HFNC 40L", "quit", "restart", "why", "banana", "given now: tocilizumab"]
TIMES = st.sampled_from([None, "2026-12-01T10:00:00+01:00", "2026-12-01T16:30:00+01:00", "2026-12-02T02:00:00Z"])
EVENTS = st.one_of(st.builds(lambda t, at: Event("text", t, at), st.sampled_from(SAID), TIMES),
                   st.sampled_from(["trainee", "clinician"]).map(lambda p: Event("persona", p)))


def round_trip(state: State) -> State:
    history = tuple(snapshot_from(json.loads(json.dumps(snapshot_data(s)))) for s in state.history)
    return state_from(json.loads(json.dumps(state_data(state))), history)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EVENTS, max_size=16))
def test_every_state_of_a_consult_reads_back_equal(events: list[Event]) -> None:
    state, _ = begin()
    assert round_trip(state) == state
    for event in events:
        state, _ = step(state, event)
        assert round_trip(state) == state


def test_a_state_with_every_part_filled_reads_back_equal() -> None:
    state = State(values={"temperature": 38.9, "hypotension": "one-pressor", "tocilizumab_doses": 2,
                          "neutropenic": True}, unknown=frozenset({"oxygen"}), pending="oxygen",
                  attempts={"oxygen": 2}, persona="trainee", plan_shown=True, turns=7,
                  patients=(("Bed 12", "T 39"),), clock="2026-12-01T10:00:00+01:00",
                  given=(Given("tocilizumab", None, 560.0, "", False),), toci_stated=(2, None),
                  points=(Point("2026-12-01T10:00:00+01:00", 3, "graded", {"temperature": 38.9}, ""),),
                  reassessing=True, reassess_at="2026-12-01T16:00:00+01:00", reading=37.5,
                  assessed_at="2026-12-01T10:00:00+01:00",
                  history=(Snapshot({"temperature": 39.0}, frozenset(), (), None, ()),))
    assert round_trip(state) == state


def test_the_format_names_every_field() -> None:
    data = state_data(State())
    assert set(data) - {"format"} == {f.name for f in fields(State)} - {"history"}
    assert set(snapshot_data(Snapshot({}, frozenset()))) == {f.name for f in fields(Snapshot)}


@pytest.mark.parametrize("change", [
    lambda d: d.pop("pending"), lambda d: d.update(extra=1), lambda d: d.update(format=99),
    lambda d: d.update(turns="7"), lambda d: d.update(persona="nurse"), lambda d: d.update(values=[1]),
])
def test_a_state_of_another_format_is_refused_not_half_read(change: object) -> None:
    data = state_data(step(begin()[0], Event("text", "39"))[0])
    change(data)  # type: ignore[operator]
    with pytest.raises(ValueError):
        state_from(data)
