"""Shared set-up for the UI tests: every app is built by the production factory, with its
settings file in a temporary folder, no cursor blink and a fixed persona unless a test asks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot

from assistant.settings import Settings, save
from assistant.tui.app import CrsApp, make_app
from assistant.tui.widgets.conversation import Conversation
from assistant.tui.widgets.prompt import Prompt

AppFactory = Callable[..., CrsApp]


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "data" / "settings.json"


def no_clock() -> str | None:
    return None


@pytest.fixture
def app_factory(settings_file: Path) -> AppFactory:
    """make_app with an isolated settings file; `persona=None` means a first run. Events carry no
    time unless a test passes `clock` (the episode's timed doses are tested in test_episode_pilot)."""

    def build(*, persona: str | None = "clinician", theme: str = "textual-dark", **kwargs: Any) -> CrsApp:
        kwargs.setdefault("clock", no_clock)
        if persona is not None:
            save(Settings(persona=persona, theme=theme), settings_file)  # type: ignore[arg-type]
        return make_app(settings_path=settings_file, cursor_blink=False, **kwargs)

    return build


Sender = Callable[[Pilot[Any], str], Awaitable[None]]


async def answered(pilot: Pilot[Any], before: int, most: int = 200) -> None:
    """Wait (in event-loop turns, never in time) until the conversation has grown past `before`
    messages: what was sent is shown with its reply, however busy the machine is."""
    conversation = pilot.app.screen.query_one(Conversation)
    for _ in range(most):
        await pilot.pause()
        if conversation.total > before + 1:
            break
    await pilot.pause()


async def _type_and_send(pilot: Pilot[Any], text: str) -> None:
    prompt = pilot.app.screen.query_one(Prompt)
    prompt.focus()
    prompt.insert(text)
    before = pilot.app.screen.query_one(Conversation).total
    await pilot.press("enter")
    await answered(pilot, before)


@pytest.fixture
def send() -> Sender:
    """Put text in the prompt (as a paste would) and press Enter."""
    return _type_and_send


async def _run_command(pilot: Pilot[Any], title: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*title)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()  # an export runs in a worker thread
    await pilot.pause()


@pytest.fixture
def run_command() -> Sender:
    """Open the command palette, type a command's title and run the best match."""
    return _run_command


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    """A data folder with two stored consults: #1 with two answers (last grade 3), #2 with one."""
    from assistant.store import SessionMeta, SessionStore, db_path
    from dialogs.state import Event

    with SessionStore.open(db_path(tmp_path)) as store:
        for n, texts in enumerate((["Tmax 101.8F, levo + vaso, HFNC 40L", "full"], ["39.2"]), start=1):
            meta = store.create(SessionMeta(f"{n:032x}", f"2026-03-14T0{n}:00:00.000Z", "0.1.0", "kb", "clinician"))
            assert meta.id is not None
            for text in texts:
                store.append(meta.id, Event("text", text), persona="clinician", grade=3 if n == 1 else None)
    return tmp_path


class Notices:
    """The notifications an app posts (its `Notify` messages, as the user then sees them in a
    toast): pass it as `app.run_test(message_hook=...)`."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []  # (title, message), oldest first

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify):
            self.shown.append((message.notification.title, message.notification.message))

    @property
    def messages(self) -> list[str]:
        return [text for _, text in self.shown]


@pytest.fixture
def notices() -> Notices:
    return Notices()


def screen_lines(app: Any) -> list[str]:
    """The screen as the user sees it, one string per terminal row (from an SVG screenshot)."""
    import html
    import re

    svg = app.export_screenshot()
    rows: dict[int, dict[int, str]] = {}
    cell = None
    for match in re.finditer(r'<text class="[^"]*-r\d+" x="([\d.]+)" y="[\d.]+" textLength="([\d.]+)" '
                             r'clip-path="url\(#[^)]*-line-(\d+)\)">([^<]*)</text>', svg):
        x, length, row, text = float(match[1]), float(match[2]), int(match[3]), html.unescape(match[4])
        text = text.replace("\xa0", " ")
        if cell is None and text:
            cell = length / len(text)
        rows.setdefault(row, {})[round(x / (cell or 12.2))] = text
    lines = []
    for row in range(max(rows, default=-1) + 1):
        line = ""
        for col, text in sorted(rows.get(row, {}).items()):
            line = line.ljust(col) + text
        lines.append(line)
    return lines
