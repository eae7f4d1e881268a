"""Full garbage collections wait for an idle moment while the consult screen is up."""

from __future__ import annotations

import gc

from assistant.tui import idle_gc


def test_take_over_stops_automatic_full_collections_and_give_back_restores_them() -> None:
    before = gc.get_threshold()
    try:
        idle_gc.take_over()
        gen0, gen1, gen2 = gc.get_threshold()
        assert (gen0, gen1) == before[:2], "young collections run as before"
        assert gen2 == idle_gc.NEVER
        idle_gc.take_over()  # twice is harmless: what is given back is still the original
        assert gc.get_freeze_count() > 0, "what is loaded stays out of the collector's way"
    finally:
        idle_gc.give_back()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0, "a closed app's objects can be collected again (a reopened consult)"


def test_collect_runs_a_full_collection_only_while_taken_over() -> None:
    full: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            full.append(1)

    gc.callbacks.append(seen)
    try:
        idle_gc.collect()
        assert not full, "not taken over: the interpreter's own schedule applies"
        idle_gc.take_over()
        idle_gc.collect()
        assert full == [1]
    finally:
        idle_gc.give_back()
        gc.callbacks.remove(seen)


async def test_a_reply_schedules_an_idle_collection(app_factory, send) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, "39.2")
        timer = app.screen._idle_timer
        assert timer is not None and timer.name == "idle-gc"
        assert gc.get_threshold()[2] == idle_gc.NEVER
    assert gc.get_threshold()[2] != idle_gc.NEVER, "given back when the consult screen closes"
