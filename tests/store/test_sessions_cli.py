"""`crs-assistant sessions`, `sessions show`, `sessions delete`, and the store flags on the command line."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shlex
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path

import pytest

import assistant.cli.main as cli_module
import assistant.tui
from assistant.cli.main import build_parser, main
from assistant.identity import login_name
from assistant.store import SessionMeta, SessionStore
from dialogs.engine import begin, step
from dialogs.state import Event
from tests.store.conftest import program_env

Cli = Callable[..., subprocess.CompletedProcess[str]]
ME = login_name()  # a terminal's user


def seed(db: Path, *texts_per_session: list[str]) -> None:
    with SessionStore.open(db) as store:
        for n, texts in enumerate(texts_per_session):
            meta = store.create(SessionMeta(f"{n:032x}", f"2026-03-1{n}T09:00:00.000Z", "0.1.0", "kb", "clinician"))
            assert meta.id
            for text in texts:
                store.append(meta.id, Event("text", text), persona="clinician", grade=n or None)


def test_listing_as_text_and_json_newest_first(db: Path, cli: Cli) -> None:
    seed(db, ["39"], ["39", "2", "3"], [])
    listed = cli("sessions", "--json")
    assert listed.returncode == 0
    assert json.loads(listed.stdout) == [
        {"id": 3, "started": "2026-03-12T09:00:00.000Z", "turns": 0, "last_grade": None, "author": ME, "shared": False,
         "label": "", "closed": None, "preview": ""},
        {"id": 2, "started": "2026-03-11T09:00:00.000Z", "turns": 3, "last_grade": 1, "author": ME, "shared": False,
         "label": "", "closed": None, "preview": "39"},
        {"id": 1, "started": "2026-03-10T09:00:00.000Z", "turns": 1, "last_grade": None, "author": ME,
         "shared": False, "label": "", "closed": None, "preview": "39"},
    ]
    table = cli("sessions").stdout.splitlines()
    assert table[0].split() == ["ID", "STARTED", "(UTC)", "TURNS", "GRADE", "BY", "LABEL", "FIRST", "LINE"]
    assert table[1].split() == ["3", "2026-03-12", "09:00:00", "0", "-", ME, "-", "-"]  # no label, nothing typed
    assert table[2].split() == ["2", "2026-03-11", "09:00:00", "3", "1", ME, "-", "39"]


def test_empty_store_lists_nothing_and_creates_nothing(data_dir: Path, cli: Cli) -> None:
    assert json.loads(cli("sessions", "--json").stdout) == []
    assert "No stored sessions" in cli("sessions").stdout
    assert not data_dir.exists()


def test_show_replays_the_transcript_with_user_text_made_inert(db: Path, cli: Cli) -> None:
    seed(db, ["39.2", "\x1b[2Jwhat dose of tocilizumab?"])
    shown = cli("sessions", "show", "1")
    assert shown.returncode == 0
    assert f"Session 1, started 2026-03-10T09:00:00.000Z by {ME}: 2 turns" in shown.stdout
    assert "> 39.2\nI read: 39.2 C." in shown.stdout
    assert "> \\x1b[2Jwhat dose of tocilizumab?" in shown.stdout and "\x1b" not in shown.stdout
    missing = cli("sessions", "show", "9")
    assert missing.returncode == 1 and missing.stderr.strip().count("\n") == 0 and "no session 9" in missing.stderr


def test_delete_without_a_terminal_needs_yes(db: Path, cli: Cli) -> None:
    seed(db, ["39"], ["40"])
    refused = cli("sessions", "delete", "1")
    assert refused.returncode == 2
    assert "no terminal to ask on; add --yes" in refused.stderr and refused.stderr.count("\n") == 1
    assert len(json.loads(cli("sessions", "--json").stdout)) == 2
    deleted = cli("sessions", "delete", "1", "--yes")
    assert deleted.returncode == 0 and "Deleted session 1." in deleted.stdout
    assert [s["id"] for s in json.loads(cli("sessions", "--json").stdout)] == [2]


def ask_on_a_terminal(data_dir: Path, answer: str) -> tuple[int, str]:
    """Run `sessions delete 1` on a pseudo-terminal, answer the question, return (status, screen)."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "sessions", "delete", "1"], stdin=follower,
                            stdout=follower, stderr=follower, env={**os.environ, "CRS_ASSISTANT_DATA": str(data_dir)})
    os.close(follower)
    screen = b""
    answered = False
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the program exited and closed the terminal
                break
            if not chunk:
                break
            screen += chunk
        if not answered and b"[y/N]" in screen:
            os.write(leader, answer.encode() + b"\n")
            answered = True
        if proc.poll() is not None and not ready:
            break
    os.close(leader)
    assert answered, screen
    return proc.wait(timeout=60), screen.decode(errors="replace")


def test_delete_asks_on_the_terminal_and_keeps_the_session_unless_told_yes(db: Path, data_dir: Path,
                                                                          cli: Cli) -> None:
    seed(db, ["39", "2"])
    code, screen = ask_on_a_terminal(data_dir, "n")
    assert "Delete session 1 (started 2026-03-10T09:00:00.000Z, 2 turns)? This cannot be undone." in screen
    assert code == 1 and "Kept session 1." in screen
    assert len(json.loads(cli("sessions", "--json").stdout)) == 1
    code, screen = ask_on_a_terminal(data_dir, "y")
    assert code == 0 and "Deleted session 1." in screen
    assert json.loads(cli("sessions", "--json").stdout) == []


def test_no_store_leaves_no_file(data_dir: Path, cli: Cli) -> None:
    for args in (["--no-store", "chat"], ["chat", "--no-store"]):
        proc = cli(*args, stdin="39\n2\n")
        assert proc.returncode == 0 and "I read: 39" in proc.stdout
    assert not data_dir.exists()


def test_data_dir_flag_wins_over_the_environment_before_or_after_chat(data_dir: Path, tmp_path: Path,
                                                                     cli: Cli) -> None:
    before_chat = ["--data-dir", str(tmp_path / "a"), "chat"]
    after_chat = ["chat", "--data-dir", str(tmp_path / "b")]
    for n, args in enumerate((before_chat, after_chat)):
        assert cli(*args, stdin=f"3{n}\n").returncode == 0
    assert (tmp_path / "a" / "sessions.db").exists() and (tmp_path / "b" / "sessions.db").exists()
    assert not data_dir.exists()
    listed = cli("sessions", "--data-dir", str(tmp_path / "b"), "--json")
    assert [s["turns"] for s in json.loads(listed.stdout)] == [1]


def test_resume_with_nothing_stored_is_one_line(cli: Cli) -> None:
    proc = cli("chat", "--resume", stdin="39\n")
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and "no stored session to resume" in proc.stderr


def test_root_flags_parse_for_the_terminal_ui() -> None:
    parser = build_parser()
    args = parser.parse_args(["--resume"])
    assert (args.command, args.resume, args.no_store, args.data_dir) == (None, 0, False, None)
    args = parser.parse_args(["--data-dir", "/x", "--resume", "7"])
    assert (args.resume, args.data_dir) == (7, "/x")
    args = parser.parse_args(["--data-dir", "/x", "chat", "--resume", "3"])
    assert (args.command, args.resume, args.data_dir) == ("chat", 3, "/x")
    with pytest.raises(SystemExit) as bad:
        parser.parse_args(["--resume", "chat"])
    assert bad.value.code == 2


def test_the_terminal_ui_gets_the_store_through_make_app(db: Path, data_dir: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    seed(db, ["39.2", "2"])
    calls: list[dict[str, object]] = []

    class FakeApp:
        resume_request = None

        def run(self) -> int:
            on_event = calls[-1]["on_event"]
            if not callable(on_event):
                return 0
            start = calls[-1].get("start") or begin()
            state = start[0]  # type: ignore[index]
            event = Event("persona", "trainee")
            after, _ = step(state, event)
            on_event(event, after)  # what the UI does before showing the replies
            return 0

    def make_app(**kwargs: object) -> FakeApp:
        calls.append(kwargs)
        return FakeApp()

    fake = types.SimpleNamespace(make_app=make_app)
    monkeypatch.setitem(sys.modules, "assistant.tui.app", fake)
    monkeypatch.setattr(assistant.tui, "app", fake, raising=False)
    assert main(["--data-dir", str(data_dir), "--resume"]) == 0
    state, replies = calls[0]["start"]  # type: ignore[misc]
    assert state.pending == "oxygen" and replies[0].text.startswith("Resumed session 1 ")
    with SessionStore.open_existing(db) as store:  # type: ignore[union-attr]
        assert [e.event for e in store.events(1)][-1] == Event("persona", "trainee")
        assert store.meta(1).persona == "trainee"
    assert main(["--data-dir", str(data_dir), "--no-store"]) == 0
    assert calls[-1]["on_event"] is None
    # a new consult opens the store at its first event
    assert main(["--data-dir", str(data_dir)]) == 0
    assert "start" not in calls[-1]
    with SessionStore.open_existing(db) as store:  # type: ignore[union-attr]
        assert [r.id for r in store.sessions()] == [2, 1]
        assert [e.event for e in store.events(2)] == [Event("persona", "trainee")]


def test_reopening_a_stored_consult_from_the_ui_resumes_it(db: Path, data_dir: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Palette "sessions: open a stored consult" closes the app with a session number; the
    command line then opens that session as --resume would, and stops when no other is asked for."""
    seed(db, ["39.2", "2"])
    calls: list[dict[str, object]] = []

    class FakeApp:
        def __init__(self, reopen: int | None) -> None:
            self.resume_request = reopen

        def run(self) -> int:
            return 0

    def make_app(**kwargs: object) -> FakeApp:
        calls.append(kwargs)
        return FakeApp(1 if len(calls) == 1 else None)

    fake = types.SimpleNamespace(make_app=make_app)
    monkeypatch.setitem(sys.modules, "assistant.tui.app", fake)
    monkeypatch.setattr(assistant.tui, "app", fake, raising=False)
    assert main(["--data-dir", str(data_dir)]) == 0
    assert len(calls) == 2
    assert "start" not in calls[0] and calls[0]["sessions"] is not None
    state, replies = calls[1]["start"]  # type: ignore[misc]
    assert state.pending == "oxygen" and replies[0].text.startswith("Resumed session 1 ")
    # stored under knowledge base "kb": the notice says the replies are today's knowledge base's
    assert "the knowledge base has changed since (it started with kb, now " in replies[0].text
    sessions = calls[1]["sessions"]
    assert sessions.current() == 1  # type: ignore[attr-defined]
    assert [row.id for row in sessions.stored()] == [1]  # type: ignore[attr-defined]
    assert sessions.typed(10) == ["2", "39.2"]  # type: ignore[attr-defined]


def test_the_bare_command_opens_the_ui_without_the_subcommand_parsers(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, object]] = []

    class FakeApp:
        resume_request = None

        def run(self) -> int:
            return 0

    def make_app(**kwargs: object) -> FakeApp:
        calls.append(kwargs)
        return FakeApp()

    def no_full_parser() -> None:
        raise AssertionError("the bare command built every subcommand's parser")

    fake = types.SimpleNamespace(make_app=make_app)
    monkeypatch.setitem(sys.modules, "assistant.tui.app", fake)
    monkeypatch.setattr(assistant.tui, "app", fake, raising=False)
    monkeypatch.setattr(cli_module, "build_parser", no_full_parser)
    assert main([]) == 0
    assert "start" not in calls[0]


def test_chat_says_where_it_saved_the_consult_with_a_command_that_runs(cli: Cli, data_dir: Path) -> None:
    proc = cli("chat", stdin="39\n")
    assert proc.returncode == 0
    said = re.fullmatch(r"crs-assistant chat: saved as session 1 \((?P<cmd>.+ export 1 --format txt)\)\n", proc.stderr)
    assert said is not None, proc.stderr
    # the command works as printed, with no virtual environment on the PATH (right after the Quick start)
    env = {**program_env(data_dir), "PATH": "/usr/bin:/bin"}
    ran = subprocess.run(shlex.split(said.group("cmd")), capture_output=True, text=True, env=env, cwd="/", timeout=120)
    assert ran.returncode == 0 and "CRS CONSULT NOTE" in ran.stdout, ran.stderr
    assert cli("chat", stdin="").stderr == ""  # nothing typed, nothing saved
