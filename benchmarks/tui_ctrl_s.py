"""TUI Ctrl+S on a long resumed consult: does the UI go on while the note is built and written?

Records a varied consult of 5,000 turns (benchmarks/resume_common.py), resumes it in the app as
`crs-assistant --resume 1` does (in process, Textual's Pilot at 120x40), runs Ctrl+S's action, and while
the export worker runs measures how late the app's event loop runs a 10 ms timer, typing a key
into the prompt every fifth tick (timed until the prompt holds it). (Pilot's `press` is not used:
it waits until the process is idle, which a busy worker thread never is.) Beside it, the time the export takes (what
the UI froze for when Ctrl+S built the note on the UI thread). Target: never blocks the UI.
Run: .venv/bin/python benchmarks/tui_ctrl_s.py [TURNS] [RUNS]
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _timing import write_result
from resume_common import record


async def one_run(folder: Path) -> tuple[float, list[float], list[float], int]:
    """(ms the export took, each key's press time in ms while it ran, the event loop's lags in ms,
    exports written)."""
    from assistant.store.consult import open_consult
    from assistant.tui.app import make_app
    from assistant.tui.store_access import StoredSessions
    from assistant.tui.widgets.prompt import Prompt

    consult = open_consult(data_dir=str(folder), no_store=False, resume=1)
    try:
        sessions = StoredSessions(str(folder), lambda: consult.session_id)
        app = make_app(on_event=consult.recorder, start=consult.start, earlier=consult.earlier,
                       settings_path=folder / "settings.json", sessions=sessions, cursor_blink=False)
        keys: list[float] = []
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            prompt = app.screen.query_one(Prompt)
            prompt.focus()
            before = len(list((folder / "exports").glob("*.txt"))) if (folder / "exports").exists() else 0
            start = time.perf_counter()
            await app.run_action("export('txt')")  # Ctrl+S's action (pressing it waits for the screen to settle)
            lags: list[float] = []
            while any(w.group == "export" and not w.is_finished for w in app.workers):
                pressed = time.perf_counter()
                await asyncio.sleep(0.01)  # the event loop's lag: how late a 10 ms timer fires
                lags.append((time.perf_counter() - pressed) * 1000 - 10)
                if len(lags) % 5 == 0:  # a key, as the terminal sends it; timed until the prompt shows it
                    typed, pressed = len(prompt.text), time.perf_counter()
                    app.simulate_key("x")
                    while len(prompt.text) == typed:
                        await asyncio.sleep(0.001)
                    keys.append((time.perf_counter() - pressed) * 1000)
            await app.workers.wait_for_complete()
            took = (time.perf_counter() - start) * 1000
            await pilot.pause()
            assert prompt.text.count("x") == len(keys), "every key typed meanwhile was handled"
            written = len(list((folder / "exports").glob("*.txt"))) - before
    finally:
        consult.close()
    return took, keys, lags, written


def main(turns: int = 5000, runs: int = 3) -> str:
    folder = Path(tempfile.mkdtemp(prefix="crs-bench-ctrl-s-"))
    try:
        (folder / "settings.json").write_text(json.dumps({"persona": "clinician", "theme": "textual-dark"}))
        record(folder / "sessions.db", turns)
        results = [asyncio.run(one_run(folder)) for _ in range(runs)]
    finally:
        shutil.rmtree(folder)
    rows = "\n".join(f"| {n} | {took:.0f} | {len(lags)} | {max(lags):.1f} | {len(keys)} | "
                     f"{max(keys, default=0):.1f} | {w} |" for n, (took, keys, lags, w) in enumerate(results, start=1))
    worst = max(max(lags) for _, _, lags, _ in results)
    export = statistics.median(t for t, _, _, _ in results)
    return f"""## TUI Ctrl+S on a {turns:,}-turn consult (issue 14 point 2)

The consult resumed in the app (in process, Pilot, 120x40); Ctrl+S's action, then, while the
export worker runs, a 10 ms timer on the app's event loop over and over (how late it fires is how
long the UI could not react), and every fifth tick a key typed into the prompt (timed until the prompt
holds it). Load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.

| run | export, ms | timer ticks | worst event-loop lag, ms | keys typed | slowest key, ms | notes written |
| --- | --- | --- | --- | --- | --- | --- |
{rows}

The export (median {export:.0f} ms) is what the UI froze for when Ctrl+S built the note on the UI
thread; now the event loop was never more than {worst:.0f} ms late meanwhile, and each key typed
reached the prompt within the slowest-key time above.
"""


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    write_result("tui_ctrl_s.md", main(*args))
