"""The yardstick for `tui_frame.py`: a minimal Textual chat, an anchored scroll of Statics.

Each turn mounts the typed line and a three-line reply (two Statics), as plain Textual would.
Nothing is folded away, cached or deferred: it is what a turn costs without our work on it.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

REPLY = "I read: 101.8 F = 38.78 C; one vasopressor; high-flow oxygen.\n\nASTCT grade so far: 3."


class MinimalChat(App[None]):
    CSS = "VerticalScroll { height: 1fr; } Static { margin: 1 0 0 0; }"

    def compose(self) -> ComposeResult:
        yield VerticalScroll(id="chat")
        yield Input(placeholder="Type here")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).anchor()

    async def turn(self, text: str) -> None:
        chat = self.query_one(VerticalScroll)
        with self.batch_update():
            await chat.mount_all([Static(text, markup=False), Static(REPLY, markup=False)])


if __name__ == "__main__":
    MinimalChat().run()
