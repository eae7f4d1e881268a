"""The ward in a browser against the same app in tmux, side by side, and memory per browser tab.

Browser: Debian's chromium (playwright, fresh profile each round) signs in through nginx (basic
auth over TLS) to `crs-assistant serve`; timed from navigation to the first question drawn in
the page's terminal, and from Enter on a shorthand case to its plan (ASTCT grade) drawn.
tmux: `crs-assistant` in a fresh tmux session, timed from launch to the first question on
screen (capture-pane), and from Enter on the same case to its plan. Rounds are interleaved.
Memory: resident set (VmRSS) of each tab's app process tree on the server, with TABS tabs open
at once; how many such sessions fit in 24 GiB.
Run: .venv/bin/python benchmarks/ward_browser.py [ROUNDS] [TABS]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _timing import median, write_result  # noqa: E402 - after the repository root is on sys.path (tests/ helpers)

from tests.conftest import free_port  # noqa: E402 - after the repository root is on sys.path (tests/ helpers)
from tests.serve.conftest import NGINX, PASSWORDS, crs, start_serve, stop, wait_for_port  # noqa: E402 - after the repository root is on sys.path (tests/ helpers)
from tests.serve.test_ward_in_chromium import ARGS, CHROMIUM, Terminal  # noqa: E402 - after the repository root is on sys.path (tests/ helpers)

CASE = "Tmax 101.8F, levo + vaso, HFNC 40L"
FIRST = "What is the highest temperature"
PLAN = "grade so far: 3"  # the reply's line in the conversation (the case panel says "ASTCT grade" throughout)


def ward(base: Path) -> tuple[str, Any, subprocess.Popen[str]]:
    listen = free_port()
    public = f"https://127.0.0.1:{listen}"
    served = start_serve(public, base / "data")
    htpasswd = base / "htpasswd"
    crs("serve", "add-user", str(htpasswd), "alice", stdin=PASSWORDS["alice"] + "\n")
    crs("serve", "nginx-config", "--listen", str(listen), "--upstream", f"127.0.0.1:{served.port}",
        "--cert-dir", str(base / "cert"), "--htpasswd", str(htpasswd), "--standalone", str(base / "state"),
        "-o", str(base / "nginx.conf"))
    assert NGINX is not None
    nginx = subprocess.Popen([NGINX, "-e", str(base / "state" / "startup.log"), "-c", str(base / "nginx.conf"),
                              "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
    wait_for_port(listen, nginx)
    return public, served, nginx


def browser_round(p: Any, public: str, first_run: bool = False) -> tuple[float, float, Any]:
    profile = tempfile.mkdtemp(prefix="crs-chromium-")
    ctx = p.chromium.launch_persistent_context(
        profile, executable_path=str(CHROMIUM), args=ARGS, headless=True, ignore_https_errors=True,
        http_credentials={"username": "alice", "password": PASSWORDS["alice"]}, viewport={"width": 1400, "height": 900})
    page = ctx.new_page()
    term = Terminal(page)
    start = time.perf_counter()
    page.goto(public + "/")
    term.wait_for(FIRST)
    first = (time.perf_counter() - start) * 1000
    page.locator(".xterm-helper-textarea").focus()
    if first_run:  # the persona, asked once per data folder (saved for the rounds that follow)
        term.wait_for("Which best describes you?")
        page.keyboard.press("1")
        term.wait_for("Persona: clinician")
    page.keyboard.type(CASE)
    mark = term.mark()
    start = time.perf_counter()
    page.keyboard.press("Enter")
    term.wait_for(PLAN, since=mark, timeout=120_000)
    reply = (time.perf_counter() - start) * 1000
    return first, reply, ctx


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True).stdout


def tmux_round(data: Path, n: int) -> tuple[float, float]:
    name = f"crs-ward-bench-{os.getpid()}-{n}"
    command = f"{sys.executable} -m assistant --data-dir {data}"
    start = time.perf_counter()
    tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "40", command)
    try:
        while FIRST not in tmux("capture-pane", "-p", "-t", name):
            time.sleep(0.005)
        first = (time.perf_counter() - start) * 1000
        tmux("send-keys", "-t", name, "-l", CASE)
        start = time.perf_counter()
        tmux("send-keys", "-t", name, "Enter")
        while PLAN not in tmux("capture-pane", "-p", "-t", name):
            time.sleep(0.005)
        reply = (time.perf_counter() - start) * 1000
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
    return first, reply


def rss_kib(pid: int) -> int:
    """VmRSS of a process and all its descendants."""
    total = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return total
    return total + sum(rss_kib(int(c)) for c in children)


def main(rounds: int = 5, tabs: int = 5) -> None:
    from playwright.sync_api import sync_playwright

    base = Path(tempfile.mkdtemp(prefix="crs-ward-bench-"))
    base.chmod(0o755)  # nginx's workers (not root) read the htpasswd file in it
    public, served, nginx = ward(base)
    data = served.data_dir
    results: dict[str, list[float]] = {"browser_first": [], "browser_reply": [], "tmux_first": [], "tmux_reply": []}
    try:
        with sync_playwright() as p:
            browser_round(p, public, first_run=True)[2].close()  # warm-up; saves the persona for all
            for n in range(rounds):
                first, reply, ctx = browser_round(p, public)
                ctx.close()
                results["browser_first"].append(first)
                results["browser_reply"].append(reply)
                first, reply = tmux_round(data, n)
                results["tmux_first"].append(first)
                results["tmux_reply"].append(reply)
            open_tabs = []
            for _ in range(tabs):
                open_tabs.append(browser_round(p, public)[2])
            per_tab = [rss_kib(int(c)) for c in Path(f"/proc/{served.process.pid}/task/{served.process.pid}/children")
                       .read_text().split()]
            server_kib = rss_kib(served.process.pid) - sum(per_tab)
            for ctx in open_tabs:
                ctx.close()
    finally:
        stop(nginx)
        stop(served.process)
        shutil.rmtree(base, ignore_errors=True)
    bf, br = median(results["browser_first"]), median(results["browser_reply"])
    tf, tr = median(results["tmux_first"]), median(results["tmux_reply"])
    per = median([float(k) for k in per_tab]) / 1024
    fit = int(24 * 1024 / per)
    text = "\n".join([
        "| | browser (chromium via nginx + serve) | tmux | ratio browser/tmux |",
        "|---|---:|---:|---:|",
        f"| sign-in / launch to first question drawn | {bf:.0f} ms | {tf:.0f} ms | {bf / tf:.2f} |",
        f"| one reply drawn (Enter on a shorthand case to its plan) | {br:.0f} ms | {tr:.0f} ms | {br / tr:.2f} |",
        "",
        f"Memory per browser session (one app process per tab, {len(per_tab)} tabs open, median VmRSS of each "
        f"tab's process tree): {per:.0f} MiB; the serve process itself: {server_kib / 1024:.0f} MiB. "
        f"24 GiB holds about {fit} sessions (app processes only; leave room for PostgreSQL and the OS).",
    ])
    write_result("ward_browser.md", f"# The ward in a browser vs tmux\n\n{text}\n\nMedians of {rounds} interleaved "
                                    f"rounds on {os.cpu_count()} CPU cores.\n")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
