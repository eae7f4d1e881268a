"""What the store keeps is enough: replaying a stored session rebuilds the live state exactly."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from assistant.store import SessionStore
from assistant.store.consult import is_restart, open_consult
from assistant.store.replaying import replay_turns
from assistant.store.shown import SHOWN, ShownTurn
from dialogs.engine import step
from dialogs.state import Event

SAID = ["39", "afebrile", "no", "yes", "1", "2", "3", "back", "change oxygen", "room air", "4 L nasal cannula",
        "what dose of tocilizumab?", "restart", "quit", "banana", "70 kg", "unknown", "full", "why", "summary", ""]
EVENTS = st.one_of(st.sampled_from(SAID).map(lambda t: Event("text", t)),
                   st.sampled_from(["trainee", "clinician"]).map(lambda p: Event("persona", p)))


def sessions_of(events: list[Event]) -> list[list[Event]]:
    """One consult, one session: each `restart` after something was stored begins a new one."""
    out: list[list[Event]] = [[]]
    for event in events:
        if is_restart(event) and out[-1]:
            out.append([])
        out[-1].append(event)
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EVENTS, max_size=14))
@example([Event("persona", "trainee"), Event("text", "restart"), Event("persona", "trainee")])
def test_stored_events_replay_to_the_same_state_and_replies(events: list[Event]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        consult = open_consult(data_dir=folder, no_store=False, resume=None)
        state, _ = consult.start
        live = []
        for event in events:
            state, replies = step(state, event)
            consult.on_event(event, state, replies)
            live.append(replies)
        consult.close()
        store = SessionStore.open_existing(Path(folder) / "sessions.db")
        if not events:
            assert store is None or store.sessions() == []  # nothing typed, nothing stored
            return
        assert store is not None
        with store:
            rows = store.sessions()[::-1]  # oldest first
            stored = [store.events(row.id) for row in rows]
            shown = [store.shown(row.id) for row in rows]
            for row, session in zip(rows, stored, strict=True):  # what resume loads is what replay gives
                assert store.state(row.id) == replay_turns(session).state
        expected = sessions_of(events)
        assert len(rows) == len(expected)
        assert [r.closed is not None for r in rows] == [True] * (len(rows) - 1) + [False]
        for n, (session, want) in enumerate(zip(stored, expected, strict=True)):
            kept = [e.event for e in session]
            if n > 0 and kept[0] == Event("persona", "trainee") and want[0] != kept[0]:
                kept = kept[1:]  # a new session after a trainee's restart first says whose consult it is
            assert kept == want
        replayed = replay_turns(stored[-1])
        assert replace(replayed.state, turns=0) == replace(state, turns=0)
        assert [list(t.replies) for t in shown_turns(shown)] == live
        assert sum(row.turns for row in rows) >= len(events)


def shown_turns(sessions: list[list[ShownTurn]]) -> list[ShownTurn]:
    """Every event's stored replies across the sessions, in order (the openings and the persona
    events a restart adds, which showed nothing, left out)."""
    return [t for turns in sessions for t in turns if t.seq > 0 and (t.replies or t.origin != SHOWN)]
