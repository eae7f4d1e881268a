"""The real program in a real terminal: `crs-assistant` under tmux, driven with send-keys."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

DEADLINE_S = 30.0


class Tmux:
    """One private tmux server (its own socket), so nothing else running tmux is touched."""

    def __init__(self, name: str) -> None:
        self.socket = f"crs-smoke-{os.getpid()}-{name}"
        self.session = "ui"

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.session).stdout

    def alive(self) -> bool:
        return self.run("has-session", "-t", self.session).returncode == 0

    def wait_for(self, text: str) -> str:
        """Poll the screen until `text` shows, or fail with what the screen showed."""
        deadline = time.monotonic() + DEADLINE_S
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.05)  # a poll interval, not a wait for something to have happened
        raise AssertionError(f"{text!r} not on screen within {DEADLINE_S} s; the screen was:\n{screen}")

    def wait_until_gone(self) -> None:
        deadline = time.monotonic() + DEADLINE_S
        while time.monotonic() < deadline:
            if not self.alive():
                return
            time.sleep(0.05)
        raise AssertionError(f"the program did not quit; the screen was:\n{self.screen()}")


def launch(tmp_path: Path, name: str) -> Tmux:
    """The installed crs-assistant in a private tmux server at 120x40, with its own data folder."""
    program = Path(sys.executable).parent / "crs-assistant"
    assert program.exists(), f"the console script is not installed at {program}"
    env = {
        "CRS_ASSISTANT_DATA": str(tmp_path / "data"),
        "CRS_ASSISTANT_CACHE": str(tmp_path / "cache"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
    }
    command = "exec env " + " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items()) + f" {shlex.quote(str(program))}"
    tmux = Tmux(name)
    started = tmux.run("new-session", "-d", "-s", tmux.session, "-x", "120", "-y", "40", command)
    assert started.returncode == 0, started.stderr
    return tmux


def to_first_question(tmux: Tmux) -> None:
    """Past the first-run persona question to the consult's first question."""
    tmux.wait_for("Which best describes you?")
    tmux.run("send-keys", "-t", tmux.session, "1")
    tmux.wait_for("What is the highest temperature")


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")
def test_launch_answer_persona_type_a_case_see_the_grade_and_quit(tmp_path: Path) -> None:
    tmux = launch(tmp_path, "consult")
    try:
        to_first_question(tmux)
        tmux.run("send-keys", "-t", tmux.session, "-l", "Tmax 101.8F, levo + vaso, HFNC 40L")
        tmux.run("send-keys", "-t", tmux.session, "Enter")
        screen = tmux.wait_for("ASTCT grade 3")
        assert "Which corticosteroids would the team accept?" in screen
        assert "Decision support" in screen  # the disclaimer line is on screen
        tmux.run("send-keys", "-t", tmux.session, "C-q")
        tmux.wait_until_gone()
    finally:
        tmux.run("kill-server")
    settings = (tmp_path / "data" / "settings.json").read_text()
    assert '"persona": "clinician"' in settings  # the first-run answer was remembered


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")
def test_a_50kb_bracketed_paste_with_escapes_arrives_whole_inert_and_fast(tmp_path: Path) -> None:
    """Through the real terminal parser: Textual's own turned this paste into ~48,000 key presses
    (5 to 6 minutes, and the text altered); assistant/tui/paste_parser.py reads it as one paste."""
    import json
    import random

    from assistant.store import SessionStore
    from dialogs.safe_text import inert

    rng = random.Random(7)
    parts = ["fever 39 ", "\x1b[31m", "\x1b]52;c;aGk=\x07", "levo ", "\x1b", "\x1b[A", "[b]x[/b] "]
    body = "".join(rng.choice(parts) for _ in range(12_500))[:50_000]
    paste = tmp_path / "paste.txt"
    paste.write_bytes(body.encode())
    tmux = launch(tmp_path, "paste")
    try:
        to_first_question(tmux)
        assert tmux.run("load-buffer", "-b", "p", str(paste)).returncode == 0
        started = time.monotonic()
        tmux.run("paste-buffer", "-p", "-r", "-b", "p", "-t", tmux.session)
        tmux.wait_for("\\x1b]52;c;aGk=\\x07")  # shown in the prompt, inert
        tmux.run("send-keys", "-t", tmux.session, "Enter")
        tmux.wait_for("What oxygen support")  # the engine read the paste and asks the next question
        elapsed = time.monotonic() - started
        tmux.run("send-keys", "-t", tmux.session, "C-q")
        tmux.wait_until_gone()
    finally:
        tmux.run("kill-server")
    with SessionStore.open(tmp_path / "data" / "sessions.db") as store:
        (row,) = store.sessions()
        texts = [e.event.text for e in store.events(row.id) if e.event.kind == "text"]
    assert texts == [inert(body)], json.dumps(texts)[:300]
    assert elapsed < 5.0  # paste, render, send, reply and redraw in a real terminal (was 5-6 minutes)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")
def test_alt_2_in_tmux_chooses_the_second_quick_reply(tmp_path: Path) -> None:
    """tmux sends Alt+2 as ESC 2 (as xterm and GNOME Terminal do): it must choose quick reply 2."""
    tmux = launch(tmp_path, "alt")
    try:
        to_first_question(tmux)
        tmux.run("send-keys", "-t", tmux.session, "-l", "Tmax 101.8F, levo + vaso, HFNC 40L")
        tmux.run("send-keys", "-t", tmux.session, "Enter")
        tmux.wait_for("Which corticosteroids would the team accept?")
        tmux.run("send-keys", "-t", tmux.session, "M-2")
        screen = tmux.wait_for("I read: steroids the team accepts: Low dose only")
        assert "How many doses of tocilizumab" in screen
        tmux.run("send-keys", "-t", tmux.session, "C-q")
        tmux.wait_until_gone()
    finally:
        tmux.run("kill-server")
