"""`crs-assistant export` and `import`: files written atomically, never clobbered, and a JSON round trip."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.cli.main import main
from assistant.export import write_atomically
from assistant.export.files import OutputError
from assistant.identity import login_name
from assistant.store import SessionStore
from assistant.store.records import LoggedEvent, SessionMeta

Session = tuple[list[LoggedEvent], SessionMeta]


@pytest.fixture
def stored(tmp_path: Path, consult_session: Session) -> Path:
    """A data folder holding the scripted consult as session 1."""
    events, meta = consult_session
    data = tmp_path / "data"
    with SessionStore.open(data / "sessions.db") as store:
        store.add(meta, events, grade=3)
    return data


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_to_stdout_and_to_a_file(stored: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--data-dir", str(stored), "export", "1", "--format", "md")
    assert code == 0 and out.startswith("# CRS consult")
    target = tmp_path / "note.txt"
    code, out, err = run(capsys, "export", "1", "--format", "txt", "-o", str(target), "--data-dir", str(stored))
    assert code == 0 and out == "" and "Wrote session 1 as txt" in err
    assert target.read_text(encoding="utf-8").startswith("CRS CONSULT NOTE")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "note.txt"]  # no temporary file left


def test_an_existing_file_is_never_overwritten_without_force(stored: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.html"
    target.write_text("keep me")
    code, _, err = run(capsys, "--data-dir", str(stored), "export", "1", "--format", "html", "-o", str(target))
    assert code == 2 and err.count("\n") == 1 and "already exists; add --force" in err
    assert target.read_text() == "keep me"
    code, _, _ = run(capsys, "--data-dir", str(stored), "export", "1", "--format", "html", "-o", str(target),
                     "--force")
    assert code == 0 and target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("where", ["missing/folder/out.md", ".", "file-as-folder/out.md"])
def test_a_bad_path_is_one_line_and_exit_2(stored: Path, tmp_path: Path, where: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file-as-folder").write_text("x")
    code, out, err = run(capsys, "--data-dir", str(stored), "export", "1", "-o", str(tmp_path / where))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("crs-assistant export: ") and "Traceback" not in err


def test_unknown_session_is_one_line(stored: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--data-dir", str(stored), "export", "5")
    assert code == 1 and err == f"crs-assistant export: no session 5 in {stored / 'sessions.db'}\n"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")

    def no_space(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(OutputError, match="No space left on device"):
        write_atomically(target, "new", force=True)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_json_round_trip_import_then_export_gives_the_same_bytes(
    stored: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = tmp_path / "session.json"
    assert run(capsys, "--data-dir", str(stored), "export", "1", "--format", "json", "-o", str(exported))[0] == 0
    elsewhere = tmp_path / "elsewhere"
    code, out, _ = run(capsys, "--data-dir", str(elsewhere), "import", str(exported))
    assert code == 0 and out.startswith("Imported session 1 (13 turns")
    code, again, _ = run(capsys, "--data-dir", str(elsewhere), "export", "1", "--format", "json")
    assert code == 0 and again == exported.read_text(encoding="utf-8")
    code, listed, _ = run(capsys, "--data-dir", str(elsewhere), "sessions", "--json")
    assert json.loads(listed) == [{"id": 1, "started": "2026-03-14T09:26:53.000Z", "turns": 13, "last_grade": 3,
                                   "author": login_name(), "shared": False, "label": "",
                                   "closed": None, "preview": "Tmax 101.8F, levo + vaso, HFNC 40L"}]
    code, out, _ = run(capsys, "--data-dir", str(elsewhere), "import", str(exported))
    assert code == 0 and out.startswith("Already stored as session 1 (the same session")


@pytest.mark.parametrize(("content", "message"), [
    ("not json", "not JSON"),
    ('{"format": "something-else"}', "not a crs-assistant session export"),
    ('{"format": "crs-assistant/session", "version": 2}', "version 2 is newer"),
    ('{"format": "crs-assistant/session", "version": 1, "session": {"uid": "x"}}', "session.started"),
    ('{"format": "crs-assistant/session", "version": 1, "session": {"uid": "0123456789abcdef0123456789abcdef", '
     '"started": "s", "app_version": "a", "kb_version": "k", "persona": "clinician"}, '
     '"events": [{"kind": "shout", "text": "x", "at": "t"}]}', "events[0]"),
])
def test_import_refuses_what_it_cannot_read_in_one_line(tmp_path: Path, content: str, message: str,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.json"
    source.write_text(content)
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "data"), "import", str(source))
    assert code == 2 and err.count("\n") == 1 and message in err
    assert not (tmp_path / "data").exists()


def test_import_of_a_missing_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--data-dir", str(tmp_path), "import", str(tmp_path / "nope.json"))
    assert code == 2 and "cannot read" in err and err.count("\n") == 1


def test_an_older_knowledge_base_is_called_out(make_session: Callable[..., Session]) -> None:
    from assistant.export import export_formats

    events, meta = make_session(kb_version="2020-01-01+000000000000")
    out = export_formats(events, meta)
    assert "the session started with 2020-01-01+000000000000" in " ".join(out["txt"].split())
    assert "recomputed with knowledge base" in out["md"] and "recomputed with knowledge base" in out["html"]
    document = json.loads(out["json"])
    assert document["session"]["kb_version"] == "2020-01-01+000000000000"
    assert document["derived"]["kb_version"] != "2020-01-01+000000000000"


def test_an_unsaved_consult_exports_too() -> None:
    from assistant.export import export_session
    from dialogs.state import Event

    text = export_session([Event("text", "39.2"), Event("text", "one pressor")], None, "json")
    document = json.loads(text)
    assert [e["text"] for e in document["events"]] == ["39.2", "one pressor"]
    assert len(document["session"]["uid"]) == 32 and document["session"]["started"].endswith("Z")
