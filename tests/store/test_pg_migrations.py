"""PostgreSQL keeps its schema version in `crs_schema`; an older store is copied into a backup
schema, then migrated, each step in one transaction; a newer or foreign database is left alone."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from assistant.identity import login_name
from assistant.store import SessionStore, StoreError, postgres
from assistant.store.pg_schema import PG_MIGRATIONS
from assistant.store.schema import Migration
from assistant.store.sessions import event_json
from dialogs.state import Event

LATEST = PG_MIGRATIONS[-1].version


def sql(url: str, statement: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(url, autocommit=True) as conn:
        cur = conn.execute(statement)
        return [tuple(r) for r in cur.fetchall()] if cur.description else []


@pytest.fixture
def v1_pg(pg_url: str) -> str:
    """A genuine version-1 PostgreSQL store holding one session of two events."""
    with SessionStore.open(pg_url, migrations=PG_MIGRATIONS[:1]) as store:
        assert store.backup is None
    sql(pg_url, "INSERT INTO sessions (uid, started, app_version, kb_version, persona, turns, last_grade, updated) "
                f"VALUES ('{'c' * 32}', '2026-03-14T09:00:00.000Z', '0.1.0', 'kb', 'clinician', 2, 3, 'x')")
    for seq, text in enumerate(("39.2", "one pressor"), start=1):
        sql(pg_url, f"INSERT INTO events VALUES (1, {seq}, 'at{seq}', '{event_json(Event('text', text))}')")
    return pg_url


def test_a_new_database_starts_at_the_latest_version_without_backup(pg_url: str) -> None:
    with SessionStore.open(pg_url) as store:
        assert store.backup is None and store.kind == "postgresql"
    assert sql(pg_url, "SELECT version FROM crs_schema") == [(LATEST,)]
    assert not [s for (s,) in sql(pg_url, "SELECT schema_name FROM information_schema.schemata")
                if s.startswith("crs_backup")]


def test_an_old_store_is_copied_aside_then_migrated_keeping_every_event(v1_pg: str) -> None:
    with SessionStore.open(v1_pg, user=login_name()) as store:
        assert store.backup is not None and "crs_backup_v1" in str(store.backup)
        assert [e.event.text for e in store.events(1)] == ["39.2", "one pressor"]
        assert [(r.author, r.turns) for r in store.sessions()] == [(login_name(), 2)]
    assert sql(v1_pg, "SELECT count(*) FROM crs_backup_v1.events") == [(2,)]
    assert sql(v1_pg, "SELECT version FROM crs_schema") == [(LATEST,)]
    with SessionStore.open(v1_pg) as again:
        assert again.backup is None


def test_a_failed_migration_leaves_the_store_as_it_was(pg_url: str) -> None:
    with SessionStore.open(pg_url):
        pass

    def broken(db: Any) -> None:
        db.execute("ALTER TABLE sessions ADD COLUMN half TEXT")
        raise psycopg.OperationalError("disk full")

    with pytest.raises(StoreError, match="disk full"):
        SessionStore.open(pg_url, migrations=(*PG_MIGRATIONS, Migration(LATEST + 1, "breaks", broken)))
    assert sql(pg_url, "SELECT version FROM crs_schema") == [(LATEST,)]
    columns = {c for (c,) in sql(pg_url, "SELECT column_name FROM information_schema.columns "
                                         "WHERE table_name = 'sessions'")}
    assert "half" not in columns and "author" in columns


def test_a_store_from_a_newer_program_is_left_untouched(pg_url: str) -> None:
    with SessionStore.open(pg_url):
        pass
    sql(pg_url, f"UPDATE crs_schema SET version = {LATEST + 5}")
    with pytest.raises(StoreError, match="newer crs-assistant"):
        SessionStore.open(pg_url)
    assert sql(pg_url, "SELECT version FROM crs_schema") == [(LATEST + 5,)]


def test_a_database_with_other_tables_is_not_taken_over(pg_url: str) -> None:
    sql(pg_url, "CREATE TABLE patients (mrn TEXT)")
    with pytest.raises(StoreError, match="not a crs-assistant session store"):
        SessionStore.open(pg_url)
    assert "sessions" not in {t for (t,) in sql(pg_url, "SELECT table_name FROM information_schema.tables "
                                                      "WHERE table_schema = 'public'")}


def test_an_unreachable_server_is_one_line_without_the_password() -> None:
    with pytest.raises(StoreError) as caught:
        SessionStore.open("postgresql://crs:s3cret@127.0.0.1:1/crs", timeout=1)
    message = str(caught.value)
    assert "cannot reach the session store" in message and "s3cret" not in message and "\n" not in message



def test_a_store_seen_half_made_by_another_process_is_opened_not_refused(
        pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Twenty processes create one new store at once. One looks for the version table a moment
    before another commits the schema, then sees the committed tables: it must judge the store
    again under the migration lock, not refuse it as a foreign database."""
    with SessionStore.open(pg_url):
        pass  # the other process's schema, committed
    real, looks = postgres.schema_version, []

    def looked_too_early(db: postgres.PostgresDatabase) -> int:
        looks.append(1)
        return 0 if len(looks) == 1 else real(db)

    monkeypatch.setattr(postgres, "schema_version", looked_too_early)
    with SessionStore.open(pg_url) as store:
        assert store.backup is None
    assert len(looks) > 1
    assert sql(pg_url, "SELECT version FROM crs_schema") == [(LATEST,)]
