"""Schema versions: a new file starts at the latest; an older one is copied aside, then migrated."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from assistant.identity import login_name
from assistant.store import SessionMeta, SessionStore, StoreError
from assistant.store.schema import MIGRATIONS, Migration
from assistant.store.sessions import event_json
from dialogs.state import Event


def add_note_column(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE sessions ADD COLUMN note TEXT NOT NULL DEFAULT ''")


def broken(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE sessions ADD COLUMN half TEXT")
    raise sqlite3.OperationalError("disk I/O error")  # fails half-way


# The mechanism is tested on a genuine version-1 file, and on a current file with a made-up next version.
V1_ONLY = MIGRATIONS[:1]
LATEST = MIGRATIONS[-1].version
NEXT = (*MIGRATIONS, Migration(LATEST + 1, "a note per session", add_note_column))


def user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        version: int = conn.execute("PRAGMA user_version").fetchone()[0]
        return version
    finally:
        conn.close()


def texts(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT event FROM events ORDER BY session_id, seq")]
    finally:
        conn.close()


def write_v1_session(conn: Any) -> None:
    """One session with two events, as crs-assistant 0.1 (schema version 1) stored it."""
    conn.execute("INSERT INTO sessions (uid, started, app_version, kb_version, persona, turns, last_grade, updated) "
                 "VALUES ('" + "c" * 32 + "', '2026-03-14T09:00:00.000Z', '0.1.0', 'kb', 'clinician', 2, 3, "
                 "'2026-03-14T09:00:02.000Z')")
    for seq, text in enumerate(("39.2", "one pressor"), start=1):
        conn.execute(f"INSERT INTO events (session_id, seq, at, event) VALUES (1, {seq}, "
                     f"'2026-03-14T09:00:0{seq}.000Z', '{event_json(Event('text', text))}')")


@pytest.fixture
def current_store(db: Path) -> Path:
    with SessionStore.open(db) as store:
        meta = store.create(SessionMeta("c" * 32, "2026-03-14T09:00:00.000Z", "0.1.0", "kb", "clinician"))
        assert meta.id
        for text in ("39.2", "one pressor"):
            store.append(meta.id, Event("text", text), persona="clinician", grade=3)
    return db


@pytest.fixture
def v1_store(db: Path) -> Path:
    with SessionStore.open(db, migrations=V1_ONLY) as store:
        assert store.backup is None  # a brand-new file has nothing to back up
    conn = sqlite3.connect(db, isolation_level=None)
    write_v1_session(conn)
    conn.close()
    return db


def test_new_store_is_created_at_the_latest_version_without_backup(db: Path) -> None:
    with SessionStore.open(db) as store:
        assert store.backup is None
    assert user_version(db) == MIGRATIONS[-1].version
    assert sorted(p.name for p in db.parent.iterdir()) == ["sessions.db"]


def test_a_real_version_1_store_gains_practice_tables_and_keeps_its_sessions(v1_store: Path) -> None:
    with SessionStore.open(v1_store) as store:
        assert store.backup == v1_store.with_name("sessions.db.v1.backup")
        assert [e.event.text for e in store.events(1)] == ["39.2", "one pressor"]
        assert store.query("SELECT count(*) FROM quiz_runs") == [(0,)]
    assert user_version(v1_store) == MIGRATIONS[-1].version == 8


def test_sessions_stored_before_authors_belong_to_whoever_upgrades_the_file(v1_store: Path) -> None:
    """A version-1 or -2 file lived in one user's data folder: its sessions and turns are theirs."""
    with SessionStore.open(v1_store, user=login_name()) as store:
        assert [(r.id, r.author, r.shared) for r in store.sessions()] == [(1, login_name(), False)]
        assert {e.author for e in store.events(1)} == {login_name()}
    with SessionStore.open(v1_store, user="someone-else") as other:
        assert other.sessions() == []


def test_migration_backs_the_file_up_first_then_keeps_every_event(current_store: Path) -> None:
    before = texts(current_store)
    with SessionStore.open(current_store, migrations=NEXT) as store:
        backup = store.backup
        assert backup == current_store.with_name(f"sessions.db.v{LATEST}.backup")
        assert [e.event.text for e in store.events(1)] == ["39.2", "one pressor"]
    assert user_version(current_store) == LATEST + 1
    assert user_version(backup) == LATEST and texts(backup) == before
    conn = sqlite3.connect(current_store)
    assert conn.execute("SELECT note FROM sessions").fetchall() == [("",)]
    conn.close()
    with SessionStore.open(current_store, migrations=NEXT) as again:
        assert again.backup is None  # nothing left to migrate


def test_a_second_backup_never_overwrites_the_first(current_store: Path) -> None:
    first = current_store.with_name(f"sessions.db.v{LATEST}.backup")
    first.write_bytes(b"an older backup the user kept")
    with SessionStore.open(current_store, migrations=NEXT) as store:
        assert store.backup == current_store.with_name(f"sessions.db.v{LATEST}.backup.2")
    assert first.read_bytes() == b"an older backup the user kept"


def test_a_failed_migration_leaves_the_store_as_it_was(current_store: Path) -> None:
    before = texts(current_store)
    failing = (*MIGRATIONS, Migration(LATEST + 1, "breaks half-way", broken))
    with pytest.raises(StoreError, match="disk I/O error"):
        SessionStore.open(current_store, migrations=failing)
    assert user_version(current_store) == LATEST and texts(current_store) == before
    conn = sqlite3.connect(current_store)
    columns = [row[1] for row in conn.execute("PRAGMA table_info(sessions)")]
    conn.close()
    assert "half" not in columns  # the half-done change was rolled back
    assert current_store.with_name(f"sessions.db.v{LATEST}.backup").exists()


def test_reading_commands_migrate_too(current_store: Path) -> None:
    store = SessionStore.open_existing(current_store, migrations=NEXT)
    assert store is not None
    with store:
        assert store.backup is not None and [r.turns for r in store.sessions()] == [2]
    assert user_version(current_store) == LATEST + 1
