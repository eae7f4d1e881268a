"""Sessions that survive crashes: one append-only list of events per session, in an SQLite file
(WAL; the default) or a shared PostgreSQL database (`--store postgresql://...`).

    store = SessionStore.open(store_target(args.data_dir), user=current_user())   # open_existing to look
    meta = store.create(SessionMeta(...)); store.append(meta.id, event, persona=..., grade=...)

Front ends use `assistant.store.consult` (start / on_event), which wraps all of this.
"""

from __future__ import annotations

from assistant.store.errors import SessionNotFound, StoreError
from assistant.store.location import data_dir, db_path, store_target
from assistant.store.records import LoggedEvent, SessionMeta, SessionRow, utc_now
from assistant.store.sessions import NotYours, SessionStore

__all__ = [
    "LoggedEvent",
    "NotYours",
    "SessionMeta",
    "SessionNotFound",
    "SessionRow",
    "SessionStore",
    "StoreError",
    "data_dir",
    "db_path",
    "store_target",
    "utc_now",
]
