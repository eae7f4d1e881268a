"""Stored and imported data never reaches the terminal raw; files: one clear line each, nothing but a
regular file replaced; read-only commands never create or modify a store."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from assistant.store import SessionMeta, SessionStore
from dialogs.state import Event
from tests.store.conftest import Cli

META_HOSTILE = "\x1b]52;c;aGVsbG8=\x07\x1b[2J\x9b31m\u202e"
HOSTILE = META_HOSTILE + "\ud800"  # events are stored as ASCII JSON, so they can hold a lone surrogate
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


def clean(proc: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in proc.stderr, proc.stderr
    both = proc.stdout + proc.stderr
    assert not any(c in both for c in RAW), both
    both.encode("utf-8")  # valid UTF-8: no lone surrogate written
    return both


def hostile_session(db: Path) -> int:
    with SessionStore.open(db) as store:
        meta = store.create(SessionMeta("ab" * 16, f"{META_HOSTILE}2026-03-14T09:00:00.000Z", "0.1.0" + META_HOSTILE,
                                        "kb" + META_HOSTILE, "clinician"))
        assert meta.id is not None
        store.append(meta.id, Event("text", f"39 {HOSTILE}"), persona="clinician", grade=None)
        store.append(meta.id, Event("text", f"/{HOSTILE}"), persona="clinician", grade=None)
        return meta.id


def test_stored_escapes_and_lone_surrogates_are_inert_in_every_reading_command(db: Path, cli: Cli,
                                                                               tmp_path: Path) -> None:
    sid = hostile_session(db)
    assert "\\x1b]52" in clean(cli("sessions"))
    clean(cli("sessions", "--json"))
    shown = clean(cli("sessions", "show", str(sid)))
    assert "\\x1b[2J" in shown and "\\ud800" in shown and "Unknown command" in shown
    for fmt in ("md", "html", "json", "txt"):
        clean(cli("export", str(sid), "--format", fmt))
    out = tmp_path / "s.json"
    clean(cli("export", str(sid), "--format", "json", "-o", str(out)))
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["session"]["started"].startswith(META_HOSTILE)  # the export keeps the data, escaped as JSON
    assert document["events"][0]["text"].endswith(HOSTILE)
    db.unlink()
    imported = clean(cli("import", str(out)))
    assert "Imported session" in imported and "\\x1b]52" in imported


def test_an_imported_start_time_with_osc52_and_a_lone_surrogate_is_inert(cli: Cli, tmp_path: Path, db: Path) -> None:
    sid = hostile_session(db)
    document = tmp_path / "doc.json"
    cli("export", str(sid), "--format", "json", "-o", str(document))
    data = json.loads(document.read_text())
    data["session"]["started"] += "\ud800"
    data["session"]["uid"] = "ef" * 16
    document.write_text(json.dumps(data))
    assert "Imported session" in clean(cli("import", str(document)))
    assert "\\x1b]52" in clean(cli("sessions"))
    clean(cli("sessions", "show", "2"))


def test_a_huge_integer_in_an_import_is_one_line(cli: Cli, tmp_path: Path) -> None:
    document = tmp_path / "doc.json"
    document.write_text('{"format": "crs-assistant/session", "version": 1' + "0" * 4300 + "}")
    proc = cli("import", str(document))
    assert proc.returncode == 2 and "more than 30 digits" in clean(proc) and proc.stderr.count("\n") == 1


def test_import_reads_bytes_whatever_the_locale(cli: Cli, data_dir: Path) -> None:
    from tests.store.conftest import program_env

    env = {**program_env(data_dir), "LC_ALL": "C", "PYTHONUTF8": "0"}
    proc = subprocess.run([*_program(), "import", "-"], input=b'{"x": "\xff"}', capture_output=True, env=env)
    assert proc.returncode == 2 and b"not UTF-8" in proc.stderr and b"Traceback" not in proc.stderr


def _program() -> list[str]:
    import sys

    return [sys.executable, "-m", "assistant"]


def test_a_zero_length_store_is_not_rewritten_by_reading_commands(db: Path, cli: Cli) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(b"")
    for args in (["sessions"], ["sessions", "--json"], ["sessions", "show", "1"], ["export", "1"]):
        proc = cli(*args)
        assert "Traceback" not in proc.stderr
        assert db.stat().st_size == 0, args
    assert sorted(p.name for p in db.parent.iterdir()) == ["sessions.db"]


def test_reading_commands_never_create_a_store(data_dir: Path, cli: Cli) -> None:
    for args in (["sessions"], ["sessions", "show", "1"], ["export", "1"], ["sessions", "delete", "1", "--yes"]):
        assert "Traceback" not in cli(*args).stderr
    assert not data_dir.exists()


def test_a_dangling_store_link_is_refused_in_one_line(data_dir: Path, cli: Cli, tmp_path: Path) -> None:
    data_dir.mkdir(parents=True)
    outside = tmp_path / "elsewhere.db"
    (data_dir / "sessions.db").symlink_to(outside)
    proc = cli("chat", stdin="39\n")
    assert proc.returncode == 1 and "symbolic link" in proc.stderr and proc.stderr.count("\n") == 1
    assert not outside.exists()
    proc = cli("import", "/nonexistent")
    assert not outside.exists()


@pytest.fixture
def session_id(db: Path) -> int:
    with SessionStore.open(db) as store:
        meta = store.create(SessionMeta("cd" * 16, "2026-03-14T09:00:00.000Z", "0.1.0", "kb", "clinician"))
        assert meta.id is not None
        return meta.id


def one_line_refusal(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 2, proc
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
    return proc.stderr


def test_a_300_character_name_is_one_line(cli: Cli, session_id: int, tmp_path: Path) -> None:
    err = one_line_refusal(cli("export", str(session_id), "-o", str(tmp_path / ("n" * 300 + ".md"))))
    assert "too long" in err


def test_a_255_character_name_is_written(cli: Cli, session_id: int, tmp_path: Path) -> None:
    target = tmp_path / ("n" * 252 + ".md")
    assert cli("export", str(session_id), "-o", str(target)).returncode == 0
    assert target.is_file()


@pytest.mark.parametrize("special", ["fifo", "device", "link-to-file", "dangling-link"])
def test_special_files_are_never_replaced_even_with_force(cli: Cli, session_id: int, tmp_path: Path,
                                                          special: str) -> None:
    target = tmp_path / "out.md"
    if special == "fifo":
        os.mkfifo(target)
    elif special == "device":
        target.symlink_to("/dev/null")  # the device itself is refused as a link; create one where root can
        if os.geteuid() == 0:
            target.unlink()
            os.mknod(target, 0o600 | __import__("stat").S_IFCHR, os.makedev(1, 3))
    elif special == "link-to-file":
        (tmp_path / "real.md").write_text("keep")
        target.symlink_to(tmp_path / "real.md")
    else:
        target.symlink_to(tmp_path / "nowhere.md")
    before = os.lstat(target)
    err = one_line_refusal(cli("export", str(session_id), "-o", str(target), "--force"))
    assert "not a regular file" in err
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)


def test_a_trailing_slash_names_a_folder(cli: Cli, session_id: int, tmp_path: Path) -> None:
    err = one_line_refusal(cli("export", str(session_id), "-o", str(tmp_path / "new") + "/"))
    assert "names a folder" in err
    assert not (tmp_path / "new").exists()


def test_an_existing_regular_file_is_replaced_only_with_force(cli: Cli, session_id: int, tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("old")
    assert "already exists" in one_line_refusal(cli("export", str(session_id), "-o", str(target)))
    assert cli("export", str(session_id), "-o", str(target), "--force").returncode == 0
    assert target.read_text() != "old"


@pytest.mark.parametrize("bad", ["dir/", "missing/x.md", "n" * 300 + ".md", "fifo.md", "exists.md"])
def test_quiz_export_is_checked_before_the_run(cli: Cli, tmp_path: Path, bad: str) -> None:
    (tmp_path / "exists.md").write_text("x")
    (tmp_path / "dir").mkdir()
    os.mkfifo(tmp_path / "fifo.md")
    path = str(tmp_path / bad) + ("/" if bad.endswith("/") else "")
    proc = cli("quiz", "--plain", "--no-store", "--count", "1", "--export", path, stdin="1\n")
    err = one_line_refusal(proc)
    assert err.startswith("crs-assistant quiz: --export:")
    assert proc.stdout == ""  # nothing asked: the run never started


def test_export_paths_printed_are_inert(cli: Cli, session_id: int, tmp_path: Path) -> None:
    target = tmp_path / "note\x1b]52;c;aGk=\x07\x9b2J\nx.txt"
    proc = cli("export", str(session_id), "--format", "txt", "-o", str(target))
    assert proc.returncode == 0 and target.is_file()
    err = clean(proc)
    assert err.count("\n") == 1 and "\\x1b]52" in err and "\\n" in err
    err = clean(cli("export", str(session_id), "-o", str(target)))  # exists: refused, still inert
    assert "already exists" in err and err.count("\n") == 1


@pytest.mark.parametrize("row", ['{"kind": "text", "text": "39"} trailing', "not json", '["kind", "text"]',
                                 ' {"kind": "text", "text": "39"}'])
def test_an_event_row_edited_outside_the_program_is_named_or_read_as_json_reads_it(db: Path, cli: Cli,
                                                                                 row: str) -> None:
    """An event row is read as JSON reads it: with whitespace around it, as the event it is; anything
    else refused in one line that names the session and says it was left untouched."""
    sid = hostile_session(db)
    with sqlite3.connect(db) as conn:  # as someone with the sqlite3 shell could
        conn.execute("DROP TRIGGER events_append_only")
        conn.execute("UPDATE events SET event = ? WHERE session_id = ? AND seq = 1", (row, sid))
    conn.close()
    proc = cli("export", str(sid), "--format", "md")
    if row.startswith(" "):
        assert proc.returncode == 0 and "39" in proc.stdout, proc.stderr
        return
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"holds an unreadable event in session {sid}" in proc.stderr and "left untouched" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
