"""Sessions that survive crashes: SQLite (WAL), one append-only list of events per session.

    store = SessionStore.open(db_path(args.data_dir))      # to record; SessionStore.open_existing to look
    meta = store.create(SessionMeta(...)); store.append(meta.id, event, persona=..., grade=...)

Front ends use `assistant.store.consult` (start / on_event), which wraps all of this.
"""

from __future__ import annotations

from assistant.store.errors import SessionNotFound, StoreError
from assistant.store.location import data_dir, db_path
from assistant.store.records import LoggedEvent, SessionMeta, SessionRow, utc_now
from assistant.store.sessions import SessionStore

__all__ = [
    "LoggedEvent",
    "SessionMeta",
    "SessionNotFound",
    "SessionRow",
    "SessionStore",
    "StoreError",
    "data_dir",
    "db_path",
    "utc_now",
]
