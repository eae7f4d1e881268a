"""The schema, as an ordered list of migrations; `PRAGMA user_version` is the last one applied.

Version 1: sessions (metadata plus the listing's running totals) and their append-only events.
Version 2: trainee practice runs, their answers, and each concept's Leitner box.
Version 3: who did what: each session's and event's author (older sessions get the login name of
whoever upgrades the file: it was their own file), and whether a session is shared with the ward.
Version 4: what was shown (shown.py): each turn's replies as shown, stamped with the app and
knowledge-base versions (older sessions are replayed once, at the upgrade, and marked "rebuilt on
upgrade"); when a session was closed (`restart` starts a new one); an optional local label.
Version 5: each turn's dialog state (states.py), so resume loads it instead of replaying every event
(older sessions are replayed once, at the upgrade, for their last state); each turn's replies also
in a light form, without their data (shown.py), for transcripts.
Version 6: an index of what was shown holding each turn's number, versions, origin and whether it
shows a plan, so that listing a session's turns reads neither the replies nor the pages they span
(SQLite keeps a row's later columns after its replies' overflow pages).
Version 7: each turn's replies stored as the JSON export writes them (shown.py), so that an export
copies them; the rows stored before keep version 4's form, and both are read (nothing is rewritten).
Version 8: each turn's replies also as the Markdown and HTML transcripts write them (`fragments`,
shown.py), so that a transcript copies them instead of reading and rendering every reply; the turns
stored before have none and are rendered from their light form, as before (nothing is rewritten).
An event row holds `Event.to_dict()` as JSON; triggers refuse to update events, so the log can
only grow (a whole session can still be deleted on request).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Migration:
    version: int
    summary: str
    apply: Callable[[Any], None]  # given an sqlite3.Connection, or a PostgresDatabase (pg_schema.py)


def legacy_owner() -> str:
    """Who owns sessions stored before authors were recorded: the login name of whoever upgrades."""
    from assistant.identity import login_name

    return login_name()


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

V2 = _statements(
    """CREATE TABLE quiz_runs (
        id INTEGER PRIMARY KEY,
        started TEXT NOT NULL,
        seed INTEGER NOT NULL,
        cases INTEGER NOT NULL,
        score INTEGER NOT NULL,
        total INTEGER NOT NULL,
        kb_version TEXT NOT NULL
    )""",
    """CREATE TABLE quiz_answers (
        run_id INTEGER NOT NULL REFERENCES quiz_runs (id),
        seq INTEGER NOT NULL,
        case_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        chosen TEXT NOT NULL,
        right_answer TEXT NOT NULL,
        correct INTEGER NOT NULL,
        concepts TEXT NOT NULL,
        PRIMARY KEY (run_id, seq)
    ) WITHOUT ROWID""",
    """CREATE TABLE concept_boxes (
        concept TEXT PRIMARY KEY,
        box INTEGER NOT NULL,
        run_id INTEGER NOT NULL
    )""",
)



def V3(conn: sqlite3.Connection) -> None:
    _statements(
        "ALTER TABLE sessions ADD COLUMN author TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE sessions ADD COLUMN shared INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE events ADD COLUMN author TEXT NOT NULL DEFAULT ''",
        "CREATE INDEX sessions_by_author ON sessions (author, started DESC, id DESC)",
        "DROP TRIGGER events_append_only",  # back below, once the old events carry their author
    )(conn)
    conn.execute("UPDATE sessions SET author = ? WHERE author = ''", (legacy_owner(),))
    conn.execute("UPDATE events SET author = (SELECT author FROM sessions WHERE sessions.id = events.session_id)")
    conn.execute("""CREATE TRIGGER events_append_only BEFORE UPDATE ON events
       BEGIN SELECT RAISE(ABORT, 'events are append-only'); END""")


V4_SQL = (
    "ALTER TABLE sessions ADD COLUMN closed TEXT",
    "ALTER TABLE sessions ADD COLUMN label TEXT NOT NULL DEFAULT ''",
    """CREATE TABLE shown (
        session_id INTEGER NOT NULL REFERENCES sessions (id),
        seq INTEGER NOT NULL,
        replies TEXT NOT NULL,
        text TEXT NOT NULL,
        app_version TEXT NOT NULL,
        kb_version TEXT NOT NULL,
        origin TEXT NOT NULL,
        plan INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (session_id, seq)
    )""",
)


def V4(conn: sqlite3.Connection) -> None:
    from assistant.store.shown import rebuild_all

    _statements(*(s.replace("\n    )", "\n    ) WITHOUT ROWID") if "CREATE TABLE" in s else s for s in V4_SQL))(conn)
    rebuild_all(conn.execute)
    conn.execute("""CREATE TRIGGER shown_append_only BEFORE UPDATE ON shown
       BEGIN SELECT RAISE(ABORT, 'what was shown is append-only'); END""")


def V5(conn: sqlite3.Connection) -> None:
    from assistant.store.states import SHOWN_LIGHT, STATE_SQL, rebuild_all

    _statements(*(s.replace("\n    )", "\n    ) WITHOUT ROWID") for s in STATE_SQL), SHOWN_LIGHT)(conn)
    rebuild_all(conn.execute)


SHOWN_STAMPS = "CREATE INDEX shown_stamps ON shown (session_id, seq, app_version, kb_version, origin, plan)"
V6 = _statements(SHOWN_STAMPS)
V7 = _statements()  # the new form is for the rows written from now on: no table changes, nothing rewritten
FRAGMENTS = 8  # the version that adds them (a store opened at an older one, in tests, writes none)
FRAGMENTS_SQL = (  # `form`: how they were rendered (assistant/export/fragments.py: FRAGMENT_FORM)
    """CREATE TABLE fragments (
        session_id INTEGER NOT NULL REFERENCES sessions (id),
        format TEXT NOT NULL,
        seq INTEGER NOT NULL,
        form INTEGER NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (session_id, format, seq)
    )""",
)
V8 = _statements(*(s.replace("\n    )", "\n    ) WITHOUT ROWID") for s in FRAGMENTS_SQL),
                 """CREATE TRIGGER fragments_append_only BEFORE UPDATE ON fragments
       BEGIN SELECT RAISE(ABORT, 'what was shown is append-only'); END""")


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "sessions and their append-only events", V1),
    Migration(2, "trainee practice: runs, answers and Leitner boxes per concept", V2),
    Migration(3, "who did what: the author of each session and event; sessions shared with the ward", V3),
    Migration(4, "what was shown: each turn's replies with app and knowledge-base versions; closed; label", V4),
    Migration(5, "each turn's dialog state, so resume loads it instead of replaying every event", V5),
    Migration(6, "an index of each turn's stored replies: number, versions, origin, plan", V6),
    Migration(7, "each turn's replies stored as the JSON export writes them (older rows read as they are)", V7),
    Migration(8, "each turn's replies as the Markdown and HTML transcripts write them (older turns rendered)", V8),
)
