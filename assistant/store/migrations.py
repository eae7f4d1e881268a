"""Bring a database to the current schema, backing the file up before changing an existing one."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from assistant.store.errors import StoreError
from assistant.store.schema import Migration


def schema_version(conn: sqlite3.Connection) -> int:
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return version


def is_blank(conn: sqlite3.Connection) -> bool:
    """A file with no schema and no tables at all (a zero-length file is one): nothing stored yet."""
    if schema_version(conn) != 0:
        return False
    tables: int = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    return tables == 0


def check_known(conn: sqlite3.Connection, path: Path, migrations: Sequence[Migration]) -> int:
    """The file's schema version, after checking it is ours and not from a newer program.

    The version and the tables are read in one statement, so in one snapshot: read apart, a
    process could see another's new tables after having seen its version still at 0.
    """
    version, tables = conn.execute(
        "SELECT (SELECT user_version FROM pragma_user_version), "
        "(SELECT count(*) FROM sqlite_master WHERE type = 'table')").fetchone()
    latest = migrations[-1].version
    if version > latest:
        raise StoreError(
            f"the session store {path} was written by a newer crs-assistant (schema {version}, this one knows "
            f"up to {latest}); it was left untouched. Upgrade crs-assistant, or use --data-dir"
        )
    if version == 0 and tables:  # our schema sets user_version in the same transaction as its tables
        raise StoreError(
            f"{path} is an SQLite file but not a crs-assistant session store; it was left untouched. "
            "Use --data-dir to choose another folder"
        )
    return int(version)


def backup_path(path: Path, version: int) -> Path:
    """`sessions.db.v1.backup`, or `.v1.backup.2`, ... : never an existing file."""
    candidate = path.with_name(f"{path.name}.v{version}.backup")
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.v{version}.backup.{n}")
        n += 1
    return candidate


def backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """A consistent copy of the database (WAL content included) in a new file beside it."""
    target = backup_path(path, version)
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    return target


def migrate(conn: sqlite3.Connection, path: Path, migrations: Sequence[Migration]) -> Path | None:
    """Apply what is missing, each migration in its own transaction; returns the backup made, if any.

    A brand-new file (version 0, no tables) needs no backup: there is nothing in it to lose.
    """
    version = check_known(conn, path, migrations)
    pending = [m for m in migrations if m.version > version]
    if not pending:
        return None
    made = backup(conn, path, version) if version > 0 else None
    for migration in pending:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(conn) >= migration.version:  # another process got there first
                conn.execute("ROLLBACK")
                continue
            migration.apply(conn)
            conn.execute(f"PRAGMA user_version = {int(migration.version)}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return made
