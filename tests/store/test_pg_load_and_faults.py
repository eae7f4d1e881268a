"""The shared PostgreSQL store under load and faults, with the real program: twenty `chat`
processes at once each complete a consult with every turn in order; a killed `chat` loses no
committed turn and its consult resumes; a PostgreSQL restart mid-consult loses and doubles
nothing, and the consult goes on."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from tests.conftest import PgCluster

pytestmark = pytest.mark.slow

CASE = "Tmax 101.8F, levo + vaso, HFNC 40L"


def chat(url: str, user: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "CRS_ASSISTANT_STORE": url, "USER": user, "LOGNAME": user}
    return subprocess.Popen([sys.executable, "-m", "assistant", "chat", *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd="/")


def stored(url: str) -> dict[tuple[int, str], list[tuple[int, str, str]]]:
    """Every session (id, author) with its events (seq, text, author), read behind the program's back."""
    import json

    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT s.id, s.author, e.seq, e.event, e.author FROM sessions s "
                            "LEFT JOIN events e ON e.session_id = s.id ORDER BY s.id, e.seq").fetchall()
    result: dict[tuple[int, str], list[tuple[int, str, str]]] = {}
    for sid, author, seq, event, by in rows:
        result.setdefault((sid, author), [])
        if seq is not None:
            result[(sid, author)].append((seq, json.loads(event)["text"], by))
    return result


def wait_for_turns(url: str, user: str, turns: int, timeout: float = 60) -> None:
    """Until the user's newest session has `turns` committed events (read from the database)."""
    deadline = time.monotonic() + timeout
    while True:
        with psycopg.connect(url) as conn:
            try:
                row = conn.execute("SELECT turns FROM sessions WHERE author = %s ORDER BY id DESC LIMIT 1",
                                   (user,)).fetchone()
            except (psycopg.errors.UndefinedTable, psycopg.errors.UndefinedColumn):  # not migrated yet
                row = None
        if row is not None and row[0] >= turns:
            return
        assert time.monotonic() < deadline, f"{user}'s turn {turns} was not committed"
        time.sleep(0.05)  # polling the database, not a fixed wait


def test_twenty_concurrent_consults_keep_every_turn_in_order(pg_url: str) -> None:
    lines = {f"nurse{n:02d}": [CASE, f"weight {50 + n} kg", f"note from nurse{n:02d}"] for n in range(20)}
    procs = {user: chat(pg_url, user) for user in lines}
    for user, proc in procs.items():
        assert proc.stdin is not None
        proc.stdin.write("\n".join(lines[user]) + "\n")
        proc.stdin.close()
    for user, proc in procs.items():
        assert proc.wait(timeout=300) == 0, proc.stderr.read() if proc.stderr else user
        assert "ASTCT grade so far: 3." in (proc.stdout.read() if proc.stdout else "")
    sessions = stored(pg_url)
    assert sorted(author for _, author in sessions) == sorted(lines)
    for (_, author), events in sessions.items():
        assert events == [(n, text, author) for n, text in enumerate(lines[author], start=1)]


def test_a_killed_chat_loses_no_committed_turn_and_resumes(pg_url: str) -> None:
    proc = chat(pg_url, "alice")
    assert proc.stdin is not None
    for n, line in enumerate((CASE, "weight 70 kg"), start=1):
        proc.stdin.write(line + "\n")
        proc.stdin.flush()
        wait_for_turns(pg_url, "alice", n)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    again = chat(pg_url, "alice", "--resume")
    out, err = again.communicate("tocilizumab given\n", timeout=120)
    assert again.returncode == 0, err
    assert "Resumed session 1" in out
    assert stored(pg_url) == {(1, "alice"): [(1, CASE, "alice"), (2, "weight 70 kg", "alice"),
                                             (3, "tocilizumab given", "alice")]}


def test_a_postgresql_restart_mid_consult_loses_and_doubles_nothing(pg_url: str, pg_cluster: PgCluster) -> None:
    proc = chat(pg_url, "bob")
    assert proc.stdin is not None
    proc.stdin.write(CASE + "\n")
    proc.stdin.flush()
    wait_for_turns(pg_url, "bob", 1)
    pg_cluster.restart()  # the chat process's connection is cut
    _, err = proc.communicate("weight 80 kg\ntocilizumab given\n", timeout=120)
    assert proc.returncode == 0, err
    assert stored(pg_url) == {(1, "bob"): [(1, CASE, "bob"), (2, "weight 80 kg", "bob"),
                                           (3, "tocilizumab given", "bob")]}


def test_a_consult_resumes_after_the_server_was_down(pg_url: str, pg_cluster: PgCluster, tmp_path: Path) -> None:
    first = chat(pg_url, "carol")
    _, err = first.communicate(CASE + "\n", timeout=120)
    assert first.returncode == 0, err
    pg_cluster.stop()
    try:
        down = chat(pg_url, "carol", "--resume")
        _, err = down.communicate("weight 60 kg\n", timeout=120)
        assert down.returncode == 1 and "cannot reach the session store" in err and err.count("\n") == 1
    finally:
        pg_cluster.start()
    back = chat(pg_url, "carol", "--resume")
    _, err = back.communicate("weight 60 kg\n", timeout=120)
    assert back.returncode == 0, err
    assert [t for _, t, _ in stored(pg_url)[(1, "carol")]] == [CASE, "weight 60 kg"]
