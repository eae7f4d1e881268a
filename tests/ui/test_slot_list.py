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
