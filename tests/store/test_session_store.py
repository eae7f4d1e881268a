"""The store keeps each session as metadata plus an append-only list of committed events."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from assistant.identity import login_name
from assistant.store import SessionMeta, SessionNotFound, SessionStore, data_dir, db_path
from assistant.store.pg_schema import PG_MIGRATIONS
from assistant.store.schema import MIGRATIONS
from dialogs.state import Event

from .conftest import Raw


def new_meta(n: int = 0, started: str = "2026-03-14T09:00:00.000Z") -> SessionMeta:
    return SessionMeta(f"{n:032x}", started, "0.1.0", "kb-1", "clinician")


def test_events_come_back_in_order_with_their_times(store: SessionStore) -> None:
    meta = store.create(new_meta())
    assert meta.id is not None
    said = [Event("text", "39.2"), Event("persona", "trainee"), Event("text", "one pressor")]
    for n, event in enumerate(said):
        assert store.append(meta.id, event, persona="trainee" if n else "clinician", grade=n or None) == n + 1
    logged = store.events(meta.id)
    assert [e.event for e in logged] == said
    assert [e.at for e in logged] == sorted(e.at for e in logged) and len({e.at for e in logged}) == 3
    row = store.row(meta.id)
    assert (row.turns, row.last_grade) == (3, 2)
    assert store.meta(meta.id).persona == "trainee"  # as of the latest event
    assert store.meta(meta.id).uid == meta.uid


def test_listing_is_newest_first_with_turns_and_last_grade(store: SessionStore) -> None:
    older = store.create(new_meta(1, "2026-03-14T08:00:00.000Z"))
    newer = store.create(new_meta(2, "2026-03-14T10:00:00.000Z"))
    same_time = store.create(new_meta(3, "2026-03-14T10:00:00.000Z"))
    assert older.id and newer.id and same_time.id
    store.append(older.id, Event("text", "x"), persona="clinician", grade=3)
    rows = store.sessions()
    assert [r.id for r in rows] == [same_time.id, newer.id, older.id]
    assert rows[-1].to_json() == {"id": older.id, "started": "2026-03-14T08:00:00.000Z", "turns": 1,
                                  "last_grade": 3, "author": login_name(), "shared": False, "label": "",
                                  "closed": None, "preview": "x"}
    assert store.newest() == same_time.id


def test_events_cannot_be_rewritten(store: SessionStore, raw: Raw) -> None:
    meta = store.create(new_meta())
    assert meta.id is not None
    store.append(meta.id, Event("text", "39.2"), persona="clinician", grade=None)
    with pytest.raises(Exception, match="append-only"):  # sqlite3.IntegrityError, psycopg.errors.RaiseException
        raw("UPDATE events SET event = '{}'")
    assert store.events(meta.id)[0].event == Event("text", "39.2")


def test_delete_removes_the_session_and_its_events(store: SessionStore, raw: Raw) -> None:
    keep, drop = store.create(new_meta(1)), store.create(new_meta(2))
    assert keep.id and drop.id
    for s in (keep, drop):
        assert s.id
        store.append(s.id, Event("text", f"secret {s.id}"), persona="clinician", grade=None)
    store.delete(drop.id)
    assert [r.id for r in store.sessions()] == [keep.id]
    with pytest.raises(SessionNotFound):
        store.events(drop.id)
    with pytest.raises(SessionNotFound):
        store.delete(drop.id)
    assert raw("SELECT count(*) FROM events") == [(1,)]


def test_unknown_session_is_reported_not_invented(store: SessionStore) -> None:
    with pytest.raises(SessionNotFound, match="no session 42"):
        store.meta(42)
    with pytest.raises(SessionNotFound):
        store.append(42, Event("text", "x"), persona="clinician", grade=None)


def test_file_is_wal_with_a_schema_version(store: SessionStore, backend: str, db: Path) -> None:
    if backend != "sqlite":
        assert store.query("SELECT version FROM crs_schema") == [(PG_MIGRATIONS[-1].version,)]
        return
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == MIGRATIONS[-1].version


def test_every_character_survives_storage(store: SessionStore) -> None:
    meta = store.create(new_meta())
    assert meta.id
    odd = "NUL\x00 ESC\x1b[31m \u202e lone surrogate \udce9 emoji \U0001f600 \u2028"
    store.append(meta.id, Event("text", odd), persona="clinician", grade=None)
    assert store.events(meta.id)[0].event.text == odd


def test_reading_a_missing_store_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "sessions.db"
    assert SessionStore.open_existing(path) is None
    assert not path.parent.exists()


def test_data_dir_flag_wins_over_environment_which_wins_over_platform(monkeypatch: pytest.MonkeyPatch,
                                                                      tmp_path: Path) -> None:
    from platformdirs import user_data_dir

    monkeypatch.setenv("CRS_ASSISTANT_DATA", str(tmp_path / "env"))
    assert data_dir(str(tmp_path / "flag")) == tmp_path / "flag"
    assert db_path(None) == tmp_path / "env" / "sessions.db"
    monkeypatch.delenv("CRS_ASSISTANT_DATA")
    assert data_dir(None) == Path(user_data_dir("crs-assistant", appauthor=False))


def test_deleted_text_does_not_linger_in_the_files(store: SessionStore, backend: str, db: Path) -> None:
    if backend != "sqlite":
        pytest.skip("about the SQLite file's free pages; PostgreSQL's files belong to its server")
    secret = "Jane Doe MRN 12345678"
    meta = store.create(new_meta())
    assert meta.id
    for n in range(30):
        store.append(meta.id, Event("text", f"{secret} turn {n}"), persona="clinician", grade=None)
    store.delete(meta.id)
    on_disk = b"".join(p.read_bytes() for p in db.parent.iterdir())
    assert secret.encode() not in on_disk


def test_typed_is_what_the_user_typed_newest_first_each_once(store: SessionStore) -> None:
    """The prompt's history across runs: text events only (not persona switches), newest first,
    a text typed twice listed once, at most `limit`."""
    first = store.create(new_meta(1, "2026-03-14T08:00:00.000Z"))
    second = store.create(new_meta(2, "2026-03-14T09:00:00.000Z"))
    assert first.id and second.id
    for text in ("39.2", "one pressor", "39.2"):
        store.append(first.id, Event("text", text), persona="clinician", grade=None)
    store.append(second.id, Event("persona", "trainee"), persona="trainee", grade=None)
    store.append(second.id, Event("text", "/why"), persona="trainee", grade=None)
    assert store.typed(10) == ["/why", "39.2", "one pressor"]
    assert store.typed(2) == ["/why", "39.2"]
