"""Shared helpers: run commands side by side, interleaved, and summarise wall times."""

from __future__ import annotations

import os
import pty
import statistics
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
# The programs run as a user runs them: Python writes and reuses its bytecode. A shell that sets
# PYTHONDONTWRITEBYTECODE (this team's sandbox does) would make every run compile our modules from
# source, which no user's run does, and charge it to the side that has no .pyc yet.
def user_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall_ms(cmd: Sequence[str], stdin: bytes | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=user_env())
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


def _read(fd: int) -> bytes:
    """What a pseudo-terminal's command wrote; EOFError once it has closed (Linux says EIO)."""
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        chunk = b""
    if not chunk:
        raise EOFError
    return chunk


def to_prompt_ms(cmd: Sequence[str], prompt: bytes = b"> ") -> tuple[float, float, float]:
    """`cmd` on a terminal of its own (a pseudo-terminal, as a person runs it), timed until it shows
    `prompt` and waits there; then it is sent an end of input (Ctrl+D). Returns (ms to the prompt,
    ms to the process's exit, its CPU time in ms, user and system): the CPU time moves less with the
    machine's load than the wall times do."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command, with the terminal as its stdin, stdout and stderr
        os.execve(cmd[0], list(cmd), user_env())
    shown = b""
    try:
        while not shown.endswith(prompt):
            shown += _read(fd)
        reached = (time.perf_counter() - start) * 1000
        os.write(fd, b"\x04")
        while _read(fd):
            pass
    except EOFError:
        if not shown.endswith(prompt):
            raise RuntimeError(f"{cmd} ended before its prompt: {shown[-300:]!r}") from None
    finally:
        _, status, usage = os.wait4(pid, 0)
        os.close(fd)
    if status != 0:
        raise RuntimeError(f"{cmd} exited with status {status}")
    return reached, (time.perf_counter() - start) * 1000, (usage.ru_utime + usage.ru_stime) * 1000


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def write_result(name: str, markdown: str) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / name).write_text(markdown)
    print(markdown)
