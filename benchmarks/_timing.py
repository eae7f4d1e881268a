"""Shared helpers: run commands side by side, interleaved, and summarise wall times."""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"


def wall_ms(cmd: Sequence[str], stdin: bytes | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - start) * 1000


def interleaved(commands: dict[str, Sequence[str]], runs: int, warmup: int = 2) -> dict[str, list[float]]:
    """Each round runs every command once, so machine noise hits all of them alike."""
    for _ in range(warmup):
        for cmd in commands.values():
            wall_ms(cmd)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            times[name].append(wall_ms(cmd))
    return times


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def write_result(name: str, markdown: str) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / name).write_text(markdown)
    print(markdown)
