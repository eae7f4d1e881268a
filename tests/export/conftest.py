"""Export fixtures: a scripted consult with fixed times, and one golden-file extension per format."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from assistant import __version__
from assistant.store.records import LoggedEvent, SessionMeta
from dialogs.engine import default_consult
from dialogs.state import Event, EventKind

# A consult that exercises every kind of turn: free text that seeds several answers, a follow-up
# question mid-form, quick replies, units, the plan, a persona switch, a correction after the plan
# (the plan is recomputed) and a command.
SCRIPT: tuple[tuple[EventKind, str], ...] = (
    ("text", "Tmax 101.8F, levo + vaso, HFNC 40L"),
    ("text", "what dose of anakinra?"),
    ("text", "Low dose only"),
    ("text", "1"),
    ("text", "No"),
    ("text", "not improving"),
    ("text", "154 lb"),
    ("text", "no"),
    ("text", "no"),
    ("text", "unknown"),
    ("persona", "trainee"),
    ("text", "actually she is on 4 L nasal cannula"),
    ("text", "refs"),
)
UID = "0123456789abcdef0123456789abcdef"
STARTED = "2026-03-14T09:26:53.000Z"


def at(second: int) -> str:
    return f"2026-03-14T09:{27 + second // 60:02d}:{second % 60:02d}.000Z"


def scripted(script: tuple[tuple[EventKind, str], ...] = SCRIPT,
             kb_version: str | None = None) -> tuple[list[LoggedEvent], SessionMeta]:
    """The script as stored events, 7 s apart from a fixed start: no wall clock anywhere."""
    events = [LoggedEvent(Event(kind, text), at(7 * n)) for n, (kind, text) in enumerate(script)]
    kb = kb_version or default_consult().kb.version
    return events, SessionMeta(UID, STARTED, __version__, kb, "trainee")


@pytest.fixture
def consult_session() -> tuple[list[LoggedEvent], SessionMeta]:
    return scripted()


def normalised(text: str) -> str:
    """Golden files name no particular knowledge-base build or app version (content still shows)."""
    return (text.replace(default_consult().kb.version, "KB-VERSION")
            .replace(f"crs-assistant {__version__}", "crs-assistant APP-VERSION")
            .replace(f'"app_version": "{__version__}"', '"app_version": "APP-VERSION"'))


@pytest.fixture
def normalise() -> Callable[[str], str]:
    return normalised


@pytest.fixture
def make_session() -> Callable[..., tuple[list[LoggedEvent], SessionMeta]]:
    """`make_session(script, kb_version=None)`: any script as stored events with fixed times."""
    return scripted


class _TextGolden(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT


class MarkdownGolden(_TextGolden):
    _file_extension = "md"


class HtmlGolden(_TextGolden):
    _file_extension = "html"


class JsonGolden(_TextGolden):
    _file_extension = "json"


class NoteGolden(_TextGolden):
    _file_extension = "txt"


GOLDENS = {"md": MarkdownGolden, "html": HtmlGolden, "json": JsonGolden, "txt": NoteGolden}


@pytest.fixture
def golden(snapshot: SnapshotAssertion) -> dict[str, SnapshotAssertion]:
    return {fmt: snapshot.use_extension(ext) for fmt, ext in GOLDENS.items()}
