"""Headless paths never import Textual: checked in a fresh interpreter, as users run them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROBE = """
import sys
from assistant.cli.main import main
code = main({argv!r})
heavy = sorted(m for m in ("textual", "rich", "jinja2") if m in sys.modules)
print("HEAVY=" + ",".join(heavy), file=sys.stderr)
"""


def imported_by(argv: list[str], stdin: str = "") -> str:
    proc = subprocess.run([sys.executable, "-c", PROBE.format(argv=argv)], input=stdin, capture_output=True, text=True)
    line = [x for x in proc.stderr.splitlines() if x.startswith("HEAVY=")]
    assert line, proc.stderr
    return line[0].removeprefix("HEAVY=")


def test_assess_never_imports_textual() -> None:
    assert imported_by(["assess", "--temp", "39", "--oxygen", "high-flow", "--format", "json"]) == ""
    assert imported_by(["assess", "--temp", "39"]) == ""


def test_batch_and_kb_never_import_textual() -> None:
    assert imported_by(["assess", "--batch", "-"], stdin='{"temperature_c": 39}\n') == ""
    assert imported_by(["kb", "check"]) == ""


def test_knowledge_and_dialogs_import_no_ui() -> None:
    code = "import sys, knowledge.assessment, knowledge.check, dialogs.render; print('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_chat_sessions_export_and_import_never_import_textual(tmp_path: Path) -> None:
    data = ["--data-dir", str(tmp_path)]
    assert imported_by([*data, "chat"], stdin="39\nno hypotension\n") == ""
    assert imported_by([*data, "chat", "--resume"], stdin="room air\n") == ""
    assert imported_by([*data, "sessions", "--json"]) == ""
    assert imported_by([*data, "sessions", "show", "1"]) == ""
    assert imported_by([*data, "export", "1", "--format", "json", "-o", str(tmp_path / "s.json")]) == ""
    for fmt in ("md", "html", "txt"):
        assert imported_by([*data, "export", "1", "--format", fmt]) == "jinja2"  # templates, never Textual
    assert imported_by(["--data-dir", str(tmp_path / "other"), "import", str(tmp_path / "s.json")]) == ""
    assert '"text": "room air"' in (tmp_path / "s.json").read_text()  # the commands above really ran
    assert (tmp_path / "other" / "sessions.db").exists()


def test_quiz_plain_jsonl_and_stats_never_import_textual(tmp_path: Path) -> None:
    data = ["--data-dir", str(tmp_path)]
    assert imported_by(["quiz", *data, "--plain", "--count", "1"], stdin="1\n1\n1\n") == ""
    assert imported_by(["quiz", *data, "--jsonl", "--count", "1"], stdin="1\n") == ""
    assert imported_by(["quiz", *data, "--stats"]) == ""
    assert (tmp_path / "sessions.db").exists()  # the runs really ran and were stored


def test_the_terminal_ui_starts_without_pydantic_or_the_store(tmp_path: Path) -> None:
    """A new consult's first frame waits only for what it shows: neither pydantic nor the store
    (sqlite3) is imported before make_app, which loads the engine from the compiled content."""
    probe = f"""
import sys
import assistant.tui.app
seen = {{}}
class Fake:
    resume_request = None
    def run(self):
        return 0
def make_app(**kwargs):
    seen.update(pydantic='pydantic' in sys.modules, sqlite3='sqlite3' in sys.modules)
    return Fake()
assistant.tui.app.make_app = make_app
from assistant.cli.main import main
main(['--data-dir', {str(tmp_path)!r}])
print(seen)
"""
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout.strip()
    assert out == "{'pydantic': False, 'sqlite3': False}"


def test_assess_with_flags_imports_only_what_it_needs() -> None:
    """A warm `assess` with flags: no validator, no reader, no batch machinery, no store, no
    other subcommand (issue 14's cold-start figure)."""
    probe = """
import sys
from assistant.cli.main import main
main({argv!r})
print(sorted(m for m in {unwanted!r} if m in sys.modules))
"""
    argv = ["assess", "--temp", "39", "--hypotension", "one-pressor", "--oxygen", "high-flow", "--format", "json"]
    unwanted = ["pydantic", "tomllib", "dialogs.understanding", "assistant.cli.batch", "assistant.input_limits",
                "assistant.parallel", "assistant.cli.commands.sessions", "assistant.store", "sqlite3", "shutil"]
    code = probe.format(argv=argv, unwanted=unwanted)
    subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # the snapshot, if new
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip().splitlines()[-1] == "[]"


def test_an_export_of_a_stored_session_imports_only_what_it_writes(tmp_path: Path) -> None:
    """Every format of a stored consult is written from what the store holds: neither the engine
    that answers (nor its follow-up retrieval, episode or reader) nor pydantic is imported, and
    JSON needs no templates (issue 14's export figure)."""
    probe = """
import contextlib, io, sys
from assistant.cli.main import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = main({argv!r})
print(code, len(out.getvalue()) > 0, sorted(m for m in {unwanted!r} if m in sys.modules))
"""
    data = ["--data-dir", str(tmp_path)]
    imported_by([*data, "chat"], stdin="39\nno hypotension\nroom air\n")  # a stored consult with a plan
    unwanted = ["dialogs.engine", "dialogs.episode", "dialogs.followup", "dialogs.understanding", "dialogs.intake",
                "knowledge.retrieval", "pydantic", "textual"]
    for fmt in ("txt", "md", "html", "json"):
        not_needed = [*unwanted, "jinja2"] if fmt == "json" else unwanted
        code = probe.format(argv=[*data, "export", "1", "--format", fmt], unwanted=not_needed)
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert run.stdout.strip().splitlines()[-1] == "0 True []", (fmt, run.stdout, run.stderr)
