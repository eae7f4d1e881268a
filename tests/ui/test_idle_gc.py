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


async def test_while_the_consult_is_up_full_collections_wait_for_the_user_to_be_idle_after_a_reply(  # type: ignore[no-untyped-def]
        app_factory, send, monkeypatch) -> None:
    """No full collection while the consult screen is up, however much garbage piles up, until a
    reply has been shown and the user is idle; then one runs. When the screen closes the
    interpreter's own schedule is back."""
    monkeypatch.setattr(idle_gc, "IDLE_SECONDS", 0.001)  # idle at once; the test waits in event-loop turns
    full: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            full.append(1)

    app = app_factory()
    gc.callbacks.append(seen)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            make_cyclic_garbage()
            await pilot.pause()
            assert full == [], "no full collection while the consult is up and no reply is waiting"
            await send(pilot, "39.2")
            for _ in range(2000):
                if full:
                    break
                await pilot.pause()
            assert full, "a full collection once the user is idle after the reply"
    finally:
        gc.callbacks.remove(seen)
    assert full_collections_during(make_cyclic_garbage) > 0, "given back when the consult screen closes"
