"""Time to draw each new reply at 120x40 with 200 messages already in the conversation.

In-process, with Pilot (headless, real compositor). For each event: the time from posting it
to the end of the first screen refresh that shows its replies, split into the engine's step,
building and mounting the message widgets, and waiting for and painting the frame. Issue 4's
target: within one frame (16 ms).
Run: .venv/bin/python benchmarks/tui_frame.py
"""

from __future__ import annotations

import asyncio
import platform
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from tui_startup import write_section

from assistant.app import make_app
from assistant.screens.consult import ConsultScreen
from assistant.settings import Settings
from assistant.widgets.conversation import KEEP, SLACK, Conversation

CONSULT = ["Tmax 101.8F, levo + vaso, HFNC 40L", "full", "2", "no", "70 kg", "no", "no",
           "what is the dose of tocilizumab?", "/why", "/change oxygen", "room air", "/restart"]
FILL_TO = 200
SIZE = (120, 40)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


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
        refresh_real = screen._compositor_refresh

        painted = asyncio.Event()

        def timed_refresh() -> None:
            refresh_real()
            if "mounted" in marks and "painted" not in marks:
                marks["painted"] = time.perf_counter()
                painted.set()

        screen._compositor_refresh = timed_refresh  # type: ignore[method-assign]

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
            # let the app settle, as it would between a clinician's turns: work queued for after
            # the frame (folding old messages away) runs now, not inside the next turn's timing
            await pilot.pause()
            await pilot.pause()
    return samples


def main(rounds: int = 48) -> float:
    samples = asyncio.run(measure(rounds))
    totals = [s["total"] for s in samples]
    plans = [s for s in samples if s["plan"]]
    others = [s for s in samples if not s["plan"]]

    def row(label: str, chosen: list[dict[str, Any]]) -> str:
        if not chosen:
            return f"| {label} | 0 | | | | | | |"
        cols = [statistics.median(s[k] for s in chosen) for k in ("total", "step", "mount", "paint", "cpu")]
        return (f"| {label} | {len(chosen)} | {cols[0]:.1f} | {percentile([s['total'] for s in chosen], 0.95):.1f} "
                f"| {cols[1]:.1f} | {cols[2]:.1f} | {cols[3]:.1f} | {cols[4]:.1f} |")

    section = f"""## One reply drawn, 200 messages in the conversation ({SIZE[0]}x{SIZE[1]})

In-process with Pilot (headless): from posting the event to the end of the first screen refresh
showing its replies. {rounds} events (a consult cycled: answers, a plan, a question, /why, /change,
/restart), starting with {samples[0]['messages'] - 2}+ messages and ending with {samples[-1]['messages']}
(the conversation keeps the newest {KEEP}-{KEEP + SLACK} mounted and folds older ones into an
"earlier messages" row);
{platform.python_implementation()} {platform.python_version()}. Columns are medians in ms; `step` is the
engine, `mount` building and mounting the widgets, `paint` waiting for the frame and drawing it,
`cpu` the process CPU time over the whole interval.

| replies | events | total | p95 total | step | mount | paint | cpu |
| --- | --- | --- | --- | --- | --- | --- | --- |
{row("all", samples)}
{row("answers, notes, questions (Static)", others)}
{row("with a plan (Markdown)", plans)}

Target: within one frame (16 ms). Median of all: **{statistics.median(totals):.1f} ms**, p95
{percentile(totals, 0.95):.1f} ms, max {max(totals):.1f} ms.
"""
    write_section("frame", section)
    return statistics.median(totals)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 48)
