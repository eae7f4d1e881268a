"""What the store keeps about a session: its metadata, its events, and a listing row.

Plain data, no SQLite: export and the front ends use these without opening a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # listing sessions should not pay for importing the dialog layer
    from dialogs.state import Event


def utc_now() -> str:
    """The current time as ISO 8601 UTC with milliseconds, e.g. '2026-11-24T06:17:26.123Z'."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class SessionMeta:
    """A session's metadata. `uid` travels with exports; `id` is this store's short handle."""

    uid: str
    started: str  # ISO 8601 UTC
    app_version: str  # assistant.__version__ when the session started
    kb_version: str  # knowledge-base version when the session started
    persona: str  # the persona as of the latest event ("clinician" or "trainee")
    id: int | None = None
    author: str = ""  # who started it (login name, or the ward proxy's user); "" if unknown
    shared: bool = False  # shared with the ward: every user of the store may see and reopen it


@dataclass(frozen=True)
class LoggedEvent:
    """One stored event and when it was committed (ISO 8601 UTC)."""

    event: Event
    at: str
    author: str = ""  # who entered it


@dataclass(frozen=True)
class SessionRow:
    """One line of `crs-assistant sessions`."""

    id: int
    started: str
    turns: int
    last_grade: int | None
    author: str = ""
    shared: bool = False
    label: str = ""  # the consult's local label ("bed 12"), "" when none
    closed: str | None = None  # when `restart` closed it (ISO 8601 UTC)
    preview: str = ""  # the first line of the first text typed

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "started": self.started, "turns": self.turns, "last_grade": self.last_grade,
                "author": self.author, "shared": self.shared, "label": self.label, "closed": self.closed,
                "preview": self.preview}

    def matches(self, words: str) -> bool:
        """`sessions --filter`: the words appear (any case) in the label or the preview."""
        wanted = words.casefold().strip()
        return wanted in self.label.casefold() or wanted in self.preview.casefold()
