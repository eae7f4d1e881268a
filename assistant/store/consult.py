"""The seam between a front end and the store: where a consult starts, and what records it.

    consult = open_consult(data_dir=args.data_dir, no_store=args.no_store, resume=args.resume)
    service = ConsultService.recording(consult)   # assistant.consult_service; or make_app(on_event=...)
    ...                                           # service.answer(line) for each line
    service.close()

`on_event(event, state, replies)` commits the event, and the replies about to be shown for it,
before it returns, so a front end that calls it before showing the replies loses at most the
turn in flight when killed. It raises StoreError (one line for the user) if the event could not
be committed.

One consult, one session: `restart` closes the stored session (its `closed` time is set) and
the consult goes on in a new session, whose first event is the restart (preceded by a persona
event when the persona is not the default, so that replaying the new session rebuilds it).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain

from assistant import __version__
from assistant.store.backend import describe_target
from assistant.store.errors import StoreError
from assistant.store.location import store_target
from assistant.store.records import SessionMeta
from assistant.store.replaying import Earlier, load_session, paged_session
from assistant.store.sessions import SessionStore
from assistant.store.sessions import consult_user as consult_user  # the front ends' name for it
from dialogs.commands import Command, parse_command
from dialogs.engine import begin, default_consult, step
from dialogs.state import Event, Reply, State
from knowledge.grading import grade

LATEST = 0  # `--resume` without an id


def current_grade(state: State) -> int | None:
    """The ASTCT grade the answers so far decide (None while undecided)."""
    return grade(state.case()).grade


def is_restart(event: Event) -> bool:
    return event.kind == "text" and parse_command(event.text) == Command("restart")


def resume_replies(session_id: int, meta: SessionMeta, replayed: Earlier) -> list[Reply]:
    """What to show on resuming: a notice, then the question that was pending (or the last turn),
    as they were shown (the stored replies; the state is the stored one). The turns are read
    newest first, only as far as needed."""
    # the opening last, and read only if reached (a paged session reads it from the store)
    newest_first = chain((t.replies for t in reversed(replayed.turns)), (replayed.opening for _ in (0,)))
    return _resumed(session_id, meta, replayed.state, len(replayed.turns), newest_first)


def _resumed(session_id: int, meta: SessionMeta, state: State, turns: int,
             newest_first: Iterable[Sequence[Reply]]) -> list[Reply]:
    """`resume_replies` from the state, the number of turns and each turn's replies, newest first
    (the opening last), read only as far as needed."""
    now = default_consult().kb.version
    against = "" if now == meta.kb_version else (
        f"; the knowledge base has changed since (it started with {meta.kb_version}, now {now}): earlier "
        "replies are shown as they were, what follows uses today's")
    notice = Reply("info", f"Resumed session {session_id} (started {meta.started}, {turns} "
                           f"turn{'s' if turns != 1 else ''}{against}).")
    newest = iter(newest_first)
    last = list(next(newest, ()))
    if state.pending is not None:
        for replies in chain([last], newest):
            asked = [r for r in replies if r.kind == "question" and r.slot == state.pending]
            if asked:
                return [notice, asked[-1]]
    return [notice, *last]


@dataclass
class RecordedConsult:
    """A consult's starting point and, unless --no-store, the store that records it."""

    start: tuple[State, list[Reply]]
    store: SessionStore | None = None
    meta: SessionMeta | None = None  # id is None until the first event is committed
    notices: list[str] = field(default_factory=list)  # one-liners for stderr (e.g. a backup was made)
    earlier: Earlier | None = None  # a resumed session's turns: state loaded, replies as stored, read as shown
    closed: list[int] = field(default_factory=list)  # sessions this run closed with `restart`
    state: State | None = None  # the live state after the last event recorded

    def __post_init__(self) -> None:
        # what a new session showed before its first event; a resumed one has it stored already
        self._opening: tuple[Reply, ...] | None = tuple(self.start[1]) if self.earlier is None else None
        self._label = ""  # a label given before the first event, set when the session is created
        # the fold of the stored session's events when it is not the live state (after `restart`,
        # the new session replays from a fresh start; the live state went on counting)
        self._fold: State | None = None

    @property
    def session_id(self) -> int | None:
        return None if self.meta is None else self.meta.id

    def on_event(self, event: Event, state: State, replies: Sequence[Reply] | None = None) -> None:
        """Commit the event and the replies about to be shown (creating the session on its first
        event; closing it and starting a new one on `restart`) before the caller shows them.

        `replies` None: the engine's replies for the event (the step is pure, so they are the
        ones the caller got)."""
        previous = self.state if self.state is not None else self.start[0]
        self.state = state
        if self.store is None or self.meta is None:
            return
        if replies is None:
            replies = step(previous, event)[1]
        if is_restart(event) and self.meta.id is not None:
            self.store.close_session(self.meta.id)
            self.closed.append(self.meta.id)
            self.meta = _new_meta(self.store)
            self._opening = ()  # nothing was shown in the new session before the restart
            self._label = ""  # a label names the consult it was given in
            fold = begin()[0]
            if state.persona != "clinician":  # replay starts as a clinician: say who it was for
                persona = Event("persona", state.persona)
                fold = step(fold, persona)[0]
                self._record(persona, state, (), fold)
            fold = step(fold, event)[0]
            self._fold = None if fold == state else fold
        elif self._fold is not None:
            self._fold = step(self._fold, event)[0]
        self._record(event, state, replies, self._fold or state)

    def set_label(self, label: str) -> str | None:
        """Label this consult in the store; before its first event the label waits for it."""
        from assistant.store.sessions import clean_label

        if self.store is None or self.meta is None:
            return None
        if self.meta.id is None:
            self._label = clean_label(label)
            return self._label
        return self.store.set_label(self.meta.id, label)

    def _record(self, event: Event, state: State, replies: Sequence[Reply], fold: State) -> None:
        """Commit the event, its replies and `fold`, the state replaying the stored session gives."""
        assert self.store is not None and self.meta is not None
        if self.meta.id is None:
            self.meta = self.store.create(self.meta, opening=self._opening)
            assert self.meta.id is not None
            if self._label:
                self.store.set_label(self.meta.id, self._label)
                self._label = ""
        assert self.meta.id is not None
        self.store.append(self.meta.id, event, persona=state.persona, grade=current_grade(state), replies=replies,
                          state=fold)

    @property
    def recorder(self) -> Callable[[Event, State, Sequence[Reply]], None] | None:
        return self.on_event if self.store is not None else None

    def close(self) -> None:
        if self.store is not None:
            self.store.close()


def _new_meta(store: SessionStore) -> SessionMeta:
    return SessionMeta(uid=uuid.uuid4().hex, started=store.clock(), app_version=__version__,
                       kb_version=default_consult().kb.version, persona="clinician", author=store.user or "")


def _resume(store: SessionStore, resume: int, on_demand: bool = True,
            turns: bool = True) -> tuple[SessionMeta, Earlier | None, tuple[State, list[Reply]]]:
    """The session's metadata, its turns (read from the store as they are shown, while it stays
    open: `on_demand`; None when the front end does not show them: not `turns`) and where it
    stopped. Only the state and the newest turns are read, unless some turn's replies are not
    stored (then the session is replayed)."""
    session_id = store.newest() if resume == LATEST else resume
    if session_id is None:
        raise StoreError(f"there is no stored session to resume in {store.path}")
    meta = store.meta(session_id)
    if on_demand or not turns:
        paged = paged_session(store, session_id)
        if paged is not None:
            return meta, paged if turns else None, (paged.state, resume_replies(session_id, meta, paged))
    replayed = load_session(store, session_id, on_demand=on_demand)
    return meta, replayed if turns else None, (replayed.state, resume_replies(session_id, meta, replayed))


def open_consult(*, data_dir: str | None, no_store: bool, resume: int | None,
                 turns: bool = True) -> RecordedConsult:
    """Start a new consult or resume a stored one (`resume`: an id, or LATEST), for the current user.
    `turns`: the front end shows a resumed consult's earlier turns (the TUI); without it (the chat)
    only the state and where it stopped are read, and `earlier` is None."""
    user = consult_user()
    path = store_target(data_dir)
    if no_store and resume is None:
        return RecordedConsult(begin())
    if no_store:
        # continue a stored session without recording the rest (e.g. the store is read-only)
        reader = SessionStore.open_existing(path, user=user)
        if reader is None:
            raise StoreError(f"there is no stored session to resume in {describe_target(path)}")
        with reader:
            meta, replayed, start = _resume(reader, resume or LATEST, on_demand=False, turns=turns)  # closed below
        start[1].append(Reply("info", "Not recording (--no-store): what follows is not saved."))
        return RecordedConsult(start, earlier=replayed)
    store = SessionStore.open(path, user=user)
    try:
        notices = [f"the session store was upgraded; a copy of the old one is at {store.backup}"] if store.backup \
            else []
        if resume is None:
            return RecordedConsult(begin(), store, _new_meta(store), notices)
        meta, replayed, start = _resume(store, resume, turns=turns)
        return RecordedConsult(start, store, meta, notices, earlier=replayed)
    except BaseException:
        store.close()
        raise
