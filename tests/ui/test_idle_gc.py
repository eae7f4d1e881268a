"""Full garbage collections wait for an idle moment while the consult screen is up."""

from __future__ import annotations

import gc
from collections.abc import Callable

from assistant.tui import idle_gc


def full_collections_during(work: Callable[[], object]) -> int:
    """How many full (generation 2) collections the interpreter ran while `work` ran."""
    full: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            full.append(1)

    gc.callbacks.append(seen)
    try:
        work()
    finally:
        gc.callbacks.remove(seen)
    return len(full)


def make_cyclic_garbage() -> None:
    """Enough new long-lived objects, in cycles, that CPython's own schedule runs a full collection
    (it waits until the survivors of younger collections are a quarter of what is long-lived)."""
    kept: list[list[object]] = []
    for _ in range(600_000):
        a: list[object] = []
        a.append(a)
        kept.append(a)
    kept.clear()


def test_taken_over_no_automatic_full_collection_runs_and_given_back_they_run_again() -> None:
    try:
        idle_gc.take_over()
        idle_gc.take_over()  # twice is harmless: what is given back is still the original schedule
        assert full_collections_during(make_cyclic_garbage) == 0
    finally:
        idle_gc.give_back()
    assert full_collections_during(make_cyclic_garbage) > 0, "the interpreter's own schedule again"


def test_collect_runs_a_full_collection_only_while_taken_over() -> None:
    assert full_collections_during(idle_gc.collect) == 0, "not taken over: the interpreter's own schedule applies"
    try:
        idle_gc.take_over()
        assert full_collections_during(idle_gc.collect) == 1
    finally:
        idle_gc.give_back()


async def test_a_reply_schedules_an_idle_collection(app_factory, send) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, "39.2")
        timer = app.screen._idle_timer
        assert timer is not None and timer.name == "idle-gc"
        assert gc.get_threshold()[2] == idle_gc.NEVER
    assert gc.get_threshold()[2] != idle_gc.NEVER, "given back when the consult screen closes"
