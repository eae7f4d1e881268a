"""F1: the keys (with their binding ids, for rebinding in settings.json) and the consult commands."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Markdown

from assistant.tui.widgets.markdown_text import escape
from dialogs.commands import HELP as COMMANDS_HELP


def binding_rows(owners: Iterable[type[DOMNode]]) -> list[tuple[str, str, str, str]]:
    """(where, keys, description, id) for every binding that has an id."""
    rows: list[tuple[str, str, str, str]] = []
    for owner in owners:
        where = getattr(owner, "BINDING_GROUP_TITLE", None) or owner.__name__
        for binding in owner.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.id:
                rows.append((where, binding.key, binding.tooltip or binding.description, binding.id))
    return rows


def help_markdown(owners: Iterable[type[DOMNode]], keymap: dict[str, str]) -> str:
    lines = ["# Help", "", "## Keys", "", "| where | keys | what | id |", "| --- | --- | --- | --- |"]
    for where, keys, what, binding_id in binding_rows(owners):
        shown = keymap.get(binding_id, keys)
        lines.append(f"| {escape(where)} | `{shown}` | {escape(what)} | `{binding_id}` |")
    lines += [
        "",
        'Rebind a key by its id in `settings.json` in the data folder, e.g. `"keymap": {"toggle_case": "f2"}`.',
        "",
        "## Consult commands",
        "",
        "```text",
        COMMANDS_HELP,
        "```",
    ]
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "dismiss", "Close", id="help_close", tooltip="Close help"),
    ]

    def __init__(self, markdown: str) -> None:
        super().__init__()
        self._markdown = markdown

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Markdown(self._markdown, open_links=False)

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()
