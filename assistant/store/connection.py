"""Opening the SQLite file: read-write (WAL, full sync) for recording, or read-only for looking.

A missing file is created only when writing. An existing file is never deleted or recreated:
errors become one-line messages (see errors.py).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

DEFAULT_TIMEOUT = 3.0  # seconds to wait for another writer before reporting the store as locked


def _uri(path: Path, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{path.absolute().as_uri()}?{query}"


def _connect(uri: str, timeout: float) -> sqlite3.Connection:
    # isolation_level=None: we issue BEGIN IMMEDIATE / COMMIT ourselves
    return sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)


def open_writable(path: Path, timeout: float = DEFAULT_TIMEOUT) -> sqlite3.Connection:
    """Open (creating if missing) for recording. Nothing is written yet: check the file is ours,
    then call `prepare_for_writing`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = _connect(_uri(path, mode="rwc"), timeout)
    try:
        conn.execute("PRAGMA user_version").fetchone()  # fails here if the file is not a database
    except BaseException:
        conn.close()
        raise
    return conn


def prepare_for_writing(conn: sqlite3.Connection) -> None:
    """WAL (set once, kept in the file), synchronous=FULL, foreign keys, secure delete."""
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    if str(mode).lower() != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    _session_pragmas(conn)


def _session_pragmas(conn: sqlite3.Connection) -> None:
    """Settings of this connection only (the file is not touched)."""
    # FULL: a committed turn survives a power cut too, not only a killed process
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")  # a deleted session's text does not linger in free pages


def open_readable(path: Path, timeout: float = DEFAULT_TIMEOUT) -> sqlite3.Connection:
    """Open an existing file for reading; falls back to read-only modes when it cannot be written."""
    last: sqlite3.Error | None = None
    attempts: list[dict[str, str]] = [{"mode": "rw"}, {"mode": "ro"}]
    wal = path.with_name(path.name + "-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        # immutable ignores a -wal file, so it is used only when there is none to ignore
        attempts.append({"mode": "ro", "immutable": "1"})
    for params in attempts:
        try:
            conn = _connect(_uri(path, **params), timeout)
        except sqlite3.OperationalError as exc:
            last = exc
            continue
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            _session_pragmas(conn)
            return conn
        except sqlite3.OperationalError as exc:
            conn.close()
            if "locked" in str(exc).lower() or "busy" in str(exc).lower():
                raise
            last = exc
        except BaseException:
            conn.close()
            raise
    assert last is not None
    raise last
