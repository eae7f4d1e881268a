"""Do the custom Markdown renderers (`assistant.tui.widgets.markdown_view`) earn their place?

One follow-up answer drawn, with 200 answers already in a chat at 120x40, side by side in one
process, interleaved run by run: the app's own `AnswerMessage` (Markdown parsed once into blocks
of `Content`) against Textual's own `Markdown` widget given the same Markdown source. The
answers are the engine's real replies to follow-up questions about a grade 3 consult.
Run: .venv/bin/python benchmarks/tricks_markdown.py [EVENTS] [RUNS]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from collections.abc import Callable

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Markdown
from tui_frame import paint_marker, percentile
from tui_startup import write_section

from assistant.tui.widgets.answers import answer_message
from assistant.tui.widgets.markdown_text import answer_markdown
from dialogs.engine import begin, step
from dialogs.state import Event

QUESTIONS = ["what is the dose of tocilizumab?", "can we give dexamethasone?", "when do we give anakinra?",
             "is siltuximab an option?", "what about antifungal prophylaxis?", "how often do we reassess?"]
FILL = 200
SIZE = (120, 40)


def answers() -> list[str]:
    state, _ = begin()
    for text in ("Tmax 101.8F, levo + vaso, HFNC 40L, 70 kg", "full", "0", "no", "no", "not improving", "unknown"):
        state, _ = step(state, Event("text", text))
    out: list[str] = []
    for question in QUESTIONS:
        state, replies = step(state, Event("text", question))
        out += [r.text for r in replies if r.kind == "answer"]
    return out or ["(no answer)"]


class Chat(App[None]):
    CSS = "VerticalScroll { height: 1fr; } VerticalScroll > * { margin: 1 0 0 0; height: auto; }"

    def __init__(self, make: Callable[[str], Widget]) -> None:
        super().__init__()
        self.make = make

    def compose(self) -> ComposeResult:
        yield VerticalScroll(id="chat")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).anchor()

    async def turn(self, text: str) -> None:
        with self.batch_update():
            await self.query_one(VerticalScroll).mount(self.make(text))


async def measure(make: Callable[[str], Widget], texts: list[str], events: int) -> list[float]:
    app = Chat(make)
    samples: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        for n in range(FILL):
            await app.turn(texts[n % len(texts)])
        await pilot.pause()
        marks: dict[str, float] = {}
        painted = paint_marker(app.screen, marks)
        for i in range(events):
            marks.clear()
            painted.clear()
            start = time.perf_counter()
            await app.turn(texts[i % len(texts)])
            marks["mounted"] = time.perf_counter()
            await painted.wait()
            samples.append((marks["painted"] - start) * 1000)
            await pilot.pause()
    return samples


def main(events: int = 60, runs: int = 3) -> None:
    texts = answers()
    ours: list[float] = []
    plain: list[float] = []
    for _ in range(runs):
        ours += asyncio.run(measure(lambda t: answer_message(t), texts, events))
        plain += asyncio.run(measure(lambda t: Markdown(answer_markdown(t), open_links=False), texts, events))
    rows = "\n".join(f"| {label} | {len(s)} | {statistics.median(s):.1f} | {percentile(s, 0.95):.1f} | {max(s):.1f} |"
                     for label, s in (("ours: `AnswerMessage` (blocks of Content)", ours),
                                      ("Textual's `Markdown` widget", plain)))
    section = f"""## The custom Markdown renderer, against Textual's own Markdown widget

`benchmarks/tricks_markdown.py`: one follow-up answer (the engine's real answers, {len(texts)} of
them, cycled) mounted into a chat already holding {FILL} of them at {SIZE[0]}x{SIZE[1]}, to its painted
frame; {runs} runs x {events} events each, the two interleaved run by run. Times in ms.

| renderer | events | median | p95 | max |
| --- | --- | --- | --- | --- |
{rows}

Median ratio, ours / Textual's: {statistics.median(ours) / statistics.median(plain):.2f}x; p95 ratio
{percentile(ours, 0.95) / percentile(plain, 0.95):.2f}x.
"""
    write_section("tricks-markdown", section)


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
