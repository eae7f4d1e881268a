"""Cold `crs-assistant assess`, with flags only and with `--text`, against bare interpreters.

Issue 14's targets: `assess --text "..." --format json` at most 1.0x `python -c "import pydantic"`
(the run-time path pays nothing for pydantic), and `assess --format json` with flags only at
most 5x `python -c pass`. Whole-process wall time, median of interleaved rounds (each round runs
every command once, so machine noise hits all alike). Each program runs from its compiled
snapshot (the first, warm-up runs write it); `CRS_ASSISTANT_CACHE=off` rows show the same run
validating every file instead. `--baseline DIR` adds another checkout's program (DIR/.venv/bin)
to the same rounds, for a side-by-side figure.

Wall times on a shared machine move with its load; where valgrind is installed, each command is
also run once under callgrind, whose count of instructions executed does not (`--no-instructions`
to skip it). The instruction ratio is not the wall-time ratio (the interpreter's start-up runs
at a different speed per instruction than compiling regular expressions), but it moves only when
the work done does.

Run: .venv/bin/python benchmarks/cold_start.py [RUNS] [--baseline DIR] [--no-instructions]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from _timing import median, write_result

BIN = Path(sys.executable).parent
FLAGS = ["assess", "--temp", "101.8F", "--anticytokine-given", "--hypotension", "one-pressor", "--oxygen", "high-flow",
         "--steroids", "none", "--tocilizumab-doses", "1", "--anakinra-mg-day", "400", "--weight", "70",
         "--neutropenic", "--no-icans", "--format", "json"]
TEXT = ["assess", "--text", "Tmax 101.8F, levo + vaso, HFNC 40L, on dex 10 q6, toci x1, 70 kg, ANC 0.3",
        "--format", "json"]

Command = tuple[list[str], dict[str, str]]


def _run(cmd: Sequence[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
    return (time.perf_counter() - start) * 1000


def _rounds(commands: dict[str, Command], runs: int, warmup: int = 3) -> dict[str, list[float]]:
    for _ in range(warmup):  # writes each program's bytecode and compiled snapshot
        for cmd, env in commands.values():
            _run(cmd, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (cmd, env) in commands.items():
            times[name].append(_run(cmd, env))
    return times


def instructions(cmd: Sequence[str], env: dict[str, str]) -> int | None:
    """Instructions executed by one run (valgrind's callgrind), or None without valgrind."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    proc = subprocess.run([valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
    found = re.search(r"Collected : (\d+)", proc.stderr)
    return int(found.group(1)) if found else None


def commands(baseline: Path | None, scratch: Path) -> dict[str, Command]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "CRS_ASSISTANT_KB",
                                                           "CRS_ASSISTANT_DIALOGS")}
    ours = {**env, "CRS_ASSISTANT_CACHE": str(scratch / "ours")}
    off = {**env, "CRS_ASSISTANT_CACHE": "off"}
    found: dict[str, Command] = {
        "python -c pass": ([sys.executable, "-c", "pass"], env),
        "python -c 'import pydantic'": ([sys.executable, "-c", "import pydantic"], env),
        "assess (flags)": ([str(BIN / "crs-assistant"), *FLAGS], ours),
        "assess --text": ([str(BIN / "crs-assistant"), *TEXT], ours),
        "assess (flags), CRS_ASSISTANT_CACHE=off": ([str(BIN / "crs-assistant"), *FLAGS], off),
    }
    if baseline is not None:
        program = str(baseline / ".venv" / "bin" / "crs-assistant")
        base = {**env, "CRS_ASSISTANT_CACHE": str(scratch / "baseline")}
        found["baseline assess (flags)"] = ([program, *FLAGS], base)
        found["baseline assess --text"] = ([program, *TEXT], base)
    return found


def main(runs: int = 21, baseline: Path | None = None, count: bool = True) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="cold-start-") as scratch:
        found = commands(baseline, Path(scratch))
        times = _rounds(found, runs)
        counted = {name: instructions(cmd, env) for name, (cmd, env) in found.items()
                   if count and "CACHE=off" not in name}
    med = {name: median(t) for name, t in times.items()}
    ratios = {
        "assess --text / import pydantic": med["assess --text"] / med["python -c 'import pydantic'"],
        "assess (flags) / python -c pass": med["assess (flags)"] / med["python -c pass"],
    }
    if baseline is not None:
        ratios["baseline --text / import pydantic"] = med["baseline assess --text"] / med["python -c 'import pydantic'"]
        ratios["baseline (flags) / python -c pass"] = med["baseline assess (flags)"] / med["python -c pass"]
    rows = "\n".join(f"| {name} | {med[name]:.1f} | {min(t):.1f} |" for name, t in times.items())
    ratio_rows = "\n".join(f"| {name} | {value:.2f}x |" for name, value in ratios.items())
    try:
        load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        load = "unknown"
    against = f"; baseline: {baseline}" if baseline is not None else ""
    counts = ""
    if counted and all(v is not None for v in counted.values()):
        n = {name: float(v or 0) for name, v in counted.items()}
        count_rows = "\n".join(f"| {name} | {v / 1e6:.0f} |" for name, v in n.items())
        count_ratios = [("assess --text / import pydantic", "assess --text", "python -c 'import pydantic'"),
                        ("assess (flags) / python -c pass", "assess (flags)", "python -c pass")]
        if baseline is not None:
            count_ratios += [
                ("baseline --text / import pydantic", "baseline assess --text", "python -c 'import pydantic'"),
                ("baseline (flags) / python -c pass", "baseline assess (flags)", "python -c pass")]
        ratio_lines = "\n".join(f"| {label} | {n[a] / n[b]:.2f}x |" for label, a, b in count_ratios)
        counts = f"""
Instructions executed, one run each under valgrind's callgrind (independent of the machine's load):

| command | million instructions |
| --- | --- |
{count_rows}

| ratio (instructions) | value |
| --- | --- |
{ratio_lines}
"""
    write_result("cold_start.md", f"""## Cold start of `assess` (issue 14: compiled content)

{runs} interleaved rounds, {platform.python_implementation()} {platform.python_version()}, {platform.machine()},
load average before writing {load}{against}. Programs run from their compiled snapshot (written
in the warm-up rounds); the `CRS_ASSISTANT_CACHE=off` row validates every file on every run.

| command | median ms | best ms |
| --- | --- | --- |
{rows}

| ratio (medians) | value |
| --- | --- |
{ratio_rows}
{counts}
Targets: `assess --text` <= 1.0x `import pydantic`; `assess` with flags <= 5x `python -c pass`.
""")
    return ratios


if __name__ == "__main__":
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("runs", nargs="?", type=int, default=21)
    cli.add_argument("--baseline", type=Path, help="another checkout with its own .venv, run in the same rounds")
    cli.add_argument("--no-instructions", action="store_true", help="skip the callgrind instruction counts")
    options = cli.parse_args()
    main(options.runs, options.baseline, count=not options.no_instructions)
