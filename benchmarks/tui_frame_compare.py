"""The frame benchmark's consult (`tui_frame.measure`) for this tree and an earlier commit, side by side.

Each round runs both codes once, in separate processes, in alternating order (so that a burst of
load on the shared machine hits both alike). Reports wall time from the event to its painted frame
and the process CPU time of the same span (steadier than wall time on a loaded machine).
Run: .venv/bin/python benchmarks/tui_frame_compare.py COMMIT [ROUNDS] [EVENTS]
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def child(tree: str, events: int, out: str) -> None:
    sys.path[:0] = [tree, tree + "/benchmarks"]
    import assistant

    assert assistant.__file__ is not None and assistant.__file__.startswith(tree), assistant.__file__
    import tui_frame

    Path(out).write_text(json.dumps(asyncio.run(tui_frame.measure(events))))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(commit: str, rounds: int = 3, events: int = 96) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        before = Path(tmp) / "before"
        before.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit], capture_output=True, check=True).stdout
        archive_path = Path(tmp) / "before.tar"
        archive_path.write_bytes(archive)
        with tarfile.open(archive_path) as tar:
            tar.extractall(before, filter="data")
        trees = {f"before ({commit})": str(before), "this tree": str(ROOT)}
        runs: dict[str, list[list[dict[str, Any]]]] = {name: [] for name in trees}
        for r in range(rounds):
            for name in list(trees) if r % 2 == 0 else list(reversed(trees)):
                out = Path(tmp) / "samples.json"
                subprocess.run([sys.executable, __file__, "--child", trees[name], str(events), str(out)],
                               check=True, cwd=tmp)
                runs[name].append(json.loads(out.read_text()))
    print("| code | events | median ms | p95 ms | CPU median ms | CPU p95 ms | medians per run |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, samples in runs.items():
        flat = [s for run in samples for s in run]
        wall, cpu = [s["total"] for s in flat], [s["cpu"] for s in flat]
        per_run = ", ".join(f"{statistics.median(s['total'] for s in run):.1f}" for run in samples)
        print(f"| {name} | {len(flat)} | {statistics.median(wall):.1f} | {percentile(wall, 0.95):.1f} "
              f"| {statistics.median(cpu):.1f} | {percentile(cpu, 0.95):.1f} | {per_run} |")


if __name__ == "__main__":
    if sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        main(sys.argv[1], *(int(a) for a in sys.argv[2:4]))
