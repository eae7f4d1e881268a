"""The PostgreSQL backend (psycopg 3): a shared store for a ward, same schema and rules as SQLite.

    --store postgresql://crs@db.example/crs     or   CRS_ASSISTANT_STORE=postgresql://...

Each write is one transaction committed before the caller goes on (per turn, as with SQLite);
events are append-only (a trigger refuses updates); the schema version is the one row of
`crs_schema`, and migrations run under an advisory lock, after copying every table into a
backup schema (`crs_backup_v2`, `crs_backup_v2_2`, ...) when an existing store is upgraded.
A dropped connection (the server restarted) is re-opened; `SessionStore.append` then checks
whether the turn in flight was committed before trying it again, so a turn is never lost or doubled.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from assistant.store.backend import Cursor, redact
from assistant.store.errors import StoreError
from assistant.store.schema import Migration

RECONNECT_FOR = 15.0  # seconds to keep trying when the server went away (e.g. it is restarting)
ADVISORY_LOCK = 0x435253  # "CRS": one migrating process at a time


class Reconnected(StoreError):
    """The connection dropped during a write and was re-opened: whether it committed is unknown."""


def _psycopg() -> Any:
    try:
        import psycopg
    except ModuleNotFoundError as exc:  # pragma: no cover - psycopg is a dependency
        raise StoreError("a postgresql:// store needs psycopg 3 (pip install 'psycopg[binary]')") from exc
    return psycopg


def describe(label: str, exc: BaseException) -> str:
    """One line naming the store (no password), what is wrong and what to do."""
    detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    lowered = detail.lower()
    if "permission denied" in lowered or "read-only" in lowered:
        return (f"the session store {label} refuses this change ({detail}); nothing was changed. "
                "Ask the database owner for write access, or use --no-store")
    if "lock timeout" in lowered or "could not obtain lock" in lowered:
        return f"the session store {label} is busy ({detail}); nothing was changed. Try again"
    if "connect" in lowered or "server closed" in lowered or "terminat" in lowered or "timeout" in lowered:
        return (f"cannot reach the session store {label} ({detail}); nothing more was saved. Check that the "
                "PostgreSQL server is running, or use --no-store")
    return f"the session store {label} failed ({detail}); nothing was deleted"


class PostgresDatabase:
    kind = "postgresql"

    def __init__(self, url: str, timeout: float) -> None:
        self.url = url
        self.label = redact(url)
        self.timeout = timeout
        self.conn: Any = None
        self._in_write = False
        with self.translated():
            self.conn = self._connect()

    def _connect(self) -> Any:
        psycopg = _psycopg()
        conn = psycopg.connect(self.url, autocommit=True, connect_timeout=max(1, int(self.timeout)),
                               application_name="crs-assistant")
        conn.execute(f"SET lock_timeout = {int(self.timeout * 1000)}")
        return conn

    @staticmethod
    def _sql(sql: str) -> str:
        return sql.replace("?", "%s")  # the store's SQL has no literal question marks

    def _lost(self, exc: BaseException) -> bool:
        psycopg = _psycopg()
        return isinstance(exc, psycopg.OperationalError) and (self.conn is None or self.conn.closed
                                                               or self.conn.broken)

    def reconnect(self) -> bool:
        """Re-open a dropped connection, trying for RECONNECT_FOR seconds; False if it cannot."""
        psycopg = _psycopg()
        deadline = time.monotonic() + RECONNECT_FOR
        delay = 0.05
        while True:
            try:
                if self.conn is not None:
                    self.conn.close()
                self.conn = self._connect()
                return True
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    return False
                time.sleep(delay)  # the server is restarting: back off, then try again
                delay = min(delay * 2, 1.0)

    def execute(self, sql: str, params: Sequence[object] = ()) -> Cursor:
        query = self._sql(sql)
        args = tuple(params) or None
        try:
            return self.conn.execute(query, args)  # type: ignore[no-any-return]
        except Exception as exc:
            if self._in_write or not self._lost(exc) or not self.reconnect():
                raise
            return self.conn.execute(query, args)  # type: ignore[no-any-return]  # a read: once more

    def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        with self.conn.cursor() as cur:
            cur.executemany(self._sql(sql), [tuple(r) for r in rows])

    @contextmanager
    def writing(self) -> Iterator[PostgresDatabase]:
        """One transaction, committed on leaving; Reconnected if the connection dropped meanwhile."""
        with self.translated():
            try:
                self._in_write = True
                with self.conn.transaction():
                    yield self
            except Exception as exc:
                if self._lost(exc) and self.reconnect():
                    raise Reconnected(describe(self.label, exc)) from exc
                raise
            finally:
                self._in_write = False

    @contextmanager
    def _translating(self) -> Iterator[None]:
        psycopg = _psycopg()
        try:
            yield
        except StoreError:
            raise
        except (psycopg.Error, OSError) as exc:
            raise StoreError(describe(self.label, exc)) from exc

    def translated(self) -> AbstractContextManager[None]:
        return self._translating()

    def after_delete(self) -> None:
        pass  # deleted rows are reclaimed by autovacuum; they are not readable through SQL

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


# --- schema versions --------------------------------------------------------------------------

def _tables(db: PostgresDatabase, schema: str | None = None) -> list[str]:
    rows = db.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                      + ("current_schema()" if schema is None else "?") + " ORDER BY table_name",
                      () if schema is None else (schema,)).fetchall()
    return [r[0] for r in rows]


def schema_version(db: PostgresDatabase) -> int:
    if "crs_schema" not in _tables(db):
        return 0
    row = db.execute("SELECT version FROM crs_schema").fetchone()
    return 0 if row is None else int(row[0])


def check_known(db: PostgresDatabase, migrations: Sequence[Migration]) -> int:
    version = schema_version(db)
    latest = migrations[-1].version
    if version > latest:
        raise StoreError(f"the session store {db.label} was written by a newer crs-assistant (schema {version}, "
                         f"this one knows up to {latest}); it was left untouched. Upgrade crs-assistant")
    if version == 0 and _tables(db):
        raise StoreError(f"the database {db.label} holds tables but is not a crs-assistant session store; it was "
                         "left untouched. Give crs-assistant its own database (or schema)")
    return version


def migrate(db: PostgresDatabase, migrations: Sequence[Migration]) -> str | None:
    """Apply what is missing, each migration in its own transaction under an advisory lock.

    The store is judged (ours, foreign, newer) only under the lock: a process that looks while
    another is creating the schema would otherwise see its tables before its version row.
    """
    latest = migrations[-1].version
    if schema_version(db) == latest:
        return None
    made, found = None, None
    for migration in migrations:
        with db.writing():
            db.execute("SELECT pg_advisory_xact_lock(?)", (ADVISORY_LOCK,))
            current = check_known(db, migrations)
            found = current if found is None else found
            if current >= migration.version:  # already there, or another process got there first
                continue
            if found > 0 and made is None:  # a brand-new store has nothing to back up
                made = backup_in_transaction(db, current)
            migration.apply(db)
            db.execute("DELETE FROM crs_schema")
            db.execute("INSERT INTO crs_schema (version) VALUES (?)", (migration.version,))
    return made


def backup_in_transaction(db: PostgresDatabase, version: int) -> str:
    existing = {r[0] for r in db.execute("SELECT schema_name FROM information_schema.schemata").fetchall()}
    name, n = f"crs_backup_v{version}", 2
    while name in existing:
        name, n = f"crs_backup_v{version}_{n}", n + 1
    db.execute(f'CREATE SCHEMA "{name}"')
    for table in _tables(db):
        db.execute(f'CREATE TABLE "{name}"."{table}" AS TABLE "{table}"')
    return f"schema {name} of {db.label}"


def open_database(url: str, migrations: Sequence[Migration], timeout: float) -> tuple[PostgresDatabase, str | None]:
    db = PostgresDatabase(url, timeout)
    try:
        with db.translated():
            made = migrate(db, migrations)
    except BaseException:
        db.close()
        raise
    return db, made
