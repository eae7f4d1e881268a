"""A stored session's turns as read from the store (the state after the last event and the
replies as shown), without the engine: what resume and the exports show. Replaying them, where
the store lacks something, is `replaying.py`'s."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.store.records import LoggedEvent
from assistant.store.shown import ShownTurn
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


class StoredTurn(Turn):
    """A turn as stored: its replies are the stored ones, read when first used."""

    def __init__(self, number: int, event: Event, at: str | None, author: str, shown: ShownTurn) -> None:
        self.__dict__.update(number=number, event=event, at=at, author=author, shown=shown)  # frozen: as dataclasses do

    @property
    def replies(self) -> tuple[Reply, ...]:
        assert self.shown is not None
        return self.shown.replies


@dataclass(frozen=True)
class Replayed:
    state: State  # after the last event
    opening: tuple[Reply, ...]  # what the consult says before the first event
    turns: tuple[Turn, ...]
    opening_shown: ShownTurn | None = None  # the stored opening's versions and origin, when stored


def from_store(state: State, events: Sequence[LoggedEvent], shown: Sequence[ShownTurn],
               opening: tuple[Reply, ...] | None = None) -> Replayed | None:
    """The turns from the stored replies and the loaded state; None when some event has no stored
    replies, or the opening is neither stored nor given (then only the engine can give them)."""
    by_seq = {turn.seq: turn for turn in shown}
    if any(n not in by_seq for n in range(1, len(events) + 1)):
        return None
    if 0 in by_seq:
        opening = by_seq[0].replies
    elif opening is None:
        return None
    turns = tuple(StoredTurn(n, e.event, e.at, e.author, by_seq[n]) for n, e in enumerate(events, 1))
    return Replayed(state, opening, turns, by_seq.get(0))
