"""The case panel shows each slot by the slot registry's label and words: change the registry
and the panel on screen changes with it."""

from __future__ import annotations

from typing import Any

from textual.geometry import Region
from textual.widget import Widget

from assistant.tui.widgets.case_panel import CasePanel, SlotList


def shown(widget: Widget) -> str:
    """The text a widget draws on screen, line by line."""
    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return " ".join(" ".join(strip.text.split()) for strip in strips)  # rows wrap at the panel's width


async def test_the_case_panel_shows_the_registrys_labels_and_words(app_factory, send, relabel: Any) -> None:  # type: ignore[no-untyped-def]
    relabel('label = "blood pressure and vasopressors"', 'label = "BP FROM REGISTRY"')
    relabel('words = "low dose only"', 'words = "LOW DOSE FROM REGISTRY"')
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await send(pilot, "Tmax 101.8F, levo + vaso, HFNC 40L")
        await send(pilot, "low dose only")
        slots = shown(app.screen.query_one(SlotList))
        assert "BP FROM REGISTRY: one vasopressor (with or without vasopressin)" in slots
        assert "blood pressure and vasopressors" not in slots
        stance = shown(app.screen.query_one(CasePanel).query_one("#case-steroids"))
        assert stance.startswith("Steroid stance LOW DOSE FROM REGISTRY")


async def test_the_case_panel_gives_the_grade_from_below_while_the_blood_pressure_is_not_yet_known(  # type: ignore[no-untyped-def]
    app_factory, send
) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await send(pilot, "T 38.9, HFNC 40L")
        grade = shown(app.screen.query_one(CasePanel).query_one("#case-grade"))
        assert grade.startswith("ASTCT grade: at least 3 (still needed: blood pressure and vasopressors)")
