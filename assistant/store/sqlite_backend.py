"""The SQLite backend: one local file (WAL, full sync), the default store.

Opening, pragmas and read-only fallbacks are in connection.py; schema versions and backups in
migrations.py. This module only adapts them to the `Database` interface (backend.py).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from assistant.store.backend import Cursor
from assistant.store.connection import open_readable, open_writable, prepare_for_writing
from assistant.store.errors import StoreError, translated
from assistant.store.migrations import check_known, is_blank, migrate
from assistant.store.schema import Migration


class SQLiteDatabase:
    kind = "sqlite"

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self.label = str(path)

    def execute(self, sql: str, params: Sequence[object] = ()) -> Cursor:
        return self.conn.execute(sql, tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        self.conn.executemany(sql, (tuple(r) for r in rows))

    @contextmanager
    def writing(self) -> Iterator[SQLiteDatabase]:
        """One write transaction, taken up front so that a lock shows at once, not mid-way."""
        with translated(self.path):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    def translated(self) -> AbstractContextManager[None]:
        return translated(self.path)

    def after_delete(self) -> None:
        with contextlib.suppress(sqlite3.Error):  # best effort: copy the zeroed pages out of the log now
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def reconnect(self) -> bool:
        return False  # a local file does not drop its connection

    def close(self) -> None:
        self.conn.close()


def refuse_dangling_link(path: Path) -> None:
    """A `sessions.db` that is a symbolic link to nothing: SQLite would create a file wherever it points."""
    if path.is_symlink() and not path.exists():
        raise StoreError(f"the session store {path} is a symbolic link to {os.readlink(path)}, which does not "
                         "exist; nothing was created. Remove the link or use --data-dir")


def open_for_writing(path: Path, migrations: Sequence[Migration], timeout: float) -> tuple[SQLiteDatabase, Path | None]:
    """Open (creating the folder and file if missing) and migrate; returns the backup made, if any."""
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
    return SQLiteDatabase(conn, path), made


def open_for_reading(path: Path, migrations: Sequence[Migration],
                     timeout: float) -> tuple[SQLiteDatabase, Path | None] | None:
    """Open an existing file (read-only files and folders too); None when there is no file yet."""
    with translated(path):
        refuse_dangling_link(path)
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
    return SQLiteDatabase(conn, path), made
