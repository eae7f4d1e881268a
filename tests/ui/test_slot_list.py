"""The case panel's slot rows: a row whose answer grows or shrinks pushes the rows below it, and
every row stays where the user reads it (the rows' heights are measured once per width)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.geometry import Region

from assistant.tui.widgets.case_panel import SlotList

SHORT = [("fever", SlotList.row("Fever", "38.9 C", answered=True)),
         ("oxygen", SlotList.row("Oxygen", "room air", answered=True)),
         ("weight", SlotList.row("Weight", "not yet answered", answered=False))]
LONG = "high-flow nasal cannula 40 L/min, FiO2 not stated, weaned from BiPAP this morning"


class Panel(App[None]):
    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield SlotList(id="slots")


def lines(slots: SlotList) -> list[str]:
    strips = slots.render_lines(Region(0, 0, slots.size.width, slots.size.height))
    return [strip.text.rstrip() for strip in strips]


async def test_a_row_that_wraps_or_unwraps_moves_the_rows_below_it() -> None:
    app = Panel()
    async with app.run_test(size=(30, 20)) as pilot:
        slots = app.query_one(SlotList)
        slots.show(SHORT)
        await pilot.pause()
        assert lines(slots) == ["Fever: 38.9 C", "Oxygen: room air", "Weight: not yet answered"]

        slots.show([SHORT[0], ("oxygen", SlotList.row("Oxygen", LONG, answered=True)), SHORT[2]])
        await pilot.pause()
        shown = lines(slots)
        assert len(shown) > 4 and shown[0] == "Fever: 38.9 C" and shown[1].startswith("Oxygen: high-flow")
        assert " ".join(" ".join(shown[1:-1]).split()) == f"Oxygen: {LONG}"
        assert shown[-1] == "Weight: not yet answered"

        slots.show(SHORT)
        await pilot.pause()
        assert lines(slots) == ["Fever: 38.9 C", "Oxygen: room air", "Weight: not yet answered"]


async def test_rows_rewrap_when_the_panel_is_resized() -> None:
    app = Panel()
    async with app.run_test(size=(30, 20)) as pilot:
        slots = app.query_one(SlotList)
        slots.show([SHORT[0], ("oxygen", SlotList.row("Oxygen", LONG, answered=True)), SHORT[2]])
        await pilot.pause()
        narrow = lines(slots)
        await pilot.resize_terminal(120, 20)
        await pilot.pause()
        assert lines(slots) == ["Fever: 38.9 C", f"Oxygen: {LONG}", "Weight: not yet answered"]
        assert len(narrow) > 3


def dimmed(slots: SlotList, y: int) -> bool:
    """Line `y` is drawn fainter than an answered row (Textual draws dim as a darker colour)."""
    def colour(row: int) -> object:
        strip = slots.render_lines(Region(0, row, slots.size.width, 1))[0]
        return next(s.style.color for s in strip if s.text.strip() and s.style is not None)
    answered = next(y for y, line in enumerate(lines(slots)) if line.startswith("Fever"))
    return colour(y) != colour(answered)


async def test_a_row_with_the_same_words_but_answered_is_drawn_again() -> None:
    app = Panel()
    async with app.run_test(size=(30, 20)) as pilot:
        slots = app.query_one(SlotList)
        unanswered = ("weight", SlotList.row("Weight", "unknown", answered=False))
        slots.show([SHORT[0], unanswered])
        await pilot.pause()
        assert dimmed(slots, 1)
        slots.show([SHORT[0], ("weight", SlotList.row("Weight", "unknown", answered=True))])
        await pilot.pause()
        assert lines(slots) == ["Fever: 38.9 C", "Weight: unknown"] and not dimmed(slots, 1)
        slots.show([("oxygen", SHORT[1][1]), SHORT[0], unanswered])  # a slot added above: rows move down
        await pilot.pause()
        assert lines(slots) == ["Oxygen: room air", "Fever: 38.9 C", "Weight: unknown"] and dimmed(slots, 2)
