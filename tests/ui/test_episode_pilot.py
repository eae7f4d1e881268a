"""The TUI on an episode with a fixed clock: the time question with its quick reply after the
plan, and the course in the case panel and the plan."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from assistant.tui.widgets.quick_replies import QuickReplies
from tests.ui.conftest import screen_lines

LINE = ("T 39.2, levo, HFNC 40L, 80 kg, steroids ok, not on anakinra, not neutropenic, no icans, toci x1, "
        "not improving, obe-cel, US label")


def ticking(start: int = 1) -> Any:
    """Each event one minute after the last, from 01:0N on 1 Dec 2026 (UTC+1)."""
    minutes: Iterator[int] = iter(range(start, 10_000))
    return lambda: f"2026-12-01T01:{next(minutes):02d}:00+01:00"


async def test_the_last_doses_time_is_asked_after_the_plan_and_given_now_blocks_the_next_dose(
    app_factory: Any, send: Any
) -> None:
    app = app_factory(clock=ticking())
    async with app.run_test(size=(140, 50)) as pilot:
        await send(pilot, LINE)
        assert app.session.state.pending == "tocilizumab_time"
        quick = app.screen.query_one(QuickReplies)
        assert quick.display
        await send(pilot, "Given now")
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        assert "Course" in text
        assert "Tocilizumab: 1 of at most 4 doses" in text
        assert "from 09:02" in text  # the dose "given now" at 01:02: the next 8 h later
        assert not app.screen.query_one(QuickReplies).display
        panel = str(app.screen.query_one("#case-course").render())
        assert "Tocilizumab: 1 of at most 4 doses; given 01:02" in panel
