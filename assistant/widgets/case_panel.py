"""Side panel "Case so far": each slot as understood, the ASTCT grade, steroid stance, doses.

Pure view: the screen passes the engine's state values and its assessment; a row, when
chosen (Enter or click), posts `CasePanel.ChangeSlot`, which the screen sends as `/change <slot>`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.events import Click
from textual.message import Message
from textual.widgets import Static

from dialogs.safe_text import inert

if TYPE_CHECKING:  # the engine's modules load in the background at startup: import them lazily
    from knowledge.assessment import Assessment
    from knowledge.models import Scalar


def update_if_changed(widget: Static, content: Content) -> None:
    """Static.update always lays the screen out again; skip it when nothing changed."""
    if widget.content != content:
        widget.update(content)


def grade_class(result: Assessment) -> str:
    g = result.grading
    return f"-grade-{g.grade}" if g.grade is not None else f"-grade-{g.status}"


class SlotRow(Static, can_focus=True):
    """One slot: its label, and what the assistant understood. Enter changes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "change", "Change", id="case_change_slot", tooltip="Answer this question again"),
    ]

    def __init__(self, slot: str) -> None:
        super().__init__("", markup=False, classes="slot-row")
        self.slot = slot

    def show(self, value: str, *, answered: bool) -> None:
        from dialogs.phrasing import LABELS

        self.set_class(not answered, "-unanswered")
        update_if_changed(self, Content.assemble((LABELS.get(self.slot, self.slot), "bold"), ": ", inert(value)))

    def action_change(self) -> None:
        self.post_message(CasePanel.ChangeSlot(self.slot))

    def on_click(self, event: Click) -> None:
        event.stop()
        self.action_change()


class CasePanel(VerticalScroll, can_focus=False):
    HELP = """\
## Case so far

What the assistant understood, slot by slot, the ASTCT grade as soon as it can be computed,
the steroid stance and the computed doses. Focus a slot and press **Enter** (or click it) to
answer that question again: this sends `/change <slot>`.
"""

    @dataclass
    class ChangeSlot(Message):
        slot: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.slots: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static(Content("Case so far"), id="case-title")
        yield Static(Content("Loading the knowledge base..."), id="case-grade")
        yield Static("", id="case-steroids", markup=False)
        yield Static("", id="case-doses", markup=False)

    async def show(
        self, slots: Sequence[str], values: Mapping[str, Scalar], unknown: frozenset[str], result: Assessment
    ) -> None:
        from dialogs.phrasing import STEROID_WORDS, value_words
        from dialogs.render import grade_headline

        if tuple(slots) != self.slots:
            self.slots = tuple(slots)
            await self.query(SlotRow).remove()
            await self.mount_all((SlotRow(slot) for slot in self.slots), before="#case-steroids")
        grade = self.query_one("#case-grade", Static)
        update_if_changed(grade, Content(inert(grade_headline(result))))
        grade.set_classes(f"case-grade {grade_class(result)}")
        for row in self.query(SlotRow):
            if row.slot in values:
                row.show(value_words(row.slot, values[row.slot]), answered=True)
            else:
                row.show("unknown" if row.slot in unknown else "not yet answered", answered=False)
        stance = values.get("steroids")
        if stance is not None:
            steroids = STEROID_WORDS.get(str(stance), str(stance))
        elif "steroids" in result.plan.assumed:
            assumed = result.plan.assumed["steroids"]
            steroids = f"not yet known; the plan assumes {STEROID_WORDS.get(str(assumed), str(assumed))}"
        else:
            steroids = "not yet known"
        update_if_changed(self.query_one("#case-steroids", Static),
                          Content.assemble(("Steroid stance", "bold"), "\n  ", inert(steroids)))
        doses = [f"{item.label}: {item.dose}" for item in result.plan.items if item.dose]
        update_if_changed(self.query_one("#case-doses", Static), Content.assemble(
            ("Doses", "bold"), *(("\n  " + inert(d)) for d in doses or ["none computed yet"])))
