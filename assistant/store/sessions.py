"""The session store: create a session, append its events one committed turn at a time, list,
load, share, delete and add whole sessions (import).

The SQL is written once against the `Database` interface (backend.py): an SQLite file
(sqlite_backend.py) or PostgreSQL (postgres.py). Every public method turns driver and OS
failures into a `StoreError` carrying one line for the user; none of them deletes or recreates
the store.

A store opened with `user=` acts for that user: its listing holds the user's own sessions and
those shared with the ward, it reopens nothing else (`NotYours`), and what it writes is
attributed to the user. Opened without a user (maintenance, tests) it sees everything and writes
as the login name.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from assistant.store.backend import Database, StoreTarget, is_postgres
from assistant.store.connection import DEFAULT_TIMEOUT
from assistant.store.errors import SessionNotFound, StoreError
from assistant.store.records import LoggedEvent, SessionMeta, SessionRow, utc_now
from assistant.store.schema import FRAGMENTS, MIGRATIONS, Migration

if TYPE_CHECKING:
    from assistant.store.shown import ShownTurn
    from assistant.store.states import Chain
    from dialogs.state import Event, Reply, State

Clock = Callable[[], str]


MAX_ID = 2**63 - 1  # SQLite's largest INTEGER: a larger number names no session (and cannot be bound)


def checked_id(session_id: int, where: object) -> int:
    if not 0 < session_id <= MAX_ID:
        raise SessionNotFound(f"no session {session_id} in {where}")
    return session_id


class NotYours(StoreError):
    """The session exists but belongs to another user and is not shared with the ward."""


def event_json(event: Event) -> str:
    """Event.to_dict() as JSON; ASCII escapes keep any string storable (even a lone surrogate or NUL)."""
    return json.dumps(event.to_dict(), ensure_ascii=True, separators=(",", ":"))


_META = "uid, started, app_version, kb_version, persona, id, author, shared"
_ROW = "id, started, turns, last_grade, author, shared, label, closed"
# the first text typed, for the listing's preview (seq is the primary key's second column: cheap)
_FIRST_TEXT = ("(SELECT event FROM events e WHERE e.session_id = sessions.id "
               "AND substr(e.event, 1, 15) = '{\"kind\":\"text\",' ORDER BY e.seq LIMIT 1)")
MAX_LABEL = 80  # characters of a consult's label


def _meta(row: Sequence[Any]) -> SessionMeta:
    uid, started, app_version, kb_version, persona, session_id, author, shared = row
    return SessionMeta(uid, started, app_version, kb_version, persona, session_id, author, bool(shared))


def _row(row: Sequence[Any]) -> SessionRow:
    session_id, started, turns, last_grade, author, shared, label, closed, *first = row
    return SessionRow(session_id, started, turns, last_grade, author, bool(shared), str(label or ""), closed,
                      _preview(first[0]) if first else "")


def _preview(event: object) -> str:
    """The first line of the first text typed, at most 60 characters ("" when there is none)."""
    try:
        text = json.loads(str(event)).get("text", "") if event is not None else ""
    except (ValueError, AttributeError):
        return ""
    line = next((part.strip() for part in str(text).splitlines() if part.strip()), "")
    return line if len(line) <= 60 else line[:59] + "…"


def clean_label(label: str) -> str:
    """A label as stored: one line, spaces collapsed, at most MAX_LABEL characters."""
    return " ".join(label.split())[:MAX_LABEL]


def default_migrations(target: StoreTarget) -> Sequence[Migration]:
    if is_postgres(target):
        from assistant.store.pg_schema import PG_MIGRATIONS

        return PG_MIGRATIONS
    return MIGRATIONS


class SessionStore:
    """One open store. Use `SessionStore.open` (to record) or `open_existing` (to look)."""

    def __init__(self, db: Database, *, clock: Clock = utc_now, backup: Path | str | None = None,
                 user: str | None = None) -> None:
        self._db = db
        self.path: Path | str = getattr(db, "path", db.label)  # the file, or the URL without its password
        self.clock = clock
        self.backup = backup  # the copy made before a migration at open, if any
        self.user = user
        # each session's undo history as this process last stored it (None: another writer's turns
        # came in between, so this process's state is not the session's: it stores no more states)
        self._chains: dict[int, Chain | None] = {}

    # --- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, target: StoreTarget, *, migrations: Sequence[Migration] | None = None,
             timeout: float = DEFAULT_TIMEOUT, clock: Clock = utc_now, user: str | None = None) -> SessionStore:
        """Open for recording: an SQLite file (created with its folder if missing) or a PostgreSQL
        URL; migrated (after a backup) if it is older than this program."""
        wanted = migrations or default_migrations(target)
        if isinstance(target, str):
            if not is_postgres(target):
                raise StoreError(f"not a store: {target[:60]!r} (expected a file or a postgresql:// URL)")
            from assistant.store.postgres import open_database

            db, made = open_database(target, wanted, timeout)
            return cls(db, clock=clock, backup=made, user=user).at(target, wanted)
        from assistant.store.sqlite_backend import open_for_writing

        sqlite_db, made_file = open_for_writing(target, wanted, timeout)
        return cls(sqlite_db, clock=clock, backup=made_file, user=user).at(target, wanted)

    @classmethod
    def open_existing(cls, target: StoreTarget, *, migrations: Sequence[Migration] | None = None,
                      timeout: float = DEFAULT_TIMEOUT, clock: Clock = utc_now,
                      user: str | None = None) -> SessionStore | None:
        """Open an existing store to read (and delete or import); None when there is no file yet.

        Works on read-only files and folders; migrates (with a backup) only when it must. A
        PostgreSQL store always exists (its server holds it), so it is opened as for recording.
        """
        if isinstance(target, str):
            return cls.open(target, migrations=migrations, timeout=timeout, clock=clock, user=user)
        from assistant.store.sqlite_backend import open_for_reading

        wanted = migrations or default_migrations(target)
        opened = open_for_reading(target, wanted, timeout)
        if opened is None:
            return None
        return cls(opened[0], clock=clock, backup=opened[1], user=user).at(target, wanted)

    def at(self, target: StoreTarget, migrations: Sequence[Migration]) -> SessionStore:
        self.target: StoreTarget = target  # what it was opened from (another process may open it again)
        self.schema = migrations[-1].version  # the version it was brought to (tests open older ones)
        return self

    @property
    def kind(self) -> str:
        return self._db.kind

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SessionStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def transaction(self) -> AbstractContextManager[Database]:
        """One write transaction, for other record kinds kept in the same store (practice runs)."""
        return self._db.writing()

    def query(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        with self._db.translated():
            return [tuple(r) for r in self._db.execute(sql, params).fetchall()]

    def _one(self, sql: str, params: Sequence[object] = ()) -> Any:
        with self._db.translated():
            return self._db.execute(sql, params).fetchone()

    # --- who may see what ------------------------------------------------------------------

    def _author(self) -> str:
        """Who writes: the store's user; without one (maintenance, tests), the login name."""
        if self.user is not None:
            return self.user
        from assistant.identity import login_name

        return login_name()

    def _check_visible(self, session_id: int) -> tuple[str, bool]:
        """The session's (author, shared); SessionNotFound or NotYours if this user may not open it."""
        checked_id(session_id, self.path)
        row = self._one("SELECT author, shared FROM sessions WHERE id = ?", (session_id,))
        if row is None:
            raise SessionNotFound(f"no session {session_id} in {self.path}")
        author, shared = str(row[0]), bool(row[1])
        if self.user is not None and author != self.user and not shared:
            raise NotYours(f"session {session_id} is another user's consult and is not shared with the ward; "
                           "it was not opened (its author can share it: crs-assistant sessions share "
                           f"{session_id})")
        return author, shared

    def _check_own(self, session_id: int, doing: str) -> None:
        author, _ = self._check_visible(session_id)
        if self.user is not None and author != self.user:
            raise NotYours(f"session {session_id} is {author}'s consult (shared with the ward); only its author "
                           f"can {doing} it")

    # --- writing ---------------------------------------------------------------------------

    def create(self, meta: SessionMeta, opening: Sequence[Reply] | None = None) -> SessionMeta:
        """Store a new, empty session (and, if given, what the consult showed before its first
        event); returns its metadata with the store's `id`."""
        from assistant.store.postgres import Reconnected

        author = meta.author or self._author()
        sql = ("INSERT INTO sessions (uid, started, app_version, kb_version, persona, updated, author) "
               "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id")
        params = (meta.uid, meta.started, meta.app_version, meta.kb_version, meta.persona, meta.started, author)

        def insert(db: Database) -> int:
            made = int(db.execute(sql, params).fetchone()[0])
            if opening is not None:
                self._insert_shown(db, made, 0, opening, meta.app_version, meta.kb_version)
            return made

        try:
            with self._db.writing() as db:
                new_id = insert(db)
        except Reconnected:
            found = self.find_uid(meta.uid)  # committed before the connection dropped?
            if found is None:
                with self._db.writing() as db:
                    found = insert(db)
            new_id = found
        from assistant.store.states import Chain

        self._chains[new_id] = Chain(0)
        return SessionMeta(meta.uid, meta.started, meta.app_version, meta.kb_version, meta.persona, id=new_id,
                           author=author)

    def append(self, session_id: int, event: Event, *, persona: str, grade: int | None,
               replies: Sequence[Reply] | None = None, versions: tuple[str, str] | None = None,
               state: State | None = None) -> int:
        """Commit one event, the replies about to be shown for it and the dialog state after it
        (durably, before the caller shows them, in one transaction); returns its number.
        `versions`: (app, knowledge base) that produced the replies (default: this program and
        today's knowledge base). `state` must be the fold of the session's events (it is what
        resume loads); None stores none (loading then replays the events after the last one stored).

        If the connection drops mid-commit (a PostgreSQL restart), it is re-opened and the turn
        is committed exactly once: first checked for, then tried again only if it is missing.
        """
        from assistant.store.postgres import Reconnected

        self._check_visible(session_id)
        at, text = self.clock(), event_json(event)
        shown = None if replies is None else (tuple(replies), versions or current_versions())
        try:
            return self._append(session_id, at, text, persona, grade, shown, state)
        except Reconnected:
            last = self._one("SELECT seq, at, event, author FROM events WHERE session_id = ? ORDER BY seq DESC "
                             "LIMIT 1", (session_id,))
            if last is not None and (last[1], last[2], last[3]) == (at, text, self._author()):
                return int(last[0])  # it was committed; only the answer was lost
            self._chains.pop(session_id, None)  # whatever the rolled-back turn wrote is not there
            return self._append(session_id, at, text, persona, grade, shown, state)

    def _insert_shown(self, db: Database, session_id: int, seq: int, replies: Sequence[Reply], app_version: str,
                      kb_version: str, origin: str | None = None) -> None:
        from assistant.store import shown

        turn = shown.ShownTurn(seq, tuple(replies), app_version, kb_version, origin or shown.SHOWN)
        db.execute(shown.INSERT_LIGHT, shown.light_row_values(session_id, turn))
        if self.schema >= FRAGMENTS:
            db.executemany(shown.INSERT_FRAGMENT, shown.fragment_rows(session_id, seq, turn.replies))

    def _append(self, session_id: int, at: str, text: str, persona: str, grade: int | None,
                shown: tuple[tuple[Reply, ...], tuple[str, str]] | None = None, state: State | None = None) -> int:
        with self._db.writing() as db:
            cur = db.execute(
                "INSERT INTO events (session_id, seq, at, event, author) "
                "SELECT id, turns + 1, ?, ?, ? FROM sessions WHERE id = ?",
                (at, text, self._author(), session_id),
            )
            if cur.rowcount != 1:
                raise SessionNotFound(f"no session {session_id} in {self.path}")
            turns = db.execute(
                "UPDATE sessions SET turns = turns + 1, last_grade = ?, persona = ?, updated = ? WHERE id = ? "
                "RETURNING turns",
                (grade, persona, at, session_id),
            ).fetchone()[0]
            if shown is not None:
                self._insert_shown(db, session_id, int(turns), shown[0], *shown[1])
            chain = self._write_state(db, session_id, int(turns), state)
        self._chains[session_id] = chain
        return int(turns)

    def _write_state(self, db: Database, session_id: int, seq: int, state: State | None) -> Chain | None:
        """Store the state after event `seq` when it is the session's (no other writer's turn came in
        between); returns the chain to remember."""
        from assistant.store.states import write

        if state is None:
            return None
        if session_id in self._chains:
            known = self._chains[session_id]
            if known is None or known.seq != seq - 1:
                return None  # another writer's turns: this state is not the fold of the session's events
        else:
            known = None  # nothing remembered: every snapshot is written again
        return write(db.execute, session_id, seq, state, known)

    def add(self, meta: SessionMeta, events: Sequence[LoggedEvent], *, grade: int | None,
            shown: Sequence[ShownTurn] = (), label: str = "", state: State | None = None) -> SessionMeta:
        """Store a whole session at once (import), keeping its uid, times and versions, and what
        was shown where the export carried it. The session belongs to whoever imports it; its
        events keep their authors where known. `state`: the fold of the events (None: replayed here)."""
        from assistant.store.states import write

        if state is None and events:
            from assistant.store.replaying import replay_turns

            state = replay_turns(events).state
        existing = self.find_uid(meta.uid)
        if existing is not None:
            raise AlreadyStored(existing, meta.uid)
        updated = events[-1].at if events else meta.started
        owner = self._author() or meta.author
        with self._db.writing() as db:
            new_id = int(db.execute(
                "INSERT INTO sessions (uid, started, app_version, kb_version, persona, turns, last_grade, updated, "
                "author) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (meta.uid, meta.started, meta.app_version, meta.kb_version, meta.persona, len(events), grade,
                 updated, owner),
            ).fetchone()[0])
            db.executemany(
                "INSERT INTO events (session_id, seq, at, event, author) VALUES (?, ?, ?, ?, ?)",
                [(new_id, n, e.at, event_json(e.event), e.author or meta.author or owner)
                 for n, e in enumerate(events, start=1)],
            )
            for turn in shown:
                self._insert_shown(db, new_id, turn.seq, turn.replies, turn.app_version, turn.kb_version, turn.origin)
            if state is not None:
                write(db.execute, new_id, len(events), state, None)
            if label:
                db.execute("UPDATE sessions SET label = ? WHERE id = ?", (clean_label(label), new_id))
        return SessionMeta(meta.uid, meta.started, meta.app_version, meta.kb_version, meta.persona, id=new_id,
                           author=owner)

    def share(self, session_id: int, shared: bool = True) -> None:
        """Share a session with the ward (every user of the store may see and reopen it), or stop."""
        self._check_own(session_id, "share" if shared else "unshare")
        with self._db.writing() as db:
            db.execute("UPDATE sessions SET shared = ? WHERE id = ?", (int(shared), session_id))

    def close_session(self, session_id: int) -> None:
        """Mark a session closed (`restart` goes on in a new session); the first close counts."""
        self._check_visible(session_id)
        with self._db.writing() as db:
            db.execute("UPDATE sessions SET closed = ? WHERE id = ? AND closed IS NULL", (self.clock(), session_id))

    def set_label(self, session_id: int, label: str) -> str:
        """Label one of your consults ("bed 12"; "" removes it); kept in this store only. Returns it."""
        self._check_own(session_id, "label")
        cleaned = clean_label(label)
        with self._db.writing() as db:
            db.execute("UPDATE sessions SET label = ? WHERE id = ?", (cleaned, session_id))
        return cleaned

    def label(self, session_id: int) -> str:
        self._check_visible(session_id)
        row = self._one("SELECT label FROM sessions WHERE id = ?", (session_id,))
        return "" if row is None else str(row[0] or "")

    def delete(self, session_id: int) -> None:
        """Delete a session and its events; their text is overwritten, not left in free pages."""
        self._check_own(session_id, "delete")
        with self._db.writing() as db:
            db.execute("DELETE FROM shown WHERE session_id = ?", (session_id,))
            if self.schema >= FRAGMENTS:
                db.execute("DELETE FROM fragments WHERE session_id = ?", (session_id,))
            for table in ("states", "snapshots", "points"):
                db.execute(f"DELETE FROM {table} WHERE session_id = ?", (session_id,))
            db.execute("DELETE FROM events WHERE session_id = ?", (session_id,))
            if db.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount != 1:
                raise SessionNotFound(f"no session {session_id} in {self.path}")
        self._db.after_delete()

    # --- reading ---------------------------------------------------------------------------

    def _visible_sql(self) -> tuple[str, tuple[object, ...]]:
        if self.user is None:
            return "", ()
        return " WHERE (sessions.author = ? OR sessions.shared = 1)", (self.user,)

    def sessions(self) -> list[SessionRow]:
        """Every session this user may open (all of them without a user), newest first."""
        where, params = self._visible_sql()
        return [_row(r) for r in self.query(f"SELECT {_ROW}, {_FIRST_TEXT} FROM sessions{where} "
                                            "ORDER BY started DESC, id DESC", params)]

    def newest(self) -> int | None:
        """The newest of this user's own sessions (any session without a user)."""
        where, params = ("", ()) if self.user is None else (" WHERE author = ?", (self.user,))
        row = self._one(f"SELECT id FROM sessions{where} ORDER BY started DESC, id DESC LIMIT 1", params)
        return None if row is None else int(row[0])

    def find_uid(self, uid: str) -> int | None:
        row = self._one("SELECT id FROM sessions WHERE uid = ?", (uid,))
        return None if row is None else int(row[0])

    def meta(self, session_id: int) -> SessionMeta:
        self._check_visible(session_id)
        row = self._one(f"SELECT {_META} FROM sessions WHERE id = ?", (session_id,))
        if row is None:
            raise SessionNotFound(f"no session {session_id} in {self.path}")
        return _meta(row)

    def row(self, session_id: int) -> SessionRow:
        self._check_visible(session_id)
        row = self._one(f"SELECT {_ROW} FROM sessions WHERE id = ?", (session_id,))
        if row is None:
            raise SessionNotFound(f"no session {session_id} in {self.path}")
        return _row(row)

    def typed(self, limit: int) -> list[str]:
        """What this user typed in stored consults, newest first, each text once (the prompt's
        history across runs). Unreadable events are skipped: this is a convenience, not a record."""
        where, params = ("", ()) if self.user is None else (" WHERE author = ?", (self.user,))
        rows = self.query(f"SELECT event FROM events{where} ORDER BY at DESC, session_id DESC, seq DESC LIMIT ?",
                          (*params, limit * 4))
        seen: dict[str, None] = {}
        for (text,) in rows:
            try:
                event = json.loads(text)
            except ValueError:
                continue
            if isinstance(event, dict) and event.get("kind") == "text" and isinstance(event.get("text"), str):
                seen.setdefault(event["text"], None)
                if len(seen) == limit:
                    break
        return list(seen)

    def events(self, session_id: int, first: int = 1, last: int = MAX_ID) -> list[LoggedEvent]:
        """The session's events in the order they happened, each with who entered it (those from
        turn `first` to turn `last`, counted from 1: default all)."""
        from dialogs.state import Event

        self.meta(session_id)
        rows = self.query("SELECT at, event, author FROM events WHERE session_id = ? AND seq BETWEEN ? AND ? "
                          "ORDER BY seq", (session_id, first, last))
        try:
            return [LoggedEvent(Event.from_dict(_json(text)), at, author) for at, text, author in rows]
        except (ValueError, TypeError) as exc:
            raise StoreError(f"the session store {self.path} holds an unreadable event in session "
                             f"{session_id} ({exc}); it was left untouched") from exc

    def shown(self, session_id: int, *, on_demand: bool = False, light: bool = False) -> list[ShownTurn]:
        """What was shown in the session, in order (seq 0, before the first event, when stored); each
        turn's replies are parsed when first used (StoreError then if they cannot be), and their
        data only when it is used. Read from the store: everything now (default); with `light`,
        only the replies without their data, each turn's whole row read when its data is used; with
        `on_demand`, nothing until a turn's replies are used, then a few dozen turns at a time (a
        resumed consult shows its last turns). With either the store must stay open while they may be read.
        A session stored before version 4 whose replies could not be rebuilt at the upgrade is
        rebuilt now by replay, marked "rebuilt on upgrade" (nothing is written)."""
        from assistant.store.shown import REBUILT_ON_UPGRADE, ShownTurn, StoredShownTurn

        self.meta(session_id)
        where = f"{self.path} in session {session_id}"
        fetch = _ChunkedReplies(self, session_id)
        if on_demand:  # each turn's number, versions and origin: read from their index (schema 6), not the rows
            turns: list[ShownTurn] = [
                StoredShownTurn(int(seq), fetch, str(app), str(kb), str(origin), where)
                for seq, app, kb, origin in self.query("SELECT seq, app_version, kb_version, origin FROM shown "
                                                       "WHERE session_id = ? ORDER BY seq", (session_id,))]
            if turns:
                return turns
        # light: the light form, and the whole replies only where there is none; else the whole replies only
        brief, whole = ("light", "CASE WHEN light IS NULL THEN replies END") if light else ("NULL", "replies")
        rows = [] if on_demand else self.query(f"SELECT seq, {brief}, app_version, kb_version, origin, {whole} "
                                               "FROM shown WHERE session_id = ? ORDER BY seq", (session_id,))
        turns = [
            StoredShownTurn(int(seq), fetch if raw is None else str(raw), app, kb, origin, where,
                            None if form is None else str(form))
            for seq, form, app, kb, origin, raw in rows]
        if turns:
            return turns
        from assistant.store.replaying import replay_turns

        replayed = replay_turns(self.events(session_id))
        app, kb = current_versions()
        return [ShownTurn(0, replayed.opening, app, kb, REBUILT_ON_UPGRADE),
                *(ShownTurn(t.number, t.replies, app, kb, REBUILT_ON_UPGRADE) for t in replayed.turns)]

    def fragments(self, session_id: int, fmt: str) -> Mapping[int, str]:
        """Each stored turn's replies as the `fmt` transcript (md, html) writes them, by turn (0: the
        opening), where stored in the form this program renders (schema 8; none for older turns).
        Which turns have one is read now, each text when used (see `StoredFragments`)."""
        from assistant.export.fragments import FRAGMENT_FORM

        self.meta(session_id)
        if self.schema < FRAGMENTS:
            return {}
        return StoredFragments(self, session_id, fmt, FRAGMENT_FORM)

    def shown_seqs(self, session_id: int) -> set[int]:
        """Which turns of the session have stored replies (0: the opening); reads no replies."""
        self.meta(session_id)
        return {int(r[0]) for r in self.query("SELECT seq FROM shown WHERE session_id = ?", (session_id,))}

    def shown_reader(self, session_id: int) -> Callable[[int], ShownTurn]:
        """One stored turn's replies (and their versions and origin) by seq, read from the store when
        used, a few dozen turns at a time (the store must stay open meanwhile); each seq asked for once."""
        from assistant.store.shown import StoredShownTurn

        fetch, where = _ChunkedReplies(self, session_id), f"{self.path} in session {session_id}"
        return lambda seq: StoredShownTurn(seq, fetch, None, None, None, where, stamp=fetch.stamp)

    def state(self, session_id: int, events: Sequence[LoggedEvent] | None = None) -> State:
        """The dialog state after the session's last event: the latest stored state, with the events
        after it (if any) replayed; the whole session replayed when no stored state can be read.
        `events`: the session's events, when the caller has them already."""
        from assistant.store.states import load

        self.meta(session_id)
        last = self._one("SELECT seq FROM events WHERE session_id = ? ORDER BY seq DESC LIMIT 1", (session_id,))
        turns = 0 if last is None else int(last[0])
        loaded = load(self.query, session_id, turns)
        chain: Chain | None = None  # replayed: the newest snapshots and points are not stored; the next writes all
        if loaded is not None and loaded[0] >= turns:
            _, state, chain = loaded
        else:  # no stored state, or events after it: replayed (the engine is imported only then)
            from dialogs.engine import begin, step

            seq, state = (0, begin()[0]) if loaded is None else loaded[:2]
            everything = self.events(session_id) if events is None else events
            for item in everything[seq:]:
                state = step(state, item.event)[0]
        if chain is None:
            self._chains.pop(session_id, None)
        else:
            self._chains[session_id] = chain
        return state

    def plan_turns(self) -> list[tuple[int, int]]:
        """(session, turn) for every session this user may open that showed a plan: its last plan."""
        where, params = self._visible_sql()
        join = " JOIN sessions ON sessions.id = shown.session_id" + where if where else ""
        rows = self.query(f"SELECT shown.session_id, max(shown.seq) FROM shown{join} "
                          + ("AND" if where else "WHERE") + " shown.plan = 1 GROUP BY shown.session_id "
                          "ORDER BY shown.session_id", params)
        return [(int(sid), int(seq)) for sid, seq in rows]

    def shown_replies(self, session_id: int, seq: int) -> str:
        """One stored turn's replies, as stored (JSON); "" when there is none."""
        row = self._one("SELECT replies FROM shown WHERE session_id = ? AND seq = ?", (session_id, seq))
        return "" if row is None else str(row[0])

    def event_texts(self, session_id: int, upto: int) -> list[str]:
        """A session's first `upto` events as stored (JSON), in order."""
        return [str(r[0]) for r in self.query("SELECT event FROM events WHERE session_id = ? AND seq <= ? "
                                              "ORDER BY seq", (session_id, upto))]


class StoredFragments(Mapping[int, str]):
    """One session's stored fragments of one format, by turn: which turns have one is read at once,
    each text when it is asked for, with those of the next turns (a block of BLOCK), and not kept:
    a transcript writes each turn's once, one after the other, so a long session's 30 MiB are
    never all in memory. The store must stay open while they are read."""

    BLOCK = 64

    def __init__(self, store: SessionStore, session_id: int, fmt: str, form: int) -> None:
        self._store, self._key = store, (session_id, fmt, form)
        self._seqs = [int(r[0]) for r in store.query(
            "SELECT seq FROM fragments WHERE session_id = ? AND format = ? AND form = ? ORDER BY seq", self._key)]
        self._held = frozenset(self._seqs)
        self._read: dict[int, str] = {}

    def __getitem__(self, seq: int) -> str:
        if seq not in self._held:
            raise KeyError(seq)
        if seq not in self._read:
            self._read = {int(n): str(text) for n, text in self._store.query(
                "SELECT seq, text FROM fragments WHERE session_id = ? AND format = ? AND form = ? AND seq >= ? "
                "AND seq < ?", (*self._key, seq, seq + self.BLOCK))}
        return self._read.pop(seq)

    def __contains__(self, seq: object) -> bool:
        return seq in self._held

    def __iter__(self) -> Iterator[int]:
        return iter(self._seqs)

    def __len__(self) -> int:
        return len(self._seqs)


class _ChunkedReplies:
    """One session's stored replies (and their versions), read from the store by blocks of CHUNK
    turns as they are needed (a resume reads one or two)."""

    CHUNK = 32

    def __init__(self, store: SessionStore, session_id: int) -> None:
        self.store, self.session_id = store, session_id
        self.read: dict[int, str] = {}
        self.versions: dict[int, tuple[str, str, str]] = {}

    def _fetch(self, seq: int) -> None:
        low = seq - seq % self.CHUNK
        for n, text, app, kb, origin in self.store.query(
                "SELECT seq, replies, app_version, kb_version, origin FROM shown WHERE session_id = ? AND seq >= ? "
                "AND seq < ?", (self.session_id, low, low + self.CHUNK)):
            self.read[int(n)], self.versions[int(n)] = str(text), (str(app), str(kb), str(origin))

    def __call__(self, seq: int) -> str:
        if seq not in self.read:
            self._fetch(seq)
        return self.read.pop(seq, "[]")  # each turn parses its replies once, and keeps them

    def stamp(self, seq: int) -> tuple[str, str, str]:
        """(app version, knowledge-base version, origin) of one turn's replies."""
        if seq not in self.versions:
            self._fetch(seq)
        return self.versions.get(seq, ("", "", ""))


class AlreadyStored(StoreError):
    """An import of a session that is already in the store (the same uid)."""

    def __init__(self, session_id: int, uid: str) -> None:
        super().__init__(f"that session is already stored, as session {session_id} (uid {uid})")
        self.session_id = session_id


_DECODE = json.JSONDecoder().raw_decode


def _json(text: Any) -> Any:
    """`json.loads(text)`, the same value or the same error, without its two whitespace scans for
    a row that has no whitespace around it (every row this program writes): a third of the time
    of reading a long session's 5,000 events."""
    try:
        value, end = _DECODE(text)
    except (ValueError, TypeError):
        return json.loads(text)  # says what is wrong (or reads what only it accepts), as before
    return value if end == len(text) else json.loads(text)


def consult_user() -> str:
    """Who this consult is for; StoreError (one line) in a served app without an authenticated user."""
    from assistant.identity import NoUser, current_user

    try:
        return current_user()
    except NoUser as exc:
        raise StoreError(str(exc)) from exc


def current_versions() -> tuple[str, str]:
    """This program's version and today's knowledge base's."""
    from assistant import __version__
    from dialogs.engine import default_consult

    return __version__, default_consult().kb.version
