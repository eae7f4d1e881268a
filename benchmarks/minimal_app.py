"""The yardstick for `tui_startup.py`: a minimal Textual app showing one Static and one Input."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input, Static


class MinimalApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("What is the highest temperature in the last 24 hours?")
        yield Input(placeholder="Type here")


if __name__ == "__main__":
    MinimalApp().run()
