"""TUI `--resume` of a long consult vs a new consult: launch to first paint, in tmux (issue 14 point 2).

For each length (1,000 and 5,000 turns of the varied consult of benchmarks/resume_common.py,
recorded as the chat records one), each round launches, interleaved, `crs-assistant` (a new
consult: until its first question is on screen) and `crs-assistant --resume 1` (until its screen,
the conversation where it stopped and the prompt below it, is drawn), each in a fresh tmux session.
Target: resume at most 1.3x the new consult at any length. With BASELINE (the bin/ folder of
another build's venv) that build's new consult and resume run in the same rounds too.
Where valgrind is installed each build's new consult and resume are also counted once under
callgrind, in process to their first frame (`tui_first_frame.py`): instructions, which the
machine's load does not move (`--no-instructions` skips them).
Run: .venv/bin/python benchmarks/tui_resume.py [ROUNDS] [BASELINE] [--no-instructions]
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import median, write_result
from resume_common import record

BIN = Path(sys.executable).parent / "crs-assistant"
SIZE = (120, 40)
DEADLINE_S = 60.0
# the resumed screen ends with the last turn's replies (often a tall plan) above the prompt, so the
# resume notice may be scrolled out of view: wait for the prompt, drawn in the same first frame
RESUMED = "Type a case, an answer or a question"


# a server of its own: other benchmarks on the machine may stop theirs (or the default one) meanwhile
SOCKET = f"crs-bench-resume-{os.getpid()}"


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=False).stdout


class Vanished(Exception):
    """The tmux server went away under the measurement (other work on the machine killed it)."""


def first_paint(name: str, command: str, wanted: str, env: dict[str, str], tries: int = 3) -> float:
    """Launch to `wanted` on screen; launched again (at most `tries` times) if the tmux server vanished."""
    for _ in range(tries - 1):
        try:
            return _first_paint(name, command, wanted, env)
        except Vanished:
            print(f"{name}: the tmux server vanished; launched again", file=sys.stderr)
    return _first_paint(name, command, wanted, env)


def _first_paint(name: str, command: str, wanted: str, env: dict[str, str]) -> float:
    session = f"bench-{name}-{os.getpid()}"
    exports = " ".join(f"{k}={v}" for k, v in env.items())
    start = time.perf_counter()
    # if the app exits (a crash), the pane keeps what it printed, for the error below
    tmux("new-session", "-d", "-s", session, "-x", str(SIZE[0]), "-y", str(SIZE[1]),
         f"env {exports} {command}; echo exited with status $?; sleep {DEADLINE_S:.0f}")
    try:
        while time.perf_counter() - start < DEADLINE_S:
            pane = subprocess.run(["tmux", "-L", SOCKET, "capture-pane", "-p", "-t", session],
                                  capture_output=True, text=True, check=False)
            if pane.returncode != 0:
                raise Vanished(pane.stderr)
            if wanted in pane.stdout:
                return time.perf_counter() - start
        raise RuntimeError(f"{name}: {wanted!r} not visible within {DEADLINE_S} s:\n"
                           + tmux("capture-pane", "-p", "-t", session))
    finally:
        tmux("kill-session", "-t", session)


def instructions(python: Path, mode: str, env: dict[str, str]) -> int | None:
    """Instructions one in-process launch to the first frame executes (callgrind); None without valgrind."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    proc = subprocess.run([valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", str(python),
                           str(Path(__file__).with_name("tui_first_frame.py")), mode],
                          env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          check=True)
    found = re.search(r"Collected : (\d+)", proc.stderr)
    return int(found.group(1)) if found else None


def main(rounds: int = 7, lengths: tuple[int, ...] = (1000, 5000), baseline: Path | None = None,
         count: bool = True) -> str:
    if shutil.which("tmux") is None:
        raise SystemExit("tmux is not installed")
    builds = {"this build": BIN.parent}
    if baseline is not None:
        builds[f"baseline {baseline.parent.parent.name}"] = baseline
    rows, worst, counted, worst_counted = [], 0.0, [], 0.0
    for turns in lengths:
        data = Path(tempfile.mkdtemp(prefix="crs-bench-tui-resume-"))
        try:
            (data / "settings.json").write_text(json.dumps({"persona": "clinician", "theme": "textual-dark"}))
            record(data / "sessions.db", turns)
            env = {"CRS_ASSISTANT_DATA": str(data), "TERM": "xterm-256color", "PYTHONDONTWRITEBYTECODE": ""}
            new: dict[str, list[float]] = {name: [] for name in builds}
            resumed: dict[str, list[float]] = {name: [] for name in builds}
            for n in range(rounds + 1):  # the first round warms the caches and is not counted
                for name, bin_dir in builds.items():
                    command = str(bin_dir / "crs-assistant")
                    a = first_paint("new", command, "What is the highest temperature", env)
                    b = first_paint("resume", f"{command} --resume 1", RESUMED, env)
                    if n:
                        new[name].append(a * 1000)
                        resumed[name].append(b * 1000)
            for name, bin_dir in builds.items() if count else ():
                fresh_i, again_i = (instructions(bin_dir / "python", mode, env) for mode in ("new", "resume"))
                if fresh_i and again_i:
                    if name == "this build":
                        worst_counted = max(worst_counted, again_i / fresh_i)
                    counted.append(f"| {turns:,} | {name} | {fresh_i / 1e6:,.0f} | {again_i / 1e6:,.0f} | "
                                   f"{again_i / fresh_i:.2f}x |")
        finally:
            shutil.rmtree(data)
            tmux("kill-server")
        for name in builds:
            ratio = median(resumed[name]) / median(new[name])
            if name == "this build":
                worst = max(worst, ratio)
            fresh, again = median(new[name]), median(resumed[name])
            rows.append(f"| {turns:,} | {name} | {fresh:.0f} | {again:.0f} | {ratio:.2f}x |")
    table = "\n".join(rows)
    counted_worst = f", {worst_counted:.2f}x in instructions" if counted else ""
    counts = "" if not counted else (
        "\n\nInstructions (callgrind, one in-process launch each to its first frame, `tui_first_frame.py`):\n\n"
        "| turns | build | new consult, millions | `--resume`, millions | ratio |\n| --- | --- | --- | --- | --- |\n"
        + "\n".join(counted))
    return f"""## TUI `--resume` of a long consult, first paint, vs a new consult (issue 14 point 2)

Launch to first paint in tmux ({SIZE[0]}x{SIZE[1]}): a new consult until its first question shows,
`--resume 1` until its prompt shows (drawn with the conversation where it stopped). {rounds}
interleaved rounds after a warm-up; load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.

| turns | build | new consult, ms (median) | `--resume`, ms (median) | ratio |
| --- | --- | --- | --- | --- |
{table}{counts}

**Worst ratio of this build {worst:.2f}x in wall time{counted_worst}** (target at most 1.3x at any length):
{"met" if max(worst, worst_counted) <= 1.3 else "missed"}.
"""


if __name__ == "__main__":
    given = [a for a in sys.argv[1:] if a != "--no-instructions"]
    write_result("tui_resume.md", main(int(given[0]) if given else 7,
                                       baseline=Path(given[1]).resolve() if len(given) > 1 else None,
                                       count="--no-instructions" not in sys.argv))
