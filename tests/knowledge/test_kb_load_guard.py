"""The assistant never advises from a knowledge base that `kb check` would reject.

Loading runs the same checks as `kb check`; a failure is one line on stderr naming the file, the
entry and the field, exit status 2, never a traceback and never a plan; the terminal UI shows a
screen that says so and exits with status 2.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from assistant.cli import main
from knowledge.check import check
from knowledge.loader import KB_ENV, KbLoadError, default_kb, load

Breaker = Callable[[Path, str], str]
ASSESS = ["assess", "--temp", "39", "--hypotension", "one-pressor", "--oxygen", "high-flow", "--weight", "70",
          "--steroids", "full", "--tocilizumab-doses", "0"]


def test_load_refuses_exactly_what_kb_check_reports(kb_copy: Path, break_kb: Breaker, breakage: str) -> None:
    named = break_kb(kb_copy, breakage)
    problems = check(kb_copy)
    assert problems and named in problems[0]
    with pytest.raises(KbLoadError) as err:
        load(kb_copy)
    assert err.value.problems == problems


def test_the_shipped_knowledge_base_loads_and_checks_clean() -> None:
    assert check() == []
    assert load().statements == default_kb().statements


@pytest.fixture
def kb_env(kb_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(KB_ENV, str(kb_copy))
    return kb_copy


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_assess_refuses_in_one_line_with_status_2(
    kb_env: Path, break_kb: Breaker, breakage: str, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    named = break_kb(kb_env, breakage)
    assert main([*ASSESS, "--format", fmt]) == 2
    out, err = capsys.readouterr()
    assert out == ""  # no plan, no grade: nothing on stdout
    assert err.count("\n") == 1 and err.startswith("crs-assistant assess: The knowledge base failed its checks")
    assert named in err


def _run(args: list[str], kb: Path, tmp_path: Path, stdin: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, KB_ENV: str(kb), "CRS_ASSISTANT_DATA": str(tmp_path / "store"),
           "CRS_ASSISTANT_CACHE": str(tmp_path / "cache")}
    return subprocess.run([sys.executable, "-m", "assistant", *args], input=stdin, capture_output=True, text=True,
                          env=env, timeout=60)


COMMANDS = {
    "assess": (ASSESS, ""),
    "assess --batch": (["assess", "--batch", "-"], '{"temperature_c": 39, "hypotension": "one-pressor"}\n'),
    "chat": (["chat"], "39\nlevo\n"),
    "chat --jsonl": (["chat", "--jsonl"], "39\n"),
    "quiz --plain": (["quiz", "--plain", "--count", "1"], "3\n"),
    "quiz --jsonl": (["quiz", "--jsonl", "--count", "1"], "3\n"),
}


@pytest.mark.slow
@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("name", ["slot renamed in a when", "dose typo 80 mg/kg"])
def test_every_advising_command_refuses_a_broken_knowledge_base(
    kb_copy: Path, break_kb: Breaker, tmp_path: Path, command: str, name: str
) -> None:
    named = break_kb(kb_copy, name)
    args, stdin = COMMANDS[command]
    proc = _run(args, kb_copy, tmp_path, stdin)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""
    (line,) = proc.stderr.splitlines()
    assert named in line and "failed its checks" in line


@pytest.mark.slow
def test_a_missing_data_file_is_refused_the_same_way(kb_copy: Path, tmp_path: Path) -> None:
    kb = kb_copy
    proc = _run(["chat"], kb, tmp_path, "39\n")
    assert proc.returncode == 0, proc.stderr  # the copy itself is fine
    (kb / "expected_doses.toml").unlink()
    proc = _run(["chat"], kb, tmp_path, "39\n")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "expected_doses.toml: cannot be read" in proc.stderr


@pytest.fixture
def fresh_engine() -> Iterator[None]:
    from dialogs.engine import default_consult
    from dialogs.spec import default_spec

    default_consult.cache_clear()
    default_spec.cache_clear()
    yield
    default_consult.cache_clear()
    default_spec.cache_clear()


async def test_the_terminal_ui_shows_the_failure_and_exits_with_status_2(
    kb_env: Path, break_kb: Breaker, tmp_path: Path, fresh_engine: None
) -> None:
    from textual.widgets import Static

    from assistant.app import LoadFailedScreen, make_app
    from assistant.settings import Settings, save

    named = break_kb(kb_env, "slot renamed in a when")
    settings = tmp_path / "data" / "settings.json"
    save(Settings(persona="clinician"), settings)
    app = make_app(settings_path=settings, cursor_blink=False, defer_engine=True)
    async with app.run_test(size=(120, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LoadFailedScreen)
        shown = str(app.screen.query_one("#load-failed", Static).render())
        assert "cannot advise" in shown and named in shown
        assert app.engine is None  # nothing to advise with
        await pilot.press("q")
    assert app.return_code == 2 and app.return_value == 2
