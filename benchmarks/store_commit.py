"""The cost of committing each turn, beside the engine's own time for that turn.

A scripted consult is run turn by turn as `chat` runs it: `step` (the engine), then `on_event`
(compute the grade, insert the event, update the listing row, commit with synchronous=FULL).
Both are timed for every turn, side by side, in a real file in the data folder's file system.
Run: .venv/bin/python benchmarks/store_commit.py [TURNS]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from store_common import CYCLE, median

from assistant.store.consult import open_consult
from dialogs.engine import step
from dialogs.state import Event


def run(turns: int, base: Path) -> tuple[list[float], dict[str, list[float]]]:
    """Each turn is stepped once, then committed to a FULL store and to a NORMAL one, in turn."""
    consults = {mode: open_consult(data_dir=str(base / mode), no_store=False, resume=None)
                for mode in ("FULL", "NORMAL")}
    store = consults["NORMAL"].store
    assert store is not None
    store._conn.execute("PRAGMA synchronous = NORMAL")  # comparison only: the product always uses FULL
    state, _ = consults["FULL"].start
    engine: list[float] = []
    commit: dict[str, list[float]] = {mode: [] for mode in consults}
    for n in range(turns):
        event = Event("text", CYCLE[n % len(CYCLE)])
        t0 = time.perf_counter()
        state, _ = step(state, event)
        engine.append((time.perf_counter() - t0) * 1000)
        for mode, consult in consults.items():
            t1 = time.perf_counter()
            consult.on_event(event, state)
            commit[mode].append((time.perf_counter() - t1) * 1000)
    for consult in consults.values():
        consult.close()
    return engine, commit


def section(turns: int = 520) -> str:
    base = Path(tempfile.mkdtemp(prefix="crs-bench-commit-", dir=Path.home()))
    try:
        run(40, base / "warm-up")
        engine, commit = run(turns, base)
    finally:
        shutil.rmtree(base)
    rows = []
    for mode, times in commit.items():
        rows.append(f"| {mode}{' (default)' if mode == 'FULL' else ''} | {median(times):.3f} | "
                    f"{median(times) / median(engine):.2f} | {sum(times) / sum(engine):.2f} | {max(times):.1f} |")
    table = "\n".join(rows)
    return f"""## Committing each turn, beside the turn's engine time

{turns} turns of the bedside cycle. Each turn: `step` (the engine) once, timed; then `on_event`
(grade, insert the event, update the listing row, commit) into two stores, each timed: one with
synchronous=FULL (the default) and one with NORMAL. Files under {Path.home()} (ext4, the default
data folder's file system).

Engine time per turn: median {median(engine):.3f} ms, mean {sum(engine) / len(engine):.3f} ms.

| synchronous | commit ms (median) | commit / engine (medians) | commit / engine (totals) | worst commit ms |
| --- | --- | --- | --- | --- |
{table}

FULL is the default: a committed turn survives a power cut as well as a killed process; its
cost is the fsync of the write-ahead log. NORMAL (shown only for comparison) survives a killed
process but may lose the last turns on power loss. Either way a turn's commit stays under a
few milliseconds, far below anything a person typing can notice.
"""


if __name__ == "__main__":
    print(section(int(sys.argv[1]) if len(sys.argv) > 1 else 520))
