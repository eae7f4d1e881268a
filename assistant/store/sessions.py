"""The session store: create a session, append its events one committed turn at a time, list,
load, delete and add whole sessions (import).

Every public method turns SQLite and OS failures into a `StoreError` carrying one line for the
user; none of them deletes or recreates the database file.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from assistant.store.connection import DEFAULT_TIMEOUT, open_readable, open_writable, prepare_for_writing
from assistant.store.errors import SessionNotFound, StoreError, translated
from assistant.store.migrations import check_known, is_blank, migrate
from assistant.store.records import LoggedEvent, SessionMeta, SessionRow, utc_now
from assistant.store.schema import MIGRATIONS, Migration

if TYPE_CHECKING:
    from dialogs.state import Event

Clock = Callable[[], str]
MAX_ID = 2**63 - 1  # SQLite's largest INTEGER: a larger number names no session (and cannot be bound)


def refuse_dangling_link(path: Path) -> None:
    """A `sessions.db` that is a symbolic link to nothing: SQLite would create a file wherever it points."""
    if path.is_symlink() and not path.exists():
        raise StoreError(f"the session store {path} is a symbolic link to {os.readlink(path)}, which does not "
                         "exist; nothing was created. Remove the link or use --data-dir")


def checked_id(session_id: int, path: Path) -> int:
    if not 0 < session_id <= MAX_ID:
        raise SessionNotFound(f"no session {session_id} in {path}")
    return session_id


def event_json(event: Event) -> str:
    """Event.to_dict() as JSON; ASCII escapes keep any string storable (even a lone surrogate)."""
    return json.dumps(event.to_dict(), ensure_ascii=True, separators=(",", ":"))


class SessionStore:
    """One open database file. Use `SessionStore.open` (to record) or `open_existing` (to look)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, clock: Clock = utc_now,
                 backup: Path | None = None) -> None:
        self._conn = conn
        self.path = path
        self.clock = clock
        self.backup = backup  # the copy made before a migration at open, if any

    # --- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, migrations: Sequence[Migration] = MIGRATIONS, timeout: float = DEFAULT_TIMEOUT,
             clock: Clock = utc_now) -> SessionStore:
        """Open for recording, creating the folder and file if missing and migrating if old."""
        with translated(path):
            refuse_dangling_link(path)
            conn = open_writable(path, timeout)
            try:
                check_known(conn, path, migrations)  # before anything is written to the file
                prepare_for_writing(conn)
                made = migrate(conn, path, migrations)
            except BaseException:
                conn.close()
                raise
        return cls(conn, path, clock=clock, backup=made)

    @classmethod
    def open_existing(cls, path: Path, *, migrations: Sequence[Migration] = MIGRATIONS,
                      timeout: float = DEFAULT_TIMEOUT, clock: Clock = utc_now) -> SessionStore | None:
        """Open an existing store to read (and delete or import); None when there is no file yet.

        Works on read-only files and folders; migrates (with a backup) only when it must.
        """
        with translated(path):
            if not path.exists():
                return None
            conn = open_readable(path, timeout)
            try:
                if is_blank(conn):  # e.g. a zero-length file: nothing stored, and reading it writes nothing
                    conn.close()
                    return None
                made = migrate(conn, path, migrations)
            except BaseException:
                conn.close()
                raise
        return cls(conn, path, clock=clock, backup=made)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> SessionStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def transaction(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        """One write transaction, for other record kinds kept in the same file (practice runs)."""
        return self._writing()

    def query(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        with translated(self.path):
            return list(self._conn.execute(sql, params))

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken up front so that a lock shows at once, not mid-way."""
        with translated(self.path):
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise

    # --- writing ---------------------------------------------------------------------------

    def create(self, meta: SessionMeta) -> SessionMeta:
        """Store a new, empty session; returns its metadata with the store's `id`."""
        with self._writing() as conn:
            cur = conn.execute(
                "INSERT INTO sessions (uid, started, app_version, kb_version, persona, updated) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (meta.uid, meta.started, meta.app_version, meta.kb_version, meta.persona, meta.started),
            )
            new_id = cur.lastrowid
        assert new_id is not None
        return SessionMeta(meta.uid, meta.started, meta.app_version, meta.kb_version, meta.persona, id=new_id)

    def append(self, session_id: int, event: Event, *, persona: str, grade: int | None) -> int:
        """Commit one event (durably, before the caller shows its replies); returns its number."""
        checked_id(session_id, self.path)
        at = self.clock()
        with self._writing() as conn:
            cur = conn.execute(
                "INSERT INTO events (session_id, seq, at, event) SELECT id, turns + 1, ?, ? FROM sessions WHERE id = ?",
                (at, event_json(event), session_id),
            )
            if cur.rowcount != 1:
                raise SessionNotFound(f"no session {session_id} in {self.path}")
            conn.execute(
                "UPDATE sessions SET turns = turns + 1, last_grade = ?, persona = ?, updated = ? WHERE id = ?",
                (grade, persona, at, session_id),
            )
            turns: int = conn.execute("SELECT turns FROM sessions WHERE id = ?", (session_id,)).fetchone()[0]
        return turns

    def add(self, meta: SessionMeta, events: Sequence[LoggedEvent], *, grade: int | None) -> SessionMeta:
        """Store a whole session at once (import), keeping its uid, times and versions."""
        existing = self.find_uid(meta.uid)
        if existing is not None:
            raise StoreError(f"that session is already stored, as session {existing} (uid {meta.uid})")
        updated = events[-1].at if events else meta.started
        with self._writing() as conn:
            cur = conn.execute(
                "INSERT INTO sessions (uid, started, app_version, kb_version, persona, turns, last_grade, updated) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (meta.uid, meta.started, meta.app_version, meta.kb_version, meta.persona, len(events), grade,
                 updated),
            )
            new_id = cur.lastrowid
            assert new_id is not None
            conn.executemany(
                "INSERT INTO events (session_id, seq, at, event) VALUES (?, ?, ?, ?)",
                ((new_id, n, e.at, event_json(e.event)) for n, e in enumerate(events, start=1)),
            )
        return SessionMeta(meta.uid, meta.started, meta.app_version, meta.kb_version, meta.persona, id=new_id)

    def delete(self, session_id: int) -> None:
        """Delete a session and its events; their text is overwritten, not left in free pages."""
        checked_id(session_id, self.path)
        with self._writing() as conn:
            conn.execute("DELETE FROM events WHERE session_id = ?", (session_id,))
            if conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount != 1:
                raise SessionNotFound(f"no session {session_id} in {self.path}")
        with contextlib.suppress(sqlite3.Error):  # best effort: copy the zeroed pages out of the log now
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    # --- reading ---------------------------------------------------------------------------

    def sessions(self) -> list[SessionRow]:
        """Every session, newest first."""
        with translated(self.path):
            rows = self._conn.execute(
                "SELECT id, started, turns, last_grade FROM sessions ORDER BY started DESC, id DESC"
            ).fetchall()
        return [SessionRow(*row) for row in rows]

    def newest(self) -> int | None:
        with translated(self.path):
            row = self._conn.execute("SELECT id FROM sessions ORDER BY started DESC, id DESC LIMIT 1").fetchone()
        return None if row is None else int(row[0])

    def find_uid(self, uid: str) -> int | None:
        with translated(self.path):
            row = self._conn.execute("SELECT id FROM sessions WHERE uid = ?", (uid,)).fetchone()
        return None if row is None else int(row[0])

    def meta(self, session_id: int) -> SessionMeta:
        checked_id(session_id, self.path)
        with translated(self.path):
            row = self._conn.execute(
                "SELECT uid, started, app_version, kb_version, persona, id FROM sessions WHERE id = ?", (session_id,)
            ).fetchone()
        if row is None:
            raise SessionNotFound(f"no session {session_id} in {self.path}")
        return SessionMeta(*row)

    def row(self, session_id: int) -> SessionRow:
        checked_id(session_id, self.path)
        with translated(self.path):
            row = self._conn.execute(
                "SELECT id, started, turns, last_grade FROM sessions WHERE id = ?", (session_id,)
            ).fetchone()
        if row is None:
            raise SessionNotFound(f"no session {session_id} in {self.path}")
        return SessionRow(*row)

    def typed(self, limit: int) -> list[str]:
        """What the user typed in stored consults, newest first, each text once (the prompt's
        history across runs). Unreadable events are skipped: this is a convenience, not a record."""
        with translated(self.path):
            rows = self._conn.execute(
                "SELECT event FROM events ORDER BY at DESC, session_id DESC, seq DESC LIMIT ?", (limit * 4,)
            ).fetchall()
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

    def events(self, session_id: int) -> list[LoggedEvent]:
        """The session's events in the order they happened."""
        from dialogs.state import Event

        self.meta(session_id)
        with translated(self.path):
            rows = self._conn.execute(
                "SELECT at, event FROM events WHERE session_id = ? ORDER BY seq", (session_id,)
            ).fetchall()
            try:
                return [LoggedEvent(Event.from_dict(json.loads(text)), at) for at, text in rows]
            except (ValueError, TypeError) as exc:
                raise StoreError(f"the session store {self.path} holds an unreadable event in session "
                                 f"{session_id} ({exc}); it was left untouched") from exc
