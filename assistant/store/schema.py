"""The schema, as an ordered list of migrations; `PRAGMA user_version` is the last one applied.

Version 1: sessions (metadata plus the listing's running totals) and their append-only events.
An event row holds `Event.to_dict()` as JSON; triggers refuse to update events, so the log can
only grow (a whole session can still be deleted on request).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    summary: str
    apply: Callable[[sqlite3.Connection], None]


def _statements(*sql: str) -> Callable[[sqlite3.Connection], None]:
    def apply(conn: sqlite3.Connection) -> None:
        for statement in sql:
            conn.execute(statement)

    return apply


V1 = _statements(
    """CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        started TEXT NOT NULL,
        app_version TEXT NOT NULL,
        kb_version TEXT NOT NULL,
        persona TEXT NOT NULL,
        turns INTEGER NOT NULL DEFAULT 0,
        last_grade INTEGER,
        updated TEXT NOT NULL
    )""",
    "CREATE INDEX sessions_newest ON sessions (started DESC, id DESC)",
    """CREATE TABLE events (
        session_id INTEGER NOT NULL REFERENCES sessions (id),
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        event TEXT NOT NULL,
        PRIMARY KEY (session_id, seq)
    ) WITHOUT ROWID""",
    """CREATE TRIGGER events_append_only BEFORE UPDATE ON events
       BEGIN SELECT RAISE(ABORT, 'events are append-only'); END""",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "sessions and their append-only events", V1),
)
