"""Replay a session's events through the engine, turn by turn: the state is rebuilt exactly."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from assistant.store.records import LoggedEvent
from assistant.store.shown import ShownTurn
from dialogs.engine import Consult, begin, step
from dialogs.state import Event, Reply, State


@dataclass(frozen=True)
class Turn:
    """One event and the replies it produced."""

    number: int
    event: Event
    at: str | None
    replies: tuple[Reply, ...]
    author: str = ""  # who entered the event ("" when not known)
    shown: ShownTurn | None = None  # where the replies are the stored ones: their versions and origin


@dataclass(frozen=True)
class Replayed:
    state: State  # after the last event
    opening: tuple[Reply, ...]  # what the consult says before the first event
    turns: tuple[Turn, ...]
    opening_shown: ShownTurn | None = None  # the stored opening's versions and origin, when stored


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
