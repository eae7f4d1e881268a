"""The plan in the TUI (issue 11, point 3): it arrives at its top with the Now section on screen at
80x24 and 120x40; the other sections are one line each until unfolded (Enter or a click on the
plan); the `plan` command and F2 show the current plan again, and it is never folded away."""

from __future__ import annotations

import pytest

from assistant.tui.widgets.conversation import Conversation
from tests.ui.conftest import screen_lines

SEED = ("fever 39, levo, HFNC 40L, low dose steroids only, toci x1, anakinra 100 mg q6h, 82 kg, "
        "not neutropenic, no icans, no better after toci")
NOW = ["1. ICU transfer", "2. Vasopressor support", "3. IV fluids and supportive care",
       "4. Oxygen and ventilatory support", "5. Tocilizumab", "6. Lower-dose corticosteroids", "7. Anakinra"]


def visible(app) -> str:
    return "\n".join(screen_lines(app))


def assert_now_on_screen(app) -> None:
    screen = visible(app)
    missing = [label for label in NOW if label not in screen]
    assert missing == [], screen
    assert "Dose: 8 mg/kg IV over 1 hour (maximum 800 mg): 656 mg for 82 kg" in screen
    assert "▸ If no improvement (7 items)" in screen
    assert "ASTCT grade 3" in screen


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_plan_arrives_with_now_fully_on_screen(app_factory, send, size) -> None:
    app = app_factory()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await send(pilot, SEED)
        await send(pilot, "unknown")  # the product
        await pilot.pause()
        assert_now_on_screen(app)
        assert "Transfer to intensive care" not in visible(app), "folded: item details wait for Enter"


async def test_enter_on_the_plan_unfolds_every_section_and_folds_it_back(app_factory, send) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await send(pilot, SEED)
        await send(pilot, "unknown")  # the product
        await pilot.press("alt+up", "enter")
        await pilot.pause()
        screen = visible(app)
        assert "Transfer to intensive care" in screen and "▸ If no improvement" not in screen
        await pilot.press("enter")
        await pilot.pause()
        assert "▸ If no improvement (7 items)" in visible(app)


@pytest.mark.parametrize("how", ["typed", "key"])
async def test_plan_command_and_f2_show_the_current_plan_again(app_factory, send, how) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await send(pilot, SEED)
        await send(pilot, "unknown")  # the product
        for _ in range(3):
            await send(pilot, "what dose of tocilizumab?")
        assert "1. ICU transfer" not in visible(app)
        if how == "typed":
            await send(pilot, "plan")
        else:
            await pilot.press("f2")
            await pilot.pause()
            await pilot.pause()
        assert_now_on_screen(app)


async def test_the_current_plan_is_never_folded_away_in_a_long_consult(app_factory, send) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await send(pilot, SEED)
        await send(pilot, "unknown")  # the product
        for _ in range(25):
            await send(pilot, "summary")
        await pilot.pause()
        conversation = app.screen.query_one(Conversation)
        assert conversation.folded, "older messages were folded"
        assert any(m.has_class("-plan") for m in conversation.messages), "the plan stays mounted"
