"""One store interface, two backends: a local SQLite file (the default) or a shared PostgreSQL.

`SessionStore` (sessions.py) writes its SQL once, with `?` placeholders, against a `Database`:

    db.execute(sql, params) -> Cursor      # fetchone / fetchall / rowcount
    with db.writing():                     # one committed transaction (per turn)
    with db.translated():                  # driver and OS errors -> StoreError, one line

`open_database(target, ...)` picks the backend: a `Path` is an SQLite file, a `postgresql://`
URL (from `--store` or `CRS_ASSISTANT_STORE`) is PostgreSQL through psycopg 3.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

STORE_ENV = "CRS_ASSISTANT_STORE"
_URL = re.compile(r"^postgres(?:ql)?://", re.IGNORECASE)


class Cursor(Protocol):
    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class Database(Protocol):
    """An open connection to one store, whatever the backend."""

    label: str  # how messages name the store (a path, or a URL without its password)
    kind: str  # "sqlite" or "postgresql"

    def execute(self, sql: str, params: Sequence[object] = ()) -> Cursor: ...

    def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None: ...

    def writing(self) -> AbstractContextManager[Database]: ...

    def translated(self) -> AbstractContextManager[None]: ...

    def after_delete(self) -> None: ...

    def reconnect(self) -> bool: ...

    def close(self) -> None: ...


StoreTarget = Path | str  # a SQLite file, or a postgresql:// URL


def is_postgres(target: StoreTarget) -> bool:
    return isinstance(target, str) and bool(_URL.match(target))


def redact(url: str) -> str:
    """The URL without its password, for messages and listings."""
    return re.sub(r"(://[^/:@]*):[^/@]*@", r"\1:***@", url)


def describe_target(target: StoreTarget) -> str:
    return redact(target) if isinstance(target, str) else str(target)
