"""A quick reply's number and a typed number never mean different values (issue 11, point 9)."""

from __future__ import annotations

from dialogs.phrasing import option_numbers


def test_count_options_are_numbered_by_their_value() -> None:
    assert option_numbers(["None", "1", "2", "3", "4 (maximum)"]) == (0, 1, 2, 3, 4)


def test_other_options_are_numbered_by_position() -> None:
    assert option_numbers(["Yes", "No"]) == (1, 2)
    assert option_numbers(["100 mg twice daily (200 mg/day)", "100 mg every 6 hours (400 mg/day)"]) == (1, 2)


async def test_alt_2_and_typing_2_both_record_two_tocilizumab_doses(app_factory, send) -> None:
    for how in ("alt", "typed"):
        app = app_factory()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            for line in ("Tmax 101.8F, levo + vaso, HFNC 40L", "full"):
                await send(pilot, line)
            assert app.session.state.pending == "tocilizumab_doses"
            if how == "alt":
                await pilot.press("alt+2")
                await pilot.pause()
            else:
                await send(pilot, "2")
            assert app.session.state.values["tocilizumab_doses"] == 2, how
