"""The terminal UI's window on the session store: this consult's number, the stored consults,
and what was typed in them (the prompt's history across runs).

The app sees only the `SessionAccess` protocol (declared by the consult service, which holds
it); `StoredSessions` opens the store for each call
and closes it again, and is first used after start-up (the store loads the engine), so nothing
here costs start-up time. With --no-store there is no access at all: nothing is remembered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from assistant.consult_service import SessionAccess

if TYPE_CHECKING:
    from assistant.store import SessionRow, SessionStore

__all__ = ["SessionAccess", "StoredSessions"]


class StoredSessions:
    """`SessionAccess` over the store in `data_dir` (raises StoreError with a one-line message)."""

    def __init__(self, data_dir: str | None, current: Callable[[], int | None]) -> None:
        self.data_dir = data_dir
        self._current = current

    def _open(self) -> SessionStore | None:
        from assistant.store import SessionStore, store_target
        from assistant.store.consult import consult_user

        return SessionStore.open_existing(store_target(self.data_dir), user=consult_user())

    def current(self) -> int | None:
        return self._current()

    def stored(self) -> list[SessionRow]:
        store = self._open()
        if store is None:
            return []
        try:
            return store.sessions()
        finally:
            store.close()

    def typed(self, limit: int) -> list[str]:
        store = self._open()
        if store is None:
            return []
        try:
            return store.typed(limit)
        finally:
            store.close()

    def export(self, fmt: str, session_id: int | None = None) -> str | None:
        from assistant.cli.commands.export import stored_export

        current = self._current() if session_id is None else session_id
        store = self._open() if current is not None else None
        if store is None or current is None:
            return None
        try:
            return stored_export(store, current, fmt)
        finally:
            store.close()

    def set_label(self, label: str) -> str | None:
        current = self._current()
        store = self._open() if current is not None else None
        if store is None or current is None:
            return None
        try:
            return store.set_label(current, label)
        finally:
            store.close()
