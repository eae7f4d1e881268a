"""`assess --batch` throughput of an earlier commit beside this work tree, interleaved, same inputs.

The inputs are `batch_throughput.py`'s (20,000 cases, varied slot values; 20,000 varied free-text
lines). Each round runs the earlier commit and this tree once on each input, so machine noise
(the machine is shared) hits both alike; the load average is noted at the start of each round.
The two outputs are also compared byte for byte. Needs git (the commit is exported with
`git archive` to a temporary folder and run with this tree's interpreter and packages).
Run: .venv/bin/python benchmarks/batch_compare.py REF [CASES] [ROUNDS]
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from _timing import ROOT, median, write_result
from batch_throughput import cases, text_cases


def _export(ref: str, into: Path) -> None:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")


def _run(source: Path, data: Path) -> tuple[float, str]:
    env = {**os.environ, "PYTHONPATH": str(source)}
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "assistant", "assess", "--batch", str(data)], env=env,
                         check=True, capture_output=True).stdout
    return (time.perf_counter() - start) * 1000, hashlib.sha256(out).hexdigest()


def main(ref: str, n: int = 20_000, rounds: int = 3) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        _export(ref, base)
        inputs = {"varied slot values": Path(tmp) / "slots.jsonl", "varied free `text`": Path(tmp) / "text.jsonl"}
        inputs["varied slot values"].write_text(cases(n))
        inputs["varied free `text`"].write_text(text_cases(n))
        times: dict[tuple[str, str], list[float]] = {}
        same: dict[str, bool] = dict.fromkeys(inputs, True)
        loads = []
        for _ in range(rounds):
            loads.append(os.getloadavg()[0])
            for what, data in inputs.items():
                before, before_hash = _run(base, data)
                after, after_hash = _run(ROOT, data)
                times.setdefault((what, ref), []).append(before)
                times.setdefault((what, "this tree"), []).append(after)
                same[what] = same[what] and before_hash == after_hash
                print(f"{what}: {ref} {before:.0f} ms, this tree {after:.0f} ms", flush=True)
    rows = []
    for what in inputs:
        for who in (ref, "this tree"):
            ms = median(times[(what, who)])
            runs = ", ".join(f"{t:.0f}" for t in times[(what, who)])
            rows.append(f"| {what} | {who} | {ms:.0f} ({runs}) | {n / (ms / 1000):,.0f} |")
        rows.append(f"| {what} | output identical | {'yes' if same[what] else 'NO'} | |")
    write_result("batch_compare.md", f"""## `assess --batch`: {ref} beside this tree

{n:,} cases per input, {rounds} interleaved rounds, whole process; load average (1 min) at the
start of each round: {", ".join(f"{x:.1f}" for x in loads)} (2 cores, shared).

| input | code | median ms (each run) | cases per second |
| --- | --- | --- | --- |
{chr(10).join(rows)}
""")


if __name__ == "__main__":
    args = sys.argv[1:]
    main(args[0], *(int(a) for a in args[1:]))
