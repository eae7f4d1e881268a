"""What a served tab shows instead of a consult when it has no authenticated user."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static


class Refusal(App[int]):
    CSS = "Static { margin: 1 2; color: $error; text-style: bold; }"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q,ctrl+q,escape", "quit", "Close")]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        yield Static(f"crs-assistant: {self.message}.", markup=False, id="refusal")

    async def action_quit(self) -> None:
        self.exit(2, return_code=2)


def refuse(message: str) -> int:
    result = Refusal(message).run()
    return result if isinstance(result, int) else 2
