"""Side panel "Case so far": each slot as understood, the ASTCT grade, steroid stance, doses.

Pure view: the screen passes the engine's state values and its assessment; a row, when
chosen (Enter or click), posts `CasePanel.ChangeSlot`, which the screen sends as `/change <slot>`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content, Span
from textual.events import Click
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual
from textual.widget import Widget
from textual.widgets import Static

from dialogs.safe_text import inert

if TYPE_CHECKING:  # the engine's modules load in the background at startup: import them lazily
    from textual.css.styles import RulesMap

    from knowledge.assessment import Assessment
    from knowledge.models import Scalar


def update_if_changed(widget: Static, content: Content) -> None:
    """Static.update always lays the screen out again; skip it when nothing changed."""
    if widget.content != content:
        widget.update(content)


def set_grade_class(widget: Static, result: Assessment) -> None:
    """Give the widget the grade's class (-grade-3, -grade-undefined ...), restyling only on a change."""
    wanted = grade_class(result)
    old = {c for c in widget.classes if c.startswith("-grade-")}
    if old != {wanted}:
        widget.remove_class(*old, update=False)
        widget.add_class(wanted)


RowKey = tuple[str, tuple[Span, ...]]


def row_key(row: Content) -> RowKey:
    """A row's text and its styles (`Content` compares and hashes its text only: a dimmed row and
    an answered one with the same words are not the same row)."""
    return row.plain, tuple(row.spans)


def grade_class(result: Assessment) -> str:
    g = result.grading
    return f"-grade-{g.grade}" if g.grade is not None else f"-grade-{g.status}"


class SlotList(Widget, can_focus=True):
    """The slots, one row each: its label, and what the assistant understood. One widget for all
    of them, drawn line by line with each row's lines cached by what the row says: a turn that
    changes one slot redraws that row only, and one that adds or removes a slot (a follow-up
    question's) redraws none of the others (a widget per slot, or an OptionList, redrew or re-laid
    out every row each turn). Up/Down move, Enter or a click answers that question again."""

    DEFAULT_CSS = """
    SlotList { height: auto; }
    SlotList > .slot-list--cursor { background: $accent 30%; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"slot-list--cursor"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "select", "Change", id="case_change_slot", tooltip="Answer this question again"),
        Binding("up", "move(-1)", "Up", id="case_slot_up", show=False, tooltip="Previous slot"),
        Binding("down", "move(1)", "Down", id="case_slot_down", show=False, tooltip="Next slot"),
    ]

    ALLOW_SELECT = False  # rows are drawn one by one: a text selection would not map onto them
    cursor: reactive[int] = reactive(0, layout=False, repaint=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.slots: tuple[str, ...] = ()
        self.rows: list[Content] = []
        self._keys: list[RowKey] = []  # each row's text and styles, as `row_key`
        self._strips: dict[tuple[RowKey, int, bool], list[Strip]] = {}  # (row, width, under cursor)
        self._drawn_in: Style | None = None  # the look they were drawn in (a theme switch redraws)
        self._layout: tuple[int, list[Region]] | None = None  # (width, each row's lines) for these rows

    def show(self, rows: Sequence[tuple[str, Content]]) -> None:
        """One (slot, row) per slot; only rows that changed are redrawn."""
        slots = tuple(slot for slot, _ in rows)
        new = [row for _, row in rows]
        keys = [row_key(row) for row in new]
        if slots != self.slots or len(new) != len(self.rows):
            self.slots, self.rows, self._keys = slots, new, keys
            kept = set(keys)
            self._strips = {k: v for k, v in self._strips.items() if k[0] in kept}
            self._layout = None
            self.cursor = min(self.cursor, max(0, len(new) - 1))
            self.refresh(layout=True)
            return
        width = self.size.width
        for index, (old, row, key) in enumerate(zip(self.rows, new, keys, strict=True)):
            if key != self._keys[index]:
                heights = self.row_height(old, width), self.row_height(row, width)
                old_key, self.rows[index], self._keys[index] = self._keys[index], row, key
                if old_key not in self._keys:
                    self._strips = {k: v for k, v in self._strips.items() if k[0] != old_key}
                if heights[0] != heights[1]:
                    self._layout = None
                    self.refresh(layout=True)
                else:
                    self.refresh(self._region_of(index, width))

    @staticmethod
    def row(label: str, value: str, *, answered: bool) -> Content:
        row = Content.assemble((label, "bold"), ": ", inert(value))
        return row if answered else row.stylize_before("dim")

    def row_height(self, row: Content, width: int) -> int:
        return row.get_height(cast("RulesMap", self.styles), width) if width > 0 else 1  # as Textual does

    def _regions(self, width: int) -> list[Region]:
        """Each row's lines within this widget, top to bottom: measured once per width and rows (every
        line drawn asks for them; measuring each row's wrapped height each time was most of a frame)."""
        if self._layout is not None and self._layout[0] == width:
            return self._layout[1]
        regions, top = [], 0
        for row in self.rows:
            height = self.row_height(row, width)
            regions.append(Region(0, top, width, height))
            top += height
        self._layout = (width, regions)
        return regions

    def _region_of(self, index: int, width: int) -> Region:
        return self._regions(width)[index]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        regions = self._regions(width)
        return regions[-1].bottom if regions else 0

    def _row_strips(self, index: int, width: int) -> list[Strip]:
        style = self.visual_style
        if style != self._drawn_in:
            self._drawn_in, self._strips, self._layout = style, {}, None
        under_cursor = self.has_focus and index == self.cursor
        key = (self._keys[index], width, under_cursor)
        if key not in self._strips:
            if under_cursor:
                style += self.get_visual_style("slot-list--cursor")
            self._strips[key] = Visual.to_strips(self, self.rows[index], width, None, style, pad=True)
        return self._strips[key]

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        for index, region in enumerate(self._regions(width)):
            if y < region.bottom:
                return self._row_strips(index, width)[y - region.y]
        return Strip.blank(width, self.rich_style)

    def _row_at(self, y: int) -> int | None:
        return next((i for i, region in enumerate(self._regions(self.size.width)) if y < region.bottom), None)

    def _move_cursor(self, index: int) -> None:
        old, self.cursor = self.cursor, index
        regions = self._regions(self.size.width)
        for changed in {old, index}:
            if 0 <= changed < len(regions):
                self.refresh(regions[changed])
        if regions and isinstance(self.parent, Widget):  # the panel scrolls, not this list
            self.parent.scroll_to_region(regions[index].translate(self.virtual_region.offset), animate=False)

    def action_move(self, step: int) -> None:
        if self.rows:
            self._move_cursor(max(0, min(len(self.rows) - 1, self.cursor + step)))

    def action_select(self) -> None:
        if 0 <= self.cursor < len(self.slots):
            self.post_message(CasePanel.ChangeSlot(self.slots[self.cursor]))

    def on_click(self, event: Click) -> None:
        index = self._row_at(event.y)
        if index is not None:
            event.stop()
            self._move_cursor(index)
            self.action_select()

    def on_focus(self) -> None:
        self._refresh_cursor_row()

    def on_blur(self) -> None:
        self._refresh_cursor_row()

    def _refresh_cursor_row(self) -> None:
        """The cursor shows only while the list has focus (its lines are cached both ways)."""
        if 0 <= self.cursor < len(self.rows):
            self.refresh(self._region_of(self.cursor, self.size.width))


class CaseScroll(VerticalScroll, can_focus=False):
    """The panel's scrolling part. `BLANK`: it has nothing of its own to draw but its background (the
    border is the panel's), so Textual paints its lines as blanks instead of rendering them again
    each time its content grows or shrinks, as it did with the border on the scrolling container."""

    BLANK = True


class CasePanel(Widget):
    """A bordered, non-scrolling frame around `CaseScroll`: its lines stay cached from turn to turn."""

    DEFAULT_CSS = """
    CasePanel { height: 1fr; layout: vertical; }
    CasePanel > CaseScroll { height: 1fr; }
    """
    HELP = """\
## Case so far

What the assistant understood, slot by slot, the ASTCT grade as soon as it can be computed,
the steroid stance and the computed doses. Focus a slot and press **Enter** (or click it) to
answer that question again: this sends `/change <slot>`.
"""

    @dataclass
    class ChangeSlot(Message):
        slot: str

    def compose(self) -> ComposeResult:
        with CaseScroll(id="case-scroll"):
            yield Static(Content("Case so far"), id="case-title")
            yield Static(Content("Loading the knowledge base..."), id="case-grade")
            yield SlotList(id="case-slots")
            yield Static("", id="case-steroids", markup=False)
            yield Static("", id="case-doses", markup=False)
            course = Static("", id="case-course", markup=False)
            course.display = False
            yield course

    async def show(
        self, slots: Sequence[str], values: Mapping[str, Scalar], unknown: frozenset[str], result: Assessment,
        course: Sequence[str] = (),
    ) -> None:
        from dialogs.phrasing import label, value_words
        from dialogs.render import grade_headline

        grade = self.query_one("#case-grade", Static)
        update_if_changed(grade, Content(inert(grade_headline(result))))
        set_grade_class(grade, result)
        rows = []
        for slot in slots:
            if slot in values:
                rows.append((slot, SlotList.row(label(slot), value_words(slot, values[slot]), answered=True)))
            else:
                unanswered = "unknown" if slot in unknown else "not yet answered"
                rows.append((slot, SlotList.row(label(slot), unanswered, answered=False)))
        self.query_one(SlotList).show(rows)
        stance = values.get("steroids")
        if stance is not None:
            steroids = value_words("steroids", stance)
        elif "steroids" in result.plan.assumed:
            assumed = result.plan.assumed["steroids"]
            steroids = f"not yet known; the plan assumes {value_words('steroids', assumed)}"
        else:
            steroids = "not yet known"
        update_if_changed(self.query_one("#case-steroids", Static),
                          Content.assemble(("Steroid stance", "bold"), "\n  ", inert(steroids)))
        doses = [f"{item.label}: {item.dose}" for item in result.plan.items if item.dose]
        update_if_changed(self.query_one("#case-doses", Static), Content.assemble(
            ("Doses", "bold"), *(("\n  " + inert(d)) for d in doses or ["none computed yet"])))
        # the episode: each point's time, grade and what changed; what was given when
        shown = self.query_one("#case-course", Static)
        shown.display = bool(course)  # nothing drawn (and no space taken) before the episode has a course
        if course:
            update_if_changed(shown, Content.assemble(("Course", "bold"), *(("\n  " + inert(line)) for line in course)))
