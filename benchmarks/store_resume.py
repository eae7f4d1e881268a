"""Resume and export of a long stored consult, as the CLI runs them (issue 14 point 2).

Builds a varied consult of 5,000 turns (benchmarks/resume_common.py: recorded as the chat records
one, with its replies as shown and its state), then, interleaved in each round:

- `crs-assistant chat --resume 1` beside a new `crs-assistant chat` on the same store, each on a
  pseudo-terminal of its own and timed until its prompt (`> `) shows (then sent Ctrl+D): target at
  most 1.3x. These two run in rounds of their own (CHAT_ROUNDS of them), not between the exports: an
  export reads and writes 30-130 MiB just before, and five rounds of the pair among them gave 1.37x
  where the pair alone gave 1.1-1.25x (see the README's row). Their time to exit and CPU time are
  shown too;
- `crs-assistant export 1 --format F` for each format (the whole process, output to /dev/null):
  target at most 0.3 s each; beside it `crs-assistant sessions` (the same store, a listing);
- in process: each format as the CLI builds it (`stored_export`), with the size it writes, so that
  its time can be read against what it writes; and, for reference, the same export through a full
  replay of the events (the way every export went before version 5 of the store).

Run: .venv/bin/python benchmarks/store_resume.py [ROUNDS] [TURNS]
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from _timing import interleaved, median, to_prompt_ms, write_result
from resume_common import record

BIN = Path(sys.executable).parent / "crs-assistant"
FORMATS = ("md", "html", "json", "txt")
CHAT_ROUNDS = 15


def chat_rounds(session_id: int, rounds: int = CHAT_ROUNDS) -> dict[str, list[tuple[float, float, float]]]:
    """A new chat and the resume, interleaved, each to its prompt on a terminal (after one warm-up each)."""
    pair = {"chat (new)": [str(BIN), "chat"], "chat --resume": [str(BIN), "chat", "--resume", str(session_id)]}
    for cmd in pair.values():
        to_prompt_ms(cmd)
    found: dict[str, list[tuple[float, float, float]]] = {name: [] for name in pair}
    for _ in range(rounds):
        for name, cmd in pair.items():
            found[name].append(to_prompt_ms(cmd))
    return found


def replayed_export_ms(db: Path, session_id: int) -> dict[str, float]:
    """In process: each format as exports were built before (every event replayed)."""
    from assistant.export import build_view, render_view
    from assistant.store import SessionStore

    out = {}
    with SessionStore.open(db) as store:
        meta, events, shown = store.meta(session_id), store.events(session_id), store.shown(session_id)
        for fmt in FORMATS:
            start = time.perf_counter()
            render_view(build_view(events, meta, shown=shown), fmt)  # type: ignore[arg-type]
            out[fmt] = (time.perf_counter() - start) * 1000
    return out


def stored_export_ms(db: Path, session_id: int) -> dict[str, tuple[float, int]]:
    """In process: each format as `crs-assistant export` builds it (ms, bytes written); best of 3."""
    from assistant.cli.commands.export import stored_export
    from assistant.store import SessionStore

    out: dict[str, tuple[float, int]] = {}
    with SessionStore.open(db) as store:
        for fmt in FORMATS:
            best, size = float("inf"), 0
            for _ in range(3):
                start = time.perf_counter()
                size = len(stored_export(store, session_id, fmt).encode())
                best = min(best, (time.perf_counter() - start) * 1000)
            out[fmt] = (best, size)
    return out


def main(rounds: int = 5, turns: int = 5000) -> str:
    folder = Path(tempfile.mkdtemp(prefix="crs-bench-resume-"))
    try:
        db = folder / "sessions.db"
        start = time.perf_counter()
        session_id = record(db, turns)
        built = time.perf_counter() - start
        size = os.path.getsize(db) / 2**20
        os.environ["CRS_ASSISTANT_DATA"] = str(folder)
        load = os.getloadavg()[0]
        chats = chat_rounds(session_id)
        commands: dict[str, Sequence[str]] = {"sessions": [str(BIN), "sessions"]}
        for fmt in FORMATS:
            commands[f"export {fmt}"] = [str(BIN), "export", str(session_id), "--format", fmt]
        times = interleaved(commands, rounds, warmup=1)
        before = replayed_export_ms(db, session_id)
        inside = stored_export_ms(db, session_id)
    finally:
        shutil.rmtree(folder)
    medians = {name: [median([run[i] for run in runs]) for i in range(3)] for name, runs in chats.items()}
    new, resumed = medians["chat (new)"][0], medians["chat --resume"][0]
    chat_rows = "\n".join(f"| `{name}` | {m[0]:.0f} | {min(run[0] for run in chats[name]):.0f} | {m[1]:.0f} | "
                          f"{m[2]:.0f} |" for name, m in medians.items())
    exit_ratio = medians["chat --resume"][1] / medians["chat (new)"][1]
    cpu_ratio = medians["chat --resume"][2] / medians["chat (new)"][2]
    rows = "\n".join(f"| `{name}` | {median(v):.0f} | {min(v):.0f} | {max(v):.0f} |" for name, v in times.items())
    exports = "\n".join(f"| {fmt} | {median(times[f'export {fmt}']):.0f} | {inside[fmt][0]:.0f} | "
                        f"{inside[fmt][1] / 2**20:.1f} | {before[fmt]:.0f} |" for fmt in FORMATS)
    worst = max(median(times[f"export {fmt}"]) for fmt in FORMATS)
    return f"""## Resume and export of a {turns:,}-turn consult (issue 14 point 2)

One stored consult of {turns:,} varied turns (`benchmarks/resume_common.py`; recorded in
{built:.0f} s; store {size:.0f} MiB); load average at the start {load:.1f} on {os.cpu_count()} cores.

A new `chat` and `chat --resume`, {CHAT_ROUNDS} interleaved rounds after a warm-up, each on a terminal of its
own, to its prompt (medians; then each is sent Ctrl+D: its exit and CPU time, user and system):

| command | to the prompt, ms | best ms | to exit, ms | CPU ms |
| --- | --- | --- | --- | --- |
{chat_rows}

**`chat --resume` to the prompt: {resumed / new:.2f}x a new `chat`** ({resumed:.0f} vs {new:.0f} ms; target at
most 1.3x): {"met" if resumed / new <= 1.3 else "missed"}. To exit {exit_ratio:.2f}x; CPU time {cpu_ratio:.2f}x.

Then {rounds} interleaved rounds of whole processes (output to /dev/null) after a warm-up:

| command | median ms | best ms | worst ms |
| --- | --- | --- | --- |
{rows}

| format | whole process, ms (median) | in process, ms (best of 3) | written, MiB | before: every event replayed, ms |
| --- | --- | --- | --- | --- |
{exports}

**Slowest export format: {worst:.0f} ms** (target at most 300 ms each): {"met" if worst <= 300 else "missed"}.
"""


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    write_result("resume.md", main(*args))
