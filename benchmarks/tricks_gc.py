"""Does the idle-time garbage collection (`assistant.tui.idle_gc`) earn its place?

The frame benchmark (`tui_frame.py`: one reply drawn with 200 messages at 120x40) run side by side
in one process, interleaved run by run: once as the app ships (automatic full collections off,
one after a second of idleness), once with CPython's own schedule (`take_over` a no-op).
Run: .venv/bin/python benchmarks/tricks_gc.py [EVENTS] [RUNS]
"""

from __future__ import annotations

import asyncio
import gc
import statistics
import sys
from typing import Any

import tui_frame
from tui_startup import write_section

from assistant.tui import idle_gc


def summary(samples: list[dict[str, Any]]) -> tuple[float, float, float]:
    totals = [s["total"] for s in samples]
    return statistics.median(totals), tui_frame.percentile(totals, 0.95), max(totals)


def main(events: int = 96, runs: int = 3) -> None:
    shipped: list[dict[str, Any]] = []
    plain: list[dict[str, Any]] = []
    take_over = idle_gc.take_over
    full: list[float] = []
    for _ in range(runs):
        idle_gc.take_over = take_over
        shipped += asyncio.run(tui_frame.measure(events))
        idle_gc.take_over = lambda: None  # CPython's own schedule: automatic full collections stay on
        before = gc.get_stats()[2]["collections"]
        plain += asyncio.run(tui_frame.measure(events))
        full.append(gc.get_stats()[2]["collections"] - before)
        gc.collect()
    idle_gc.take_over = take_over
    a, b = summary(shipped), summary(plain)
    rows = "\n".join(
        f"| {label} | {len(s)} | {m:.1f} | {p:.1f} | {x:.1f} |"
        for label, s, (m, p, x) in (("idle-time full collections (shipped)", shipped, a),
                                    ("CPython's own schedule", plain, b)))
    section = f"""## The idle-time garbage collection, against CPython's own schedule

`benchmarks/tricks_gc.py`: the frame benchmark's consult ({runs} runs x {events} events each, 200+
messages, 120x40), the two settings interleaved run by run in one process. Times in ms from the
event to its painted frame. Full collections CPython ran during the plain runs: {sum(full)}.

| garbage collection | events | median | p95 | max |
| --- | --- | --- | --- | --- |
{rows}

p95 ratio, shipped / plain: {a[1] / b[1]:.2f}x; max ratio {a[2] / b[2]:.2f}x.
"""
    write_section("tricks-gc", section)
    print(section)


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
