"""kill -9 in the middle of a `chat` session, then `chat --resume`: every turn whose reply was seen
is stored, and the consult continues exactly where it stopped."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from assistant.store import SessionStore
from dialogs.engine import replay, step
from dialogs.state import Event

SCRIPT = ["39.2", "2", "3", "No steroids", "1", "Yes", "400 mg/day", "not improving", "70 kg", "no", "no", "unknown"]
DEADLINE = 60.0  # seconds for any one turn on a slow, shared machine


class Chat:
    """`crs-assistant chat --jsonl` in a subprocess, fed one line at a time."""

    def __init__(self, data_dir: Path, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "assistant", "chat", "--jsonl", *args], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "CRS_ASSISTANT_DATA": str(data_dir)},
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def replies(self) -> list[dict[str, Any]]:
        """Replies up to the end of a turn (a question or the plan), waiting at most DEADLINE."""
        out: list[dict[str, Any]] = []
        end = time.monotonic() + DEADLINE
        while True:
            line = self.lines.get(timeout=max(0.0, end - time.monotonic()))
            assert line is not None, f"chat ended early: {self.stderr()}"
            out.append(json.loads(line))
            if out[-1]["type"] in ("question", "plan"):
                return out

    def say(self, text: str, *, wait: bool = True) -> list[dict[str, Any]]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()
        return self.replies() if wait else []

    def kill(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        assert self.proc.wait(timeout=DEADLINE) == -signal.SIGKILL
        self.close_pipes()

    def finish(self) -> int:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        code = self.proc.wait(timeout=DEADLINE)
        self.close_pipes()
        return code

    def stderr(self) -> str:
        return self.proc.stderr.read() if self.proc.stderr and self.proc.poll() is not None else ""

    def close_pipes(self) -> None:
        for pipe in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if pipe is not None and not pipe.closed:
                with contextlib.suppress(BrokenPipeError):
                    pipe.close()


def stored_texts(db: Path) -> list[str]:
    store = SessionStore.open_existing(db)
    assert store is not None
    with store:
        (row,) = store.sessions()
        return [e.event.text for e in store.events(row.id)]


def test_kill_9_mid_session_then_resume_continues_exactly(data_dir: Path, db: Path) -> None:
    chat = Chat(data_dir)
    chat.replies()  # the opening and the first question
    seen = 5
    for text in SCRIPT[:seen]:
        chat.say(text)
    chat.kill()

    assert stored_texts(db) == SCRIPT[:seen]  # every turn whose reply was shown is stored
    with SessionStore.open_existing(db) as store:  # type: ignore[union-attr]
        # ... with the replies as they were shown, in the same transaction as its event
        assert [t.seq for t in store.shown(1)] == list(range(seen + 1))
        assert {t.origin for t in store.shown(1)} == {"shown"}

    expected_state, _ = replay([Event("text", t) for t in SCRIPT[:seen]])
    resumed = Chat(data_dir, "--resume")
    opening = resumed.replies()
    assert opening[0]["type"] == "info" and opening[0]["text"].startswith("Resumed session 1 ")
    assert f"{seen} turns" in opening[0]["text"]
    assert opening[-1]["type"] == "question" and opening[-1]["slot"] == expected_state.pending
    last = []
    for text in SCRIPT[seen:]:
        last = resumed.say(text)
    assert resumed.finish() == 0

    plan = last[-1]
    _, uninterrupted = replay([Event("text", t) for t in SCRIPT])
    assert plan["type"] == "plan"
    assert plan == uninterrupted[-1].to_dict()
    assert stored_texts(db) == SCRIPT
    with SessionStore.open_existing(db) as store:  # type: ignore[union-attr]
        (row,) = store.sessions()
        assert (row.turns, row.last_grade) == (len(SCRIPT), 3)


def test_kill_9_with_a_turn_in_flight_loses_at_most_that_turn(data_dir: Path, db: Path) -> None:
    chat = Chat(data_dir)
    chat.replies()
    for text in SCRIPT[:3]:
        chat.say(text)
    chat.say(SCRIPT[3], wait=False)  # killed while this turn may be anywhere in flight
    chat.kill()

    texts = stored_texts(db)
    assert texts in (SCRIPT[:3], SCRIPT[:4])
    with SessionStore.open_existing(db) as store:  # type: ignore[union-attr]
        assert [t.seq for t in store.shown(1)] == list(range(len(texts) + 1))  # an event never without its replies
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()

    resumed = Chat(data_dir, "--resume")
    opening = resumed.replies()
    expected_state, _ = replay([Event("text", t) for t in texts])
    assert opening[-1]["slot"] == expected_state.pending
    assert resumed.finish() == 0


def test_resume_by_id_picks_that_session_and_appends_to_it(data_dir: Path, db: Path) -> None:
    first = Chat(data_dir)
    first.replies()
    first.say("39.2")
    assert first.finish() == 0
    second = Chat(data_dir)
    second.replies()
    second.say("afebrile")
    assert second.finish() == 0

    again = Chat(data_dir, "--resume", "1")
    opening = again.replies()
    assert opening[0]["text"].startswith("Resumed session 1 ") and opening[-1]["slot"] == "hypotension"
    again.say("no hypotension")
    assert again.finish() == 0
    with SessionStore.open_existing(db) as store:  # type: ignore[union-attr]
        assert [e.event.text for e in store.events(1)] == ["39.2", "no hypotension"]
        assert [e.event.text for e in store.events(2)] == ["afebrile"]


def test_resuming_under_the_same_knowledge_base_says_nothing_about_it(tmp_path: Path) -> None:
    from assistant.store.consult import open_consult

    first = open_consult(data_dir=str(tmp_path), no_store=False, resume=None)
    assert first.recorder is not None
    state, _ = first.start
    for text in ("39.2", "one pressor"):
        event = Event("text", text)
        state, _ = step(state, event)
        first.recorder(event, state)
    first.close()
    again = open_consult(data_dir=str(tmp_path), no_store=False, resume=0)
    try:
        _, replies = again.start
        assert replies[0].text.startswith("Resumed session 1 ") and "2 turns)." in replies[0].text
        assert "knowledge base has changed" not in replies[0].text
    finally:
        again.close()


EPISODE = ("T 39.2, levo, HFNC 40L, 80 kg, steroids ok, not on anakinra, not neutropenic, no icans, obe-cel, "
           "US label, not improving, toci given 1 h ago")


def test_kill_9_mid_episode_keeps_the_timed_dose_and_the_reassessment_point(data_dir: Path, db: Path) -> None:
    """An episode over time survives kill -9: the dose's time (stamped when it was typed) and the
    reassessment point come back on resume, and the plan names the same course."""
    chat = Chat(data_dir)
    chat.replies()
    before = chat.say(EPISODE)
    point = chat.say("6 h later: off pressors, 4 L")
    plans = [r for r in (*before, *point) if r["type"] == "plan"]
    assert plans and plans[-1]["course"], "the plan shows the course"
    course = plans[-1]["course"]
    chat.kill()

    resumed = Chat(data_dir, "--resume")
    resumed.replies()
    again = [r for r in resumed.say("plan") if r["type"] == "plan"]
    assert again and again[-1]["course"] == course
    assert again[-1]["grade"] == plans[-1]["grade"]
    assert resumed.finish() == 0
