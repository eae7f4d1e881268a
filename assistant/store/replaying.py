"""A stored session's turns: loaded (the state after the last event and the replies as shown), or
replayed through the engine, turn by turn (the state rebuilt exactly: `regrade`, `kb impact`, tests,
and any session whose replies are not all stored)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.store.records import LoggedEvent
from assistant.store.shown import ShownTurn
from assistant.store.turns import Replayed as Replayed  # the turns' types, where a replay's callers find them
from assistant.store.turns import StoredTurn as StoredTurn
from assistant.store.turns import Turn as Turn
from assistant.store.turns import from_store
from dialogs.engine import Consult, begin, step
from dialogs.state import Event, State

if TYPE_CHECKING:
    from assistant.store.sessions import SessionStore


def replay_turns(events: Iterable[Event | LoggedEvent], consult: Consult | None = None) -> Replayed:
    """The same fold as `dialogs.engine.replay`, keeping which replies answer which event."""
    state, opening = begin(consult)
    turns: list[Turn] = []
    for number, item in enumerate(events, start=1):
        event, at, author = (item.event, item.at, item.author) if isinstance(item, LoggedEvent) else (item, None, "")
        state, replies = step(state, event, consult)
        turns.append(Turn(number, event, at, tuple(replies), author))
    return Replayed(state, tuple(opening), tuple(turns))


def as_shown(replayed: Replayed, shown: Sequence[ShownTurn]) -> Replayed:
    """The replayed state with the replies as they were shown (the stored ones) wherever they are
    stored; a turn without a stored row keeps its replayed replies."""
    by_seq = {turn.seq: turn for turn in shown}
    opening = by_seq[0].replies if 0 in by_seq else replayed.opening
    turns = tuple(
        replace(t, replies=by_seq[t.number].replies, shown=by_seq[t.number]) if t.number in by_seq else t
        for t in replayed.turns
    )
    return Replayed(replayed.state, opening, turns, by_seq.get(0))


def stored_turns(state: State, events: Sequence[LoggedEvent], shown: Sequence[ShownTurn],
                 consult: Consult | None = None) -> Replayed | None:
    """The turns from the stored replies and the loaded state (`turns.from_store`), the opening
    replayed when it is not stored; None when some event has no stored replies (then only a replay
    can give them)."""
    opening = None if any(t.seq == 0 for t in shown) else tuple(begin(consult)[1])
    return from_store(state, events, shown, opening)


def load_session(store: SessionStore, session_id: int, *, on_demand: bool = False) -> Replayed:
    """A stored session as resume and the exports show it: the state loaded (not replayed) and the
    replies as shown; replayed only where the store lacks them. `on_demand`: each turn's replies
    are read from the store when first used (the store must stay open; see SessionStore.shown)."""
    events = store.events(session_id)
    shown = store.shown(session_id, on_demand=on_demand)
    loaded = stored_turns(store.state(session_id, events), events, shown)
    return loaded if loaded is not None else as_shown(replay_turns(events), shown)
