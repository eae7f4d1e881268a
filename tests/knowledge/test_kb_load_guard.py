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
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from assistant.cli.main import main
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
    from dialogs.data_files import content_for
    from dialogs.engine import default_consult
    from dialogs.spec import default_spec

    caches = (default_consult, default_spec, content_for)
    for cached in caches:
        cached.cache_clear()
    yield
    for cached in caches:
        cached.cache_clear()


async def test_the_terminal_ui_shows_the_failure_and_exits_with_status_2(
    kb_env: Path, break_kb: Breaker, tmp_path: Path, fresh_engine: None
) -> None:
    from textual.widgets import Static

    from assistant.settings import Settings, save
    from assistant.tui.app import LoadFailedScreen, make_app

    named = break_kb(kb_env, "slot renamed in a when")
    settings = tmp_path / "data" / "settings.json"
    save(Settings(persona="clinician"), settings)
    app = make_app(settings_path=settings, cursor_blink=False)
    async with app.run_test(size=(120, 30)) as pilot:
        assert isinstance(app.screen, LoadFailedScreen)
        shown = str(app.screen.query_one("#load-failed", Static).render())
        assert "cannot advise" in shown and named in shown
        assert app.engine is None  # nothing to advise with
        await pilot.press("q")
    assert app.return_code == 2 and app.return_value == 2


SHAPES: dict[str, tuple[str, bytes]] = {
    "not UTF-8": ("statements/icans.toml", b"\xff\xfe[[statement]]\n"),
    "not TOML": ("statements/icans.toml", b"[[statement]\nid = "),
    "deeply nested": ("statements/icans.toml", b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n"),
    "statement not a table": ("statements/icans.toml", b"statement = [1, 2]\n"),
    "statements not an array": ("statements/icans.toml", b"statement = 3\n"),
    "vignettes not an array": ("vignettes.toml", b"vignette = 3\n"),
    "bounds not UTF-8": ("dose_bounds.toml", b"\xc3\x28 = 1\n"),
    "table not TOML": ("expected_doses.toml", b"case = [\n"),
    "codes not TOML": ("icd10.toml", b"[crs\n"),
    "code misspelt": ("icd10.toml", b'[crs]\n1 = { code = "D89831", status = "V2" }\n[icans]\n'),
    "a fifth grade": ("icd10.toml", b'[crs]\n5 = { code = "D89.835", status = "V2" }\n[icans]\n'),
    "synonyms not TOML": ("synonyms.toml", b"[[concept]\n"),
    "synonym not a string": ("synonyms.toml", b'[[concept]]\nid = "x"\nterms = [1]\n'),
    "escape in a slot name": ("statements/extra.toml", b'[[statement]]\nid = "x"\ntext = "t"\nrefs = ["ASCO"]\n'
                              b'review = { status = "draft", date = "2026-01-01", by = "me" }\naction = "labs"\n'
                              b'role = "note"\nwhen = { "\\u001b]52;c;aGk=\\u0007" = { eq = 1 } }\n'),
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_any_broken_file_is_a_problem_line_never_an_exception(
    kb_copy: Path, shape: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    rel, content = SHAPES[shape]
    (kb_copy / rel).write_bytes(content)
    problems = check(kb_copy)
    assert problems and any(p.startswith(rel.split("/")[-1]) or p.startswith(rel) for p in problems), problems
    with pytest.raises(KbLoadError):
        load(kb_copy)
    monkeypatch.setenv(KB_ENV, str(kb_copy))
    assert main(ASSESS) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "\x1b" not in err and "\x07" not in err


@pytest.mark.parametrize("where", ["missing", "a file"])
def test_a_knowledge_base_folder_that_is_not_there(tmp_path: Path, where: str, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "nowhere"
    if where == "a file":
        root.write_text("x")
    monkeypatch.setenv(KB_ENV, str(root))
    assert check() and check()[0].startswith("kb.toml: cannot be read")
    assert main(ASSESS) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "kb.toml: cannot be read" in err


def test_the_one_line_names_the_dialog_too_and_leaves_other_errors_alone() -> None:
    from assistant.cli.main import load_failure
    from dialogs.spec import DialogSpecError

    line = load_failure(DialogSpecError(["dialogs/data/consult.toml: question 1 (temperature_c): option 'x'",
                                         "second"]))
    assert line == ("The dialog failed its checks, so no advice is given: dialogs/data/consult.toml: question 1 "
                    "(temperature_c): option 'x' (and 1 more; run 'crs-assistant kb check')")
    assert load_failure(ValueError("no")) is None
    try:
        try:
            raise KbLoadError(["kb.toml: field 'name': Field required"])
        except KbLoadError as inner:
            raise RuntimeError("while replaying") from inner
    except RuntimeError as outer:
        assert "kb.toml: field 'name'" in (load_failure(outer) or "")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_mutated_knowledge_base_loads_exactly_when_kb_check_passes(
    data: st.DataObject, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """Any one token of a `when` (a slot name, a number, a quoted value) replaced by another:
    the load succeeds exactly when `kb check` is clean, and a refused one gives no advice."""
    import re
    import shutil

    from knowledge.loader import DATA_DIR

    root = tmp_path_factory.mktemp("mutated") / "kb"
    shutil.copytree(DATA_DIR, root)
    files = sorted((root / "statements").glob("*.toml"))
    path = data.draw(st.sampled_from(files), label="file")
    text = path.read_text(encoding="utf-8")
    spans = [(line.start() + m.start(), line.start() + m.end())
             for line in re.finditer(r"^when(?:_any)? = .*$", text, re.M)
             for m in re.finditer(r'[a-z_]+(?= = \{)|(?<== )-?\d+(?:\.\d+)?|"[a-z-]+"', line.group())]
    assume(spans)  # a file without conditions: nothing to mutate
    start, end = data.draw(st.sampled_from(spans), label="token")
    new = data.draw(st.one_of(st.from_regex(r"[a-z_]{1,12}", fullmatch=True), st.integers(-10, 100).map(str),
                              st.sampled_from(['"none"', '"full"', '"fluidz"', "true", '"high-flow"'])),
                    label="replacement")
    path.write_text(text[:start] + new + text[end:], encoding="utf-8")
    problems = check(root)
    try:
        load(root)
        loaded = True
    except KbLoadError as exc:
        loaded = False
        assert exc.problems == problems
    assert loaded == (problems == [])
    event("loaded" if loaded else "refused")
    if not loaded:
        os.environ[KB_ENV] = str(root)
        try:
            assert main(ASSESS) == 2
        finally:
            del os.environ[KB_ENV]
        out, err = capsys.readouterr()
        assert out == "" and err.count("\n") == 1


@pytest.mark.parametrize(("rel", "content", "named"), [
    ("icd10.toml", b'[crs]\n1 = { code = "D89831", status = "V2" }\n[icans]\n', "icd10.toml: [crs.1]: field 'code'"),
    ("icd10.toml", b'[crs]\n1 = { code = "D89.831", status = "V3" }\n[icans]\n', "icd10.toml: [crs.1]: field 'status'"),
    ("icd10.toml", b"[crs]\n", "icd10.toml: field 'icans': missing"),
    ("synonyms.toml", b'[[concept]]\nid = "x"\nterms = [1]\n', "synonyms.toml: concept 1 (x): 'terms' must be"),
])
def test_the_codes_and_synonyms_are_the_knowledge_bases_in_use_and_checked(
    kb_copy: Path, rel: str, content: bytes, named: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """icd10.toml and synonyms.toml are read from the folder in use (CRS_ASSISTANT_KB), so a
    broken one is a `kb check` line naming file, entry and field, and no command advises."""
    (kb_copy / rel).write_bytes(content)
    assert any(p.startswith(named) for p in check(kb_copy)), check(kb_copy)
    monkeypatch.setenv(KB_ENV, str(kb_copy))
    assert main(ASSESS) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "failed its checks" in err
