"""Launch to first usable question, in a real terminal (tmux): `crs-assistant` vs a minimal app.

Each round starts every program once (interleaved, so machine noise hits them alike) in a fresh
tmux session, polls `capture-pane` until the first question is on screen, then samples the
process's peak resident memory (VmHWM) once the screen has settled. `crs-assistant` loads its
engine before its first paint, so its question is usable (can be answered) when it shows.
Issue 14 allows at most 1.3x the minimal app's time with no preview cache; issue 4 1.5x its memory.
With BASELINE (the bin/ folder of another build's venv, e.g. a worktree of main) that build's
`crs-assistant` runs in the same rounds, with and without its cached first-question preview if
it has one (without it, its question shows once its engine has loaded: usable then too).
Run: .venv/bin/python benchmarks/tui_startup.py [ROUNDS] [BASELINE]
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import RESULTS, median

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TARGET_TEXT = "What is the highest temperature"
SIZE = (120, 40)
DEADLINE_S = 20.0


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def peak_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def launch(name: str, command: str, env: dict[str, str]) -> tuple[float, int]:
    """Seconds from launch until TARGET_TEXT is visible, and the peak RSS in KiB."""
    session = f"bench-{name}-{os.getpid()}"
    exports = " ".join(f"{k}={v}" for k, v in env.items())
    start = time.perf_counter()
    tmux("new-session", "-d", "-s", session, "-x", str(SIZE[0]), "-y", str(SIZE[1]),
         f"exec env {exports} {command}")
    try:
        pid = int(tmux("list-panes", "-t", session, "-F", "#{pane_pid}").strip() or 0)
        elapsed = None
        while time.perf_counter() - start < DEADLINE_S:
            if TARGET_TEXT in tmux("capture-pane", "-p", "-t", session):
                elapsed = time.perf_counter() - start
                break
        if elapsed is None:
            screen = tmux("capture-pane", "-p", "-t", session)
            raise RuntimeError(f"{name}: '{TARGET_TEXT}' not visible within {DEADLINE_S} s:\n{screen}")
        peak, settled_at = peak_kib(pid), time.perf_counter()
        while time.perf_counter() - settled_at < 0.5:  # let deferred work finish, keep the highest mark
            time.sleep(0.05)
            peak = max(peak, peak_kib(pid))
        return elapsed, peak
    finally:
        tmux("kill-session", "-t", session)


def main(rounds: int = 11, baseline: Path | None = None) -> tuple[float, float]:
    if shutil.which("tmux") is None:
        raise SystemExit("tmux is not installed")
    data = Path(tempfile.mkdtemp(prefix="crs-bench-"))
    (data / "settings.json").write_text(json.dumps({"persona": "clinician", "theme": "textual-dark"}))
    # bytecode caches as an installed wheel has them (pip compiles on install): the warm-up run
    # writes them even where the environment says PYTHONDONTWRITEBYTECODE
    env = {"CRS_ASSISTANT_DATA": str(data), "TERM": "xterm-256color", "PYTHONDONTWRITEBYTECODE": ""}
    # the compiled content snapshot lives here (a baseline's first-question preview too: the run
    # without it deletes it before each launch, so that question waits for its engine)
    cache = os.environ.get("CRS_ASSISTANT_CACHE") or tempfile.mkdtemp(prefix="crs-bench-cache-")
    env["CRS_ASSISTANT_CACHE"] = cache
    programs = {
        "minimal Textual app (Static + Input)": f"{sys.executable} {ROOT / 'benchmarks' / 'minimal_app.py'}",
        "crs-assistant (engine loaded before the first paint; the store at the first answer)":
            str(BIN / "crs-assistant"),
    }
    if baseline is not None:
        preview = Path(cache) / "tui-preview.json"
        programs[f"baseline {baseline.parent.parent.name}: crs-assistant (with its preview, if it has one)"] = \
            str(baseline / "crs-assistant")
        programs[f"baseline {baseline.parent.parent.name}: without the preview (usable when shown)"] = \
            f"sh -c 'rm -f {preview}; exec {baseline / 'crs-assistant'}'"
    keeper = f"bench-keeper-{os.getpid()}"  # keeps one tmux server up for the whole run
    tmux("new-session", "-d", "-s", keeper, "sleep 3600")
    try:
        return measure(programs, env, rounds)
    finally:
        tmux("kill-session", "-t", keeper)


def measure(programs: dict[str, str], env: dict[str, str], rounds: int) -> tuple[float, float]:
    for name, command in programs.items():  # warm-up: disk caches, .pyc files, the KB cache
        launch(f"warm{len(name)}", command, env)
    times: dict[str, list[float]] = {name: [] for name in programs}
    peaks: dict[str, list[int]] = {name: [] for name in programs}
    for n in range(rounds):
        for i, (name, command) in enumerate(programs.items()):
            elapsed, peak = launch(f"{n}-{i}", command, env)
            times[name].append(elapsed * 1000)
            peaks[name].append(peak)
    names = list(programs)
    base, base_mem = median(times[names[0]]), median(peaks[names[0]])
    rows = "\n".join(
        f"| {name} | {median(times[name]):.0f} | {min(times[name]):.0f} | {median(times[name]) / base:.2f}x "
        f"| {median(peaks[name]) / 1024:.1f} | {median(peaks[name]) / base_mem:.2f}x |"
        for name in programs
    )
    section = f"""## Startup in a real terminal (tmux {SIZE[0]}x{SIZE[1]})

Launch to the first question visible (`capture-pane` polled), then the peak RSS (VmHWM).
{rounds} interleaved rounds, {platform.python_implementation()} {platform.python_version()}, {platform.machine()},
`{os.cpu_count()}` CPUs shared with other work, load average at the end {os.getloadavg()[0]:.1f}.
Persona already saved, so the consult's first question is
the first thing asked; bytecode caches written by a warm-up run, as an installed wheel has them.

| program | median ms | best ms | time ratio | peak RSS MiB | memory ratio |
| --- | --- | --- | --- | --- | --- |
{rows}

Targets: time ratio at most 1.3x, memory ratio at most 1.5x (medians against the minimal app).
"""
    write_section("startup", section)
    return median(times[names[1]]) / base, median(peaks[names[1]]) / base_mem


def write_section(name: str, markdown: str) -> None:
    """Replace this benchmark's section of results/tui.md, keeping the others."""
    path = RESULTS / "tui.md"
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = path.read_text() if path.exists() else "# Terminal UI figures (issue 4)\n"
    begin, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    block = f"{begin}\n{markdown.strip()}\n{end}"
    if begin in text and end in text:
        head, _, rest = text.partition(begin)
        _, _, tail = rest.partition(end)
        text = head + block + tail
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text)
    print(markdown)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 11, Path(sys.argv[2]).resolve() if len(sys.argv) > 2 else None)
