"""A locked, read-only, damaged, foreign or newer database: one clear line, and the data untouched."""

from __future__ import annotations

import hashlib
import os
import pwd
import sqlite3
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.store import SessionMeta, SessionStore, StoreError
from dialogs.state import Event

from .conftest import UNPRIVILEGED

Cli = Callable[..., subprocess.CompletedProcess[str]]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def filled(db: Path, sessions: int = 3, events: int = 40, user: str | None = None) -> None:
    """A real store with some content by `user` (default: the login name), closed cleanly (no -wal left)."""
    with SessionStore.open(db, user=user) as store:
        for n in range(sessions):
            meta = store.create(SessionMeta(f"{n:032x}", f"2026-03-14T09:0{n}:00.000Z", "0.1.0", "kb", "clinician"))
            assert meta.id
            for k in range(events):
                store.append(meta.id, Event("text", f"turn {k} " + "x" * 200), persona="clinician", grade=k % 4)


# the read-only tests read the store as this user: it is their own file, made read-only
UNPRIVILEGED_USER = pwd.getpwuid(UNPRIVILEGED).pw_name


# --- damaged and foreign files -------------------------------------------------------------


def test_garbage_file_is_reported_and_left_untouched(db: Path, cli: Cli) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(b"this is not a database, it is a shopping list\n" * 100)
    before = digest(db)
    with pytest.raises(StoreError, match="damaged or not a crs-assistant database"):
        SessionStore.open(db)
    for args in (["chat"], ["sessions"], ["export", "1"], ["sessions", "delete", "1", "--yes"]):
        proc = cli(*args, stdin="39\n")
        assert proc.returncode == 1, (args, proc.stderr)
        line = one_line(proc.stderr)
        assert str(db) in line and "left untouched" in line and "Traceback" not in proc.stderr
    assert digest(db) == before
    assert sorted(p.name for p in db.parent.iterdir()) == ["sessions.db"]


def test_damaged_pages_are_reported_and_left_untouched(db: Path, cli: Cli) -> None:
    filled(db)
    raw = bytearray(db.read_bytes())
    page = 4096
    assert len(raw) > 4 * page
    for start in range(2 * page, len(raw), page):  # every page after the schema: b-tree headers scrambled
        raw[start:start + 12] = b"\xff" * 12
    db.write_bytes(bytes(raw))
    before = digest(db)
    proc = cli("export", "1", "--format", "json")
    assert proc.returncode == 1
    assert "damaged or not a crs-assistant database" in one_line(proc.stderr)
    assert digest(db) == before


def test_a_foreign_sqlite_file_is_not_taken_over(db: Path, cli: Cli) -> None:
    db.parent.mkdir(parents=True)
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE invoices (id INTEGER, total REAL)")
    conn.execute("INSERT INTO invoices VALUES (1, 9.5)")
    conn.commit()
    conn.close()
    before = digest(db)
    proc = cli("chat", stdin="39\n")
    assert proc.returncode == 1
    assert "not a crs-assistant session store" in one_line(proc.stderr)
    assert digest(db) == before


def test_a_store_from_a_newer_program_is_left_alone(db: Path, cli: Cli) -> None:
    filled(db, sessions=1, events=1)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = digest(db)
    for args in (["chat"], ["sessions"]):
        proc = cli(*args, stdin="39\n")
        assert proc.returncode == 1
        assert "newer crs-assistant (schema 99" in one_line(proc.stderr)
    assert digest(db) == before


# --- locks -----------------------------------------------------------------------------------


def test_a_writer_holding_the_lock_makes_append_fail_clearly_and_lose_nothing(db: Path) -> None:
    with SessionStore.open(db, timeout=0.05) as store:
        meta = store.create(SessionMeta("a" * 32, "2026-03-14T09:00:00.000Z", "0.1.0", "kb", "clinician"))
        assert meta.id
        store.append(meta.id, Event("text", "39"), persona="clinician", grade=None)
        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another program is writing
        with pytest.raises(StoreError, match="is locked by another program") as caught:
            store.append(meta.id, Event("text", "one pressor"), persona="clinician", grade=3)
        assert "\n" not in str(caught.value)
        assert [r.turns for r in store.sessions()] == [1]  # readers are not blocked in WAL mode
        other.execute("ROLLBACK")
        other.close()
        store.append(meta.id, Event("text", "one pressor"), persona="clinician", grade=3)
        assert [e.event.text for e in store.events(meta.id)] == ["39", "one pressor"]


def test_an_exclusive_lock_stops_even_opening_with_a_clear_message(db: Path, cli: Cli) -> None:
    filled(db, sessions=1, events=2)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("INSERT INTO sessions (uid, started, app_version, kb_version, persona, updated) "
                  "VALUES ('b', 'x', 'x', 'x', 'clinician', 'x')")
    try:
        with pytest.raises(StoreError, match="is locked by another program"):
            SessionStore.open(db, timeout=0.05)
    finally:
        other.execute("ROLLBACK")
        other.close()
    with SessionStore.open(db) as store:
        assert [r.turns for r in store.sessions()] == [2]


# --- read-only -------------------------------------------------------------------------------


def read_only(path: Path) -> None:
    path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o222)


def test_read_only_file_can_be_listed_and_exported_but_not_recorded_into(db: Path, data_dir: Path, cli: Cli) -> None:
    filled(db, sessions=2, events=3, user=UNPRIVILEGED_USER)
    data_dir.chmod(0o777)  # the folder stays writable: only the file is protected
    read_only(db)
    before = digest(db)
    listed = cli("sessions", "--json", unprivileged=True)
    assert listed.returncode == 0, listed.stderr
    assert len(__import__("json").loads(listed.stdout)) == 2
    assert cli("export", "1", "--format", "txt", unprivileged=True).returncode == 0
    chat = cli("chat", stdin="39\n", unprivileged=True)
    assert chat.returncode == 1
    line = one_line(chat.stderr)
    assert "is read-only" in line and "--no-store" in line
    deleting = cli("sessions", "delete", "1", "--yes", unprivileged=True)
    assert deleting.returncode == 1 and "is read-only" in one_line(deleting.stderr)
    assert digest(db) == before
    unsaved = cli("chat", "--no-store", stdin="39\n", unprivileged=True)
    assert unsaved.returncode == 0 and "I read: 39" in unsaved.stdout


def test_read_only_folder_can_be_listed_but_not_recorded_into(db: Path, data_dir: Path, cli: Cli) -> None:
    filled(db, sessions=2, events=3, user=UNPRIVILEGED_USER)
    db.chmod(0o666)  # the file is writable, but no -wal or -shm can be made beside it
    read_only(data_dir)
    before = digest(db)
    try:
        listed = cli("sessions", unprivileged=True)
        assert listed.returncode == 0, listed.stderr
        assert len(listed.stdout.strip().splitlines()) == 3  # header and two sessions
        chat = cli("chat", stdin="39\n", unprivileged=True)
        assert chat.returncode == 1
        line = one_line(chat.stderr)
        assert str(db) in line and ("read-only" in line or "cannot open" in line)
        assert digest(db) == before
        resumed = cli("chat", "--resume", "--no-store", stdin="no\n", unprivileged=True)
        assert resumed.returncode == 0, resumed.stderr
        assert "Resumed session" in resumed.stdout and "not saved" in resumed.stdout
    finally:
        data_dir.chmod(0o755)


def test_a_folder_that_cannot_be_created_is_one_line(tmp_path: Path, cli: Cli) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("I am a file, not a folder")
    proc = cli("--data-dir", str(blocker / "data"), "chat", stdin="39\n")
    assert proc.returncode == 1
    assert str(blocker) in one_line(proc.stderr)
    assert blocker.read_text() == "I am a file, not a folder"
    assert os.listdir(tmp_path) == ["file"]


def test_a_log_that_cannot_be_read_is_reported_not_ignored(db: Path, data_dir: Path, cli: Cli) -> None:
    """Turns still in the write-ahead log must not silently vanish from a read-only view."""
    filled(db, sessions=1, events=2, user=UNPRIVILEGED_USER)
    with SessionStore.open(db) as store:  # keep the log: copy the files while a writer holds them
        store.append(1, Event("text", "still in the log"), persona="clinician", grade=None)
        copy = data_dir.parent / "copy"
        copy.mkdir()
        for name in ("sessions.db", "sessions.db-wal"):
            (copy / name).write_bytes((data_dir / name).read_bytes())
    copy.chmod(0o555)
    try:
        shown = cli("--data-dir", str(copy), "sessions", "--json", unprivileged=True)
        if shown.returncode == 0:  # SQLite could read the log after all: then every turn is there
            assert __import__("json").loads(shown.stdout)[0]["turns"] == 3
        else:
            assert shown.returncode == 1 and str(copy / "sessions.db") in one_line(shown.stderr)
    finally:
        copy.chmod(0o755)
