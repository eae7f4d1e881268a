"""What the store keeps is enough: replaying a stored session rebuilds the live state exactly."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.store import SessionStore
from assistant.store.consult import open_consult
from assistant.store.replaying import replay_turns
from dialogs.engine import step
from dialogs.state import Event

SAID = ["39", "afebrile", "no", "yes", "1", "2", "3", "back", "change oxygen", "room air", "4 L nasal cannula",
        "what dose of tocilizumab?", "restart", "quit", "banana", "70 kg", "unknown", "full", "why", "summary", ""]
EVENTS = st.one_of(st.sampled_from(SAID).map(lambda t: Event("text", t)),
                   st.sampled_from(["trainee", "clinician"]).map(lambda p: Event("persona", p)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EVENTS, max_size=14))
def test_stored_events_replay_to_the_same_state_and_replies(events: list[Event]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        consult = open_consult(data_dir=folder, no_store=False, resume=None)
        state, _ = consult.start
        live = []
        for event in events:
            state, replies = step(state, event)
            consult.on_event(event, state)
            live.append(replies)
        consult.close()
        store = SessionStore.open_existing(Path(folder) / "sessions.db")
        if not events:
            assert store is None or store.sessions() == []  # nothing typed, nothing stored
            return
        assert store is not None
        with store:
            (row,) = store.sessions()
            stored = store.events(row.id)
        replayed = replay_turns(stored)
        assert [e.event for e in stored] == events
        assert replayed.state == state
        assert [list(t.replies) for t in replayed.turns] == live
        assert row.turns == len(events)
