"""Shared set-up for the store benchmarks: a long, realistic consult and a filled store."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from assistant.store import LoggedEvent, SessionMeta, SessionStore
from dialogs.state import Event

# One bedside cycle: seed in free text, a follow-up question, quick replies to the plan, a
# correction after the plan (the plan is recomputed), why / refs / summary, then a new consult.
CYCLE = (
    "Tmax 101.8F, levo + vaso, HFNC 40L", "what dose of anakinra?", "Low dose only", "1", "No", "154 lb", "no",
    "no", "actually she is on 4 L nasal cannula", "why", "refs", "summary", "restart",
)


def long_session(turns: int) -> list[LoggedEvent]:
    return [LoggedEvent(Event("text", CYCLE[n % len(CYCLE)]), f"2026-03-14T{n // 3600 % 24:02d}:{n // 60 % 60:02d}:"
                        f"{n % 60:02d}.000Z") for n in range(turns)]


def meta(n: int = 0) -> SessionMeta:
    return SessionMeta(f"{n:032x}", f"2026-03-14T09:{n // 60 % 60:02d}:{n % 60:02d}.000Z", "0.1.0", "kb", "clinician")


def stored(path: Path, events: list[LoggedEvent]) -> int:
    with SessionStore.open(path) as store:
        session = store.add(meta(), events, grade=3)
    assert session.id is not None
    return session.id


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def median(values: list[float]) -> float:
    return statistics.median(values)
