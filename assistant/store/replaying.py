"""A stored session's turns: loaded (the state after the last event and the replies as shown), or
replayed through the engine, turn by turn (the state rebuilt exactly: `regrade`, `kb impact`, tests,
and any session whose replies are not all stored); or, for a resumed consult shown in the terminal
UI, paged: the state and the turns read from the store a page at a time as they are shown."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING, Protocol, overload

from assistant.store.records import LoggedEvent
from assistant.store.shown import ShownTurn
from assistant.store.turns import Replayed as Replayed  # the turns' types, where a replay's callers find them
from assistant.store.turns import StoredTurn as StoredTurn
from assistant.store.turns import Turn as Turn
from assistant.store.turns import from_store
from dialogs.engine import Consult, begin, step
from dialogs.state import Event, Reply, State

if TYPE_CHECKING:
    from assistant.store.sessions import SessionStore


class Earlier(Protocol):
    """A resumed session's turns before this run, as a front end shows them: a `Replayed`, or a
    `PagedSession` that reads them from the store as they are used."""

    @property
    def state(self) -> State: ...
    @property
    def opening(self) -> Sequence[Reply]: ...
    @property
    def turns(self) -> Sequence[Turn]: ...


class PagedTurn(Turn):
    """A stored turn of a paged session: its event read with its page's when first used, its
    replies (the stored ones) when first used; the chat's resume reads only the last replies."""

    def __init__(self, number: int, event: Callable[[int], LoggedEvent], shown: ShownTurn) -> None:
        self.__dict__.update(number=number, shown=shown, _event=event)  # frozen: as dataclasses do

    def _logged(self) -> LoggedEvent:
        event: Callable[[int], LoggedEvent] = self.__dict__["_event"]
        return event(self.number)

    @property
    def event(self) -> Event:
        return self._logged().event

    @property
    def at(self) -> str | None:
        return self._logged().at

    @property
    def author(self) -> str:
        return self._logged().author

    @property
    def replies(self) -> tuple[Reply, ...]:
        assert self.shown is not None
        return self.shown.replies


class PagedTurns(Sequence[Turn]):
    """A stored session's turns, read from the store a page at a time when one of them is used
    (`read(first, last)`: turns `first` to `last`, numbered from 1), each page once. A resumed
    consult shows its newest turns: it reads one or two pages, and an older page when the user
    unfolds it."""

    PAGE = 32  # turns per page: aligned with the store's blocks of replies (sessions._ChunkedReplies)

    def __init__(self, count: int, read: Callable[[int, int], Sequence[Turn]]) -> None:
        self._count, self._read = count, read
        self._pages: dict[int, Sequence[Turn]] = {}

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Turn: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Turn]: ...

    def __getitem__(self, index: int | slice) -> Turn | Sequence[Turn]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        number = index + 1 + (self._count if index < 0 else 0)
        if not 0 < number <= self._count:
            raise IndexError("no such turn")
        page = number // self.PAGE
        if page not in self._pages:
            first = max(1, page * self.PAGE)
            self._pages[page] = self._read(first, min(self._count, page * self.PAGE + self.PAGE - 1))
        return self._pages[page][number - max(1, page * self.PAGE)]


class PagedSession:
    """A stored session as a resumed consult shows it, while its store stays open: the state
    loaded, the turns paged (`PagedTurns`), the opening read when first used."""

    def __init__(self, state: State, turns: PagedTurns, opening: Callable[[], tuple[Reply, ...]]) -> None:
        self.state, self.turns, self._opening = state, turns, opening

    @cached_property
    def opening(self) -> tuple[Reply, ...]:
        return self._opening()


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


def paged_session(store: SessionStore, session_id: int) -> PagedSession | None:
    """A stored session as a resumed consult shows it, without reading its turns: the state loaded,
    and each turn (its event and replies as shown) read from the store when used, a page at a time;
    the store must stay open meanwhile. None when some turn has no stored replies (then only a
    replay, `load_session`, can give them)."""
    count = store.row(session_id).turns
    stored = store.shown_seqs(session_id)
    if any(n not in stored for n in range(1, count + 1)):
        return None
    shown = store.shown_reader(session_id)

    def read(first: int, last: int) -> list[Turn]:
        events: list[LoggedEvent] = []  # the page's events, read when one of them is first used

        def event(number: int) -> LoggedEvent:
            if not events:
                events.extend(store.events(session_id, first, last))
                if len(events) != last - first + 1:
                    from assistant.store.errors import StoreError

                    raise StoreError(f"the session store {store.path} lacks events {first}-{last} of session "
                                     f"{session_id}; it was left untouched")
            return events[number - first]

        return [PagedTurn(n, event, shown(n)) for n in range(first, last + 1)]

    def opening() -> tuple[Reply, ...]:
        return shown(0).replies if 0 in stored else tuple(begin()[1])

    return PagedSession(store.state(session_id), PagedTurns(count, read), opening)

