"""Every stored consult and turn carries who entered it; a user lists and reopens their own
consults and those shared with the ward, and nothing else (one line saying why)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.store import NotYours, SessionMeta, SessionStore
from dialogs.state import Event

from .conftest import Cli, target_env


def started(store: SessionStore, n: int, *texts: str) -> int:
    meta = store.create(SessionMeta(f"{n:032x}", f"2026-03-14T09:0{n}:00.000Z", "0.1.0", "kb", "clinician"))
    assert meta.id is not None
    for text in texts:
        store.append(meta.id, Event("text", text), persona="clinician", grade=None)
    return meta.id


def test_each_user_lists_and_opens_only_their_own_consults(target: Path | str) -> None:
    with SessionStore.open(target, user="alice") as alice, SessionStore.open(target, user="bob") as bob:
        hers = started(alice, 1, "39.2", "one pressor")
        his = started(bob, 2, "38.5")
        assert [(r.id, r.author) for r in alice.sessions()] == [(hers, "alice")]
        assert [(r.id, r.author) for r in bob.sessions()] == [(his, "bob")]
        assert alice.newest() == hers and bob.newest() == his
        for look in (bob.meta, bob.events, bob.row):
            with pytest.raises(NotYours, match=f"session {hers} is another user's consult"):
                look(hers)
        with pytest.raises(NotYours):
            bob.append(hers, Event("text", "sneaky"), persona="clinician", grade=None)
        with pytest.raises(NotYours):
            bob.delete(hers)
        assert [e.event.text for e in alice.events(hers)] == ["39.2", "one pressor"]
        assert bob.typed(10) == ["38.5"]  # the prompt's history is one's own too


def test_a_shared_consult_can_be_reopened_and_each_turn_keeps_its_author(target: Path | str) -> None:
    with SessionStore.open(target, user="alice") as alice, SessionStore.open(target, user="bob") as bob:
        hers = started(alice, 1, "39.2")
        with pytest.raises(NotYours, match="another user's consult"):
            bob.share(hers)  # not his to share
        alice.share(hers)
        assert [(r.id, r.shared) for r in bob.sessions() if r.author == "alice"] == [(hers, True)]
        bob.append(hers, Event("text", "one pressor"), persona="clinician", grade=2)
        assert [(e.event.text, e.author) for e in alice.events(hers)] == [("39.2", "alice"), ("one pressor", "bob")]
        assert alice.meta(hers).author == "alice" and alice.meta(hers).shared
        with pytest.raises(NotYours, match="only its author can delete"):
            bob.delete(hers)
        alice.share(hers, False)
        with pytest.raises(NotYours):
            bob.events(hers)


def test_on_the_command_line_the_user_is_the_login_name(target: Path | str, data_dir: Path, cli: Cli) -> None:
    def as_user(name: str, *args: str, stdin: str = "") -> tuple[int, str, str]:
        done = cli(*args, stdin=stdin, env=target_env(target, data_dir, USER=name, LOGNAME=name))
        return done.returncode, done.stdout, done.stderr

    code, _, err = as_user("alice", "chat", stdin="Tmax 101.8F, levo + vaso, HFNC 40L\n")
    assert code == 0 and "saved as session 1" in err
    assert [(s["id"], s["author"]) for s in json.loads(as_user("alice", "sessions", "--json")[1])] == [(1, "alice")]
    assert json.loads(as_user("bob", "sessions", "--json")[1]) == []
    for args in (("export", "1", "--format", "txt"), ("sessions", "show", "1"), ("chat", "--resume", "1")):
        code, out, err = as_user("bob", *args)
        assert code == 1 and out == "" and err.count("\n") == 1, args
        assert "session 1 is another user's consult and is not shared with the ward" in err
    assert as_user("bob", "sessions", "share", "1")[0] == 1
    code, out, _ = as_user("alice", "sessions", "share", "1")
    assert code == 0 and "shared with the ward" in out
    code, note, _ = as_user("bob", "export", "1", "--format", "txt")
    assert code == 0 and "Entered by alice." in note
    code, _, err = as_user("bob", "chat", "--resume", "1", stdin="tocilizumab given\n")
    assert code == 0
    code, md, _ = as_user("alice", "export", "1", "--format", "md")
    assert "- Entered by: alice, bob" in md and "(bob)" in md
