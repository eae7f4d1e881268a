"""Schema versions: a new file starts at the latest; an older one is copied aside, then migrated."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from assistant.store import SessionMeta, SessionStore, StoreError
from assistant.store.schema import MIGRATIONS, Migration
from dialogs.state import Event


def add_note_column(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE sessions ADD COLUMN note TEXT NOT NULL DEFAULT ''")


def broken(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE sessions ADD COLUMN half TEXT")
    raise sqlite3.OperationalError("disk I/O error")  # fails half-way


# The mechanism is tested on a genuine version-1 file and a made-up version 2.
V1_ONLY = MIGRATIONS[:1]
V2 = (*V1_ONLY, Migration(2, "a note per session", add_note_column))


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


@pytest.fixture
def v1_store(db: Path) -> Path:
    with SessionStore.open(db, migrations=V1_ONLY) as store:
        meta = store.create(SessionMeta("c" * 32, "2026-03-14T09:00:00.000Z", "0.1.0", "kb", "clinician"))
        assert meta.id
        for text in ("39.2", "one pressor"):
            store.append(meta.id, Event("text", text), persona="clinician", grade=3)
        assert store.backup is None  # a brand-new file has nothing to back up
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
    assert user_version(v1_store) == MIGRATIONS[-1].version == 2


def test_migration_backs_the_file_up_first_then_keeps_every_event(v1_store: Path) -> None:
    before = texts(v1_store)
    with SessionStore.open(v1_store, migrations=V2) as store:
        backup = store.backup
        assert backup == v1_store.with_name("sessions.db.v1.backup")
        assert [e.event.text for e in store.events(1)] == ["39.2", "one pressor"]
    assert user_version(v1_store) == 2
    assert user_version(backup) == 1 and texts(backup) == before
    conn = sqlite3.connect(v1_store)
    assert conn.execute("SELECT note FROM sessions").fetchall() == [("",)]
    conn.close()
    with SessionStore.open(v1_store, migrations=V2) as again:
        assert again.backup is None  # nothing left to migrate


def test_a_second_backup_never_overwrites_the_first(v1_store: Path) -> None:
    first = v1_store.with_name("sessions.db.v1.backup")
    first.write_bytes(b"an older backup the user kept")
    with SessionStore.open(v1_store, migrations=V2) as store:
        assert store.backup == v1_store.with_name("sessions.db.v1.backup.2")
    assert first.read_bytes() == b"an older backup the user kept"


def test_a_failed_migration_leaves_the_store_as_it_was(v1_store: Path) -> None:
    before = texts(v1_store)
    failing = (*V1_ONLY, Migration(2, "breaks half-way", broken))
    with pytest.raises(StoreError, match="disk I/O error"):
        SessionStore.open(v1_store, migrations=failing)
    assert user_version(v1_store) == 1 and texts(v1_store) == before
    conn = sqlite3.connect(v1_store)
    columns = [row[1] for row in conn.execute("PRAGMA table_info(sessions)")]
    conn.close()
    assert "half" not in columns  # the half-done change was rolled back
    assert v1_store.with_name("sessions.db.v1.backup").exists()


def test_reading_commands_migrate_too(v1_store: Path) -> None:
    store = SessionStore.open_existing(v1_store, migrations=V2)
    assert store is not None
    with store:
        assert store.backup is not None and [r.turns for r in store.sessions()] == [2]
    assert user_version(v1_store) == 2
