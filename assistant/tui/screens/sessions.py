"""Palette "sessions: open a stored consult": the stored consults, newest first, each with its
label (if any) and the first line typed; "/" filters them by label or first line (as
`sessions --filter` does); Enter reopens one.

Reopening is `crs-assistant --resume N` without leaving the terminal: the screen answers with the
session's number, the app closes, and the command line opens that session where it stopped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from dialogs.safe_text import one_line

if TYPE_CHECKING:
    from assistant.store import SessionRow


def row_label(row: SessionRow, current: int | None) -> Content:
    grade = "no grade yet" if row.last_grade is None else f"last grade {row.last_grade}"
    started = one_line(row.started.replace("T", " ")[:16])  # stored (or imported) text: never raw
    turns = f"{row.turns} turn" + ("" if row.turns == 1 else "s")
    here = "  (this consult)" if row.id == current else ""
    label = ("  ·  ", (one_line(row.label), "bold")) if row.label else ()
    preview = f"  ·  {one_line(row.preview)}" if row.preview else ""
    return Content.assemble((f"#{row.id}", "bold"), f"  {started} UTC  ·  {turns}  ·  {grade}", *label, preview,
                            (here, "italic"))


class SessionsScreen(ModalScreen[int | None]):
    """Pick a stored consult to reopen (Esc: stay in this one)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Back", id="sessions_back", tooltip="Back to this consult"),
        Binding("slash", "filter", "Filter", id="sessions_filter", tooltip="Filter by label or first line"),
    ]

    def __init__(self, rows: Sequence[SessionRow], current: int | None) -> None:
        super().__init__()
        self.rows = list(rows)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="sessions-dialog"):
            yield Static(Content("Stored consults (newest first)"), id="sessions-title")
            yield Input(placeholder="/ filters by label or first line", id="sessions-filter")
            yield OptionList(*self._options(""), id="sessions-list", markup=False)
            yield Static(Content("Enter reopens a consult where it stopped; / filters; Esc goes back to this one."),
                         id="sessions-hint")

    def _options(self, wanted: str) -> list[Option]:
        """The rows `sessions --filter` would keep for `wanted` (all of them for nothing typed)."""
        return [Option(row_label(row, self.current), id=str(row.id), disabled=row.id == self.current)
                for row in self.rows if row.matches(wanted)]

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def action_filter(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Changed, "#sessions-filter")
    def _filtered(self, event: Input.Changed) -> None:
        event.stop()
        listed = self.query_one(OptionList)
        listed.clear_options()
        options = self._options(event.value)
        listed.add_options(options)
        first = next((n for n, option in enumerate(options) if not option.disabled), None)
        listed.highlighted = first  # Enter in the list then reopens the first consult left

    @on(Input.Submitted, "#sessions-filter")
    def _to_list(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(int(event.option.id))
