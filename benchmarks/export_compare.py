"""`crs-assistant export` of the long varied consult, this checkout beside another one (with its own
.venv, e.g. a worktree of main), interleaved in the same rounds, each exporting a store its own
code recorded (issue 14: at most 0.3 s each format).

Each checkout records the consult of benchmarks/resume_common.py (5,000 varied turns) with a fixed
clock, so both stores hold the same consult and every export must be the same bytes: checked
(sha256 of each format's output) before anything is timed. Then, interleaved: `export 1 --format F`
for each format (whole processes, output to /dev/null) and `sessions` under each checkout; then in
process, each format as the CLI builds it (`stored_export`, best of 3) under each.

Run: .venv/bin/python benchmarks/export_compare.py OTHER_CHECKOUT [ROUNDS] [TURNS]
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _timing import ROOT, interleaved, median, write_result

FORMATS = ("txt", "md", "html", "json")
RECORD = """
import sys
from itertools import count
from pathlib import Path
sys.path.insert(0, {benchmarks!r})
from assistant.store import SessionStore
ticks = count()
def clock():
    n = next(ticks)
    return f"2026-12-01T{{7 + n // 3600 % 12:02d}}:{{n // 60 % 60:02d}}:{{n % 60:02d}}.{{n % 1000:03d}}Z"
real = SessionStore.open.__func__
SessionStore.open = classmethod(lambda cls, target, **kw: real(cls, target, **{{"clock": clock, **kw}}))
from resume_common import record
record(Path({db!r}), {turns})
"""
INSIDE = """
import hashlib, json, time
from pathlib import Path
from assistant.cli.commands.export import stored_export
from assistant.store import SessionStore
out = {{}}
with SessionStore.open(Path({db!r})) as store:
    for fmt in {formats!r}:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            text = stored_export(store, 1, fmt)
            best = min(best, time.perf_counter() - start)
        out[fmt] = [best * 1000, len(text.encode()), hashlib.sha256(text.encode()).hexdigest()]
print(json.dumps(out))
"""


def main(other: str, rounds: int = 5, turns: int = 5000) -> str:
    checkouts = {"other": Path(other).resolve(), "this": ROOT}
    folder = Path(tempfile.mkdtemp(prefix="crs-bench-export-compare-"))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE")}
    try:
        data = {name: folder / name for name in checkouts}
        for name, code in checkouts.items():
            data[name].mkdir()
            subprocess.run([str(code / ".venv/bin/python"), "-c",
                            RECORD.format(benchmarks=str(code / "benchmarks"), db=str(data[name] / "sessions.db"),
                                          turns=turns)], env=env, cwd=folder, check=True)
        outputs: dict[str, dict[str, str]] = {}
        for name, code in checkouts.items():
            outputs[name] = {}
            for fmt in FORMATS:
                text = subprocess.run([str(code / ".venv/bin/crs-assistant"), "export", "1", "--format", fmt],
                                      env={**env, "CRS_ASSISTANT_DATA": str(data[name])}, capture_output=True,
                                      check=True).stdout
                outputs[name][fmt] = hashlib.sha256(text).hexdigest()
        same = {fmt: outputs["other"][fmt] == outputs["this"][fmt] for fmt in FORMATS}
        commands: dict[str, list[str]] = {}
        for name, code in checkouts.items():
            run = ["env", f"CRS_ASSISTANT_DATA={data[name]}", str(code / ".venv/bin/crs-assistant")]
            commands[f"{name} sessions"] = [*run, "sessions"]
            for fmt in FORMATS:
                commands[f"{name} export {fmt}"] = [*run, "export", "1", "--format", fmt]
        times = interleaved(commands, rounds, warmup=1)  # with the bytecode cache (`_timing.user_env`)
        inside = {name: json.loads(subprocess.run(
            [str(code / ".venv/bin/python"), "-c", INSIDE.format(db=str(data[name] / "sessions.db"), formats=FORMATS)],
            env=env, capture_output=True, text=True, check=True).stdout) for name, code in checkouts.items()}
        sizes = {name: (data[name] / "sessions.db").stat().st_size / 2**20 for name in checkouts}
    finally:
        shutil.rmtree(folder)
    med = {name: median(values) for name, values in times.items()}
    rows = [f"| `sessions` | {med['other sessions']:.0f} | {med['this sessions']:.0f} | "
            f"{med['this sessions'] / med['other sessions']:.2f}x | | | |"]
    for fmt in FORMATS:
        o, t = med[f"other export {fmt}"], med[f"this export {fmt}"]
        rows.append(f"| `export {fmt}` | {o:.0f} | {t:.0f} | {t / o:.2f}x | {inside['other'][fmt][0]:.0f} | "
                    f"{inside['this'][fmt][0]:.0f} | {inside['this'][fmt][1] / 2**20:.1f} |")
    table = "\n".join(rows)
    identical = "every format the same bytes" if all(same.values()) else \
        "DIFFERENT output: " + ", ".join(f for f, s in same.items() if not s)
    worst = max(med[f"this export {fmt}"] for fmt in FORMATS)
    return f"""## `export` of a {turns:,}-turn varied consult: {checkouts['other']} beside this checkout

Each checkout recorded the consult itself with a fixed clock (stores {sizes['other']:.0f} and
{sizes['this']:.0f} MiB): {identical}. {rounds} interleaved rounds of whole processes after a warm-up
(output to /dev/null), medians; in process: `stored_export`, best of 3. Load average at the end
{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.

| command | other, ms | this, ms | this / other | in process, other, ms | in process, this, ms | written, MiB |
| --- | --- | --- | --- | --- | --- | --- |
{table}

**Slowest export format here: {worst:.0f} ms** (target at most 300 ms each): {"met" if worst <= 300 else "missed"}.
"""


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    write_result("export_compare.md", main(sys.argv[1], *(int(a) for a in sys.argv[2:])))
