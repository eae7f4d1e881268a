"""Replay a session's events through the engine, turn by turn: the state is rebuilt exactly."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from assistant.store.records import LoggedEvent
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


@dataclass(frozen=True)
class Replayed:
    state: State  # after the last event
    opening: tuple[Reply, ...]  # what the consult says before the first event
    turns: tuple[Turn, ...]


def replay_turns(events: Iterable[Event | LoggedEvent], consult: Consult | None = None) -> Replayed:
    """The same fold as `dialogs.engine.replay`, keeping which replies answer which event."""
    state, opening = begin(consult)
    turns: list[Turn] = []
    for number, item in enumerate(events, start=1):
        event, at, author = (item.event, item.at, item.author) if isinstance(item, LoggedEvent) else (item, None, "")
        state, replies = step(state, event, consult)
        turns.append(Turn(number, event, at, tuple(replies), author))
    return Replayed(state, tuple(opening), tuple(turns))
