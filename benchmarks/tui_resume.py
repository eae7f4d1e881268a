"""TUI `--resume` of a long consult vs a new consult: launch to first paint, in tmux (issue 14 point 2).

For each length (1,000 and 5,000 turns of the varied consult of benchmarks/resume_common.py,
recorded as the chat records one), each round launches, interleaved, `crs-assistant` (a new
consult: until its first question is on screen) and `crs-assistant --resume 1` (until its screen,
the conversation where it stopped and the prompt below it, is drawn), each in a fresh tmux session.
Target: resume at most 1.3x the new consult at any length. With BASELINE (the bin/ folder of
another build's venv) that build's new consult and resume run in the same rounds too.
Run: .venv/bin/python benchmarks/tui_resume.py [ROUNDS] [BASELINE]
"""

from __future__ import annotations

import json
import os
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


def first_paint(name: str, command: str, wanted: str, env: dict[str, str]) -> float:
    session = f"bench-{name}-{os.getpid()}"
    exports = " ".join(f"{k}={v}" for k, v in env.items())
    start = time.perf_counter()
    # if the app exits (a crash), the pane keeps what it printed, for the error below
    tmux("new-session", "-d", "-s", session, "-x", str(SIZE[0]), "-y", str(SIZE[1]),
         f"env {exports} {command}; echo exited with status $?; sleep {DEADLINE_S:.0f}")
    try:
        while time.perf_counter() - start < DEADLINE_S:
            if wanted in tmux("capture-pane", "-p", "-t", session):
                return time.perf_counter() - start
        raise RuntimeError(f"{name}: {wanted!r} not visible within {DEADLINE_S} s:\n"
                           + tmux("capture-pane", "-p", "-t", session))
    finally:
        tmux("kill-session", "-t", session)


def main(rounds: int = 7, lengths: tuple[int, ...] = (1000, 5000), baseline: Path | None = None) -> str:
    if shutil.which("tmux") is None:
        raise SystemExit("tmux is not installed")
    builds = {"this build": BIN.parent}
    if baseline is not None:
        builds[f"baseline {baseline.parent.parent.name}"] = baseline
    rows, worst = [], 0.0
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
    return f"""## TUI `--resume` of a long consult, first paint, vs a new consult (issue 14 point 2)

Launch to first paint in tmux ({SIZE[0]}x{SIZE[1]}): a new consult until its first question shows,
`--resume 1` until its prompt shows (drawn with the conversation where it stopped). {rounds}
interleaved rounds after a warm-up; load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.

| turns | build | new consult, ms (median) | `--resume`, ms (median) | ratio |
| --- | --- | --- | --- | --- |
{table}

**Worst ratio of this build {worst:.2f}x** (target at most 1.3x at any length): {"met" if worst <= 1.3 else "missed"}.
"""


if __name__ == "__main__":
    write_result("tui_resume.md", main(int(sys.argv[1]) if len(sys.argv) > 1 else 7,
                                       baseline=Path(sys.argv[2]).resolve() if len(sys.argv) > 2 else None))
