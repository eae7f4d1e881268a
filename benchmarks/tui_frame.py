"""Time to draw each new reply at 120x40 with 200 messages already in the conversation.

In-process, with Pilot (headless, real compositor). For each event: the time from posting it
to the end of the first screen refresh that shows its replies, split into the engine's step,
building and mounting the message widgets, and waiting for and painting the frame. Issue 4's
target: within one frame (16 ms).
Run: .venv/bin/python benchmarks/tui_frame.py [EVENTS]
"""

from __future__ import annotations

import asyncio
import platform
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from minimal_chat import MinimalChat
from tui_startup import write_section

from assistant.settings import Settings
from assistant.tui import idle_gc
from assistant.tui.app import make_app
from assistant.tui.screens.consult import ConsultScreen
from assistant.tui.widgets.conversation import KEEP, SLACK, Conversation

CONSULT = ["Tmax 101.8F, levo + vaso, HFNC 40L", "full", "2", "no", "not improving", "70 kg", "no", "no", "unknown",
           "what is the dose of tocilizumab?", "/why", "/change oxygen", "room air", "/restart"]
FILL_TO = 200
SIZE = (120, 40)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def paint_marker(screen: Any, marks: dict[str, float]) -> asyncio.Event:
    """Record when the screen's first refresh after `marks['mounted']` has been drawn."""
    painted = asyncio.Event()
    refresh_real = screen._compositor_refresh

    def timed_refresh() -> None:
        refresh_real()
        if "mounted" in marks and "painted" not in marks:
            marks["painted"] = time.perf_counter()
            painted.set()

    screen._compositor_refresh = timed_refresh
    return painted


async def settle(pilot: Any) -> None:
    """Let the app settle, as it would between a clinician's turns: work queued for after the
    frame (folding old messages away) runs now, and so does the full garbage collection the app
    runs after a second of idleness (`assistant.tui.idle_gc`), not inside the next turn's timing."""
    await pilot.pause()
    await pilot.pause()
    idle_gc.collect()


async def measure_minimal(events: int) -> list[dict[str, Any]]:
    """The same turns in a minimal Textual chat (`minimal_chat.py`), for scale."""
    app = MinimalChat()
    samples: list[dict[str, Any]] = []
    async with app.run_test(size=SIZE) as pilot:
        for n in range(FILL_TO // 2):
            await app.turn(CONSULT[n % len(CONSULT)])
            await pilot.pause()
        marks: dict[str, float] = {}
        painted = paint_marker(app.screen, marks)
        for i in range(events):
            marks.clear()
            painted.clear()
            start = time.perf_counter()
            await app.turn(CONSULT[i % len(CONSULT)])
            marks["mounted"] = time.perf_counter()
            await painted.wait()
            samples.append({"total": (marks["painted"] - start) * 1000})
            await settle(pilot)
    return samples


async def measure(rounds: int) -> list[dict[str, Any]]:
    app = make_app(settings=Settings(persona="clinician"), settings_path=None, cursor_blink=False)
    samples: list[dict[str, Any]] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConsultScreen)
        conversation = screen.query_one(Conversation)
        n = 0
        while conversation.total < FILL_TO:
            screen.send_text(CONSULT[n % len(CONSULT)])
            n += 1
            await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

        marks: dict[str, float] = {}
        session = app.session
        real_step = session.step

        def timed_step(state: Any, event: Any) -> Any:
            result = real_step(state, event)
            marks["stepped"] = time.perf_counter()
            return result

        session.step = timed_step
        shown_real: Callable[..., Any] = screen._show_replies

        async def timed_show(*args: Any, **kwargs: Any) -> None:
            await shown_real(*args, **kwargs)
            marks["mounted"] = time.perf_counter()

        screen._show_replies = timed_show  # type: ignore[method-assign]
        painted = paint_marker(screen, marks)

        for i in range(rounds):
            text = CONSULT[(n + i) % len(CONSULT)]
            total_before = conversation.total
            marks.clear()
            painted.clear()
            cpu0, start = time.process_time(), time.perf_counter()
            screen.send_text(text)
            await painted.wait()
            cpu = (time.process_time() - cpu0) * 1000
            new = conversation.total - total_before
            kinds = [type(m).__name__ + "".join(c for c in m.classes if c.startswith("-"))
                     for m in conversation.messages[-new:]] if new > 0 else []
            samples.append({
                "text": text,
                "total": (marks["painted"] - start) * 1000,
                "step": (marks["stepped"] - start) * 1000,
                "mount": (marks["mounted"] - marks["stepped"]) * 1000,
                "paint": (marks["painted"] - marks["mounted"]) * 1000,
                "cpu": cpu,
                "plan": any("-plan" in k for k in kinds),
                "messages": conversation.total,
                "mounted": len(conversation.messages),
            })
            await settle(pilot)
    return samples


RUNS = 3  # separate app runs, interleaved with the yardstick: a run's speed varies on a shared machine


def main(events: int = 96) -> float:
    ours: list[list[dict[str, Any]]] = []
    minimal: list[list[dict[str, Any]]] = []
    for _ in range(RUNS):
        ours.append(asyncio.run(measure(events)))
        minimal.append(asyncio.run(measure_minimal(events)))
    samples = [s for run in ours for s in run]
    yard = [s["total"] for run in minimal for s in run]
    totals = [s["total"] for s in samples]
    plans = [s for s in samples if s["plan"]]
    others = [s for s in samples if not s["plan"]]

    def row(label: str, chosen: list[dict[str, Any]]) -> str:
        if not chosen:
            return f"| {label} | 0 | | | | | | |"
        mid = statistics.median(s["total"] for s in chosen)
        cols = [statistics.median(s[k] for s in chosen) for k in ("step", "mount", "paint")]
        return (f"| {label} | {len(chosen)} | **{mid:.1f}** | {percentile([s['total'] for s in chosen], 0.95):.1f} "
                f"| {max(s['total'] for s in chosen):.1f} | {cols[0]:.1f} | {cols[1]:.1f} | {cols[2]:.1f} "
                f"| {mid / statistics.median(yard):.2f}x |")

    per_run = ", ".join(f"{statistics.median(s['total'] for s in run):.1f}" for run in ours)
    per_run_yard = ", ".join(f"{statistics.median(s['total'] for s in run):.1f}" for run in minimal)
    section = f"""## One reply drawn, 200 messages in the conversation ({SIZE[0]}x{SIZE[1]})

In-process with Pilot (headless, the real compositor): from posting the event to the end of the
first screen refresh that shows its replies. {RUNS} runs of {events} events each (a consult cycled:
answers, a plan, a question, /why, /change, /restart), each run starting with {FILL_TO}+ messages
(the conversation keeps the newest {KEEP}-{KEEP + SLACK} mounted and folds older ones into an
"earlier messages" row). Between events the app settles as it would between a clinician's turns
(see `settle`). {platform.python_implementation()} {platform.python_version()}. Times in ms;
`step` is the engine, `mount` building and mounting the widgets, `paint` the frame (layout and
drawing); the ratio is the median against the yardstick's.

| replies | events | median | p95 | max | step | mount | paint | ratio |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
{row("answers, notes, questions", others)}
{row("with a plan", plans)}
{row("all", samples)}

Yardstick, run interleaved: a minimal Textual chat (`minimal_chat.py`: an anchored scroll of
Statics, each turn mounting two) with {FILL_TO} messages: median **{statistics.median(yard):.1f} ms**,
p95 {percentile(yard, 0.95):.1f} ms. Medians per run, ours: {per_run}; yardstick: {per_run_yard}.

Target: within one frame (16 ms).
"""
    write_section("frame", section)
    return float(statistics.median(totals))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 96)
