"""Every dialog data file is read by the one loader and refused in the one error shape.

For each file of `dialogs/data/` (the consult dialog, the reader's vocabulary, the practice-case
prose, the follow-up drug table), each kind of breakage (not UTF-8, not TOML, a missing key, a
wrong type, a reference to an unknown slot, value, product, concept or statement) is:
`kb check` listing a line that names the file, the entry and the field (exit 1); every advising
command refusing in one line on stderr, exit status 2, nothing on stdout, never a traceback;
the terminal UI showing its load-failure screen and exiting with status 2; and never the
content cache serving a broken file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.cli.main import main
from dialogs.data_files import DATA_DIR, DIALOGS_ENV, DialogDataError, content_for, load_content
from dialogs.spec import DialogSpecError
from knowledge.datafile import DataFileError, Problem
from knowledge.loader import KbLoadError, default_kb

ASSESS = ["assess", "--temp", "39", "--hypotension", "one-pressor", "--oxygen", "high-flow", "--weight", "70",
          "--steroids", "full", "--tocilizumab-doses", "0"]

# name -> (file, old text, new text (None: the whole file becomes the bytes of `old`), what the line names)
BREAKAGES: dict[str, tuple[str, str | bytes, str | None, str]] = {
    "consult not UTF-8": ("consult.toml", b"\xff\xfe[[question]]\n", None,
                          "dialogs/data/consult.toml: cannot be read: not UTF-8"),
    "consult not TOML": ("consult.toml", b"[[question]\nslot = ", None, "dialogs/data/consult.toml: cannot be read: "
                         "not TOML"),
    "consult missing key": ("consult.toml", 'reprompt = "Please give the highest temperature', "rep = \"",
                            "dialogs/data/consult.toml: question 1 (temperature_c): field 'reprompt': missing"),
    "consult wrong type": ("consult.toml", 'why = "astct-fever"\n', "why = 3\n",
                           "dialogs/data/consult.toml: question 1 (temperature_c): field 'why': Input should be a "
                           "valid string"),
    "consult unknown slot": ("consult.toml", 'slot = "temperature_c"', 'slot = "temperature_x"',
                             "dialogs/data/consult.toml: question 1 (temperature_x): field 'slot': unknown slot "
                             "'temperature_x'"),
    "consult unknown statement": ("consult.toml", 'why = "astct-fever"\n', 'why = "astct-fevers"\n',
                                  "dialogs/data/consult.toml: question 1 (temperature_c): field 'why': why names "
                                  "unknown statement 'astct-fevers'"),
    "consult unknown option value": ("consult.toml", '{ label = "Yes", value = true }',
                                     '{ label = "Yes", value = "maybe" }',
                                     "dialogs/data/consult.toml: question 2 (anticytokine_given): field "
                                     "'options[1].value'"),
    "vocabulary not UTF-8": ("vocabulary.toml", b"[answers]\nyes = [\"\xc3\x28\"]\n", None,
                             "dialogs/data/vocabulary.toml: cannot be read: not UTF-8"),
    "vocabulary not TOML": ("vocabulary.toml", b"[answers\n", None,
                            "dialogs/data/vocabulary.toml: cannot be read: not TOML"),
    "vocabulary missing key": ("vocabulary.toml", "\nroom_air = [", "\nroom_airs = [",
                               "dialogs/data/vocabulary.toml: [oxygen]: field 'room_air': missing"),
    "vocabulary wrong type": ("vocabulary.toml", 'comfort_statement = "astct-comfort-oxygen"', 'comfort_statement = 7',
                              "dialogs/data/vocabulary.toml: [oxygen]: field 'comfort_statement'"),
    "vocabulary unknown product": ("vocabulary.toml", '\naxi-cel = [', '\naxi-cell = [',
                                   "dialogs/data/vocabulary.toml: [products]: field 'axi-cell': 'axi-cell' is not a "
                                   "product of the slot registry"),
    "vocabulary unknown drug class": ('vocabulary.toml', 'class = "tocilizumab"', 'class = "antibody"',
                                      "dialogs/data/vocabulary.toml: [drugs.tocilizumab]: field 'class'"),
    "prose not UTF-8": ("prose.toml", b"opening = [\"\xff\"]\n", None,
                        "dialogs/data/prose.toml: cannot be read: not UTF-8"),
    "prose not TOML": ("prose.toml", b"opening = [\n", None, "dialogs/data/prose.toml: cannot be read: not TOML"),
    "prose missing key": ("prose.toml", "\norgan = [", "\norgans = [",
                          "dialogs/data/prose.toml: [rest]: field 'organ': missing"),
    "prose wrong type": ("prose.toml", 'no_anakinra = ["No anakinra."]', "no_anakinra = 0",
                         "dialogs/data/prose.toml: [given]: field 'no_anakinra'"),
    "prose unknown slot value": ("prose.toml", "\nmulti-pressor = [", "\nmany-pressors = [",
                                 "dialogs/data/prose.toml: [hypotension]: field 'many-pressors': 'many-pressors' is "
                                 "not a value of slot hypotension"),
    "prose unknown placeholder": ("prose.toml", "Nasal cannula {litres} L.", "Nasal cannula {liters} L.",
                                  "dialogs/data/prose.toml: [oxygen]: field 'low-flow': 'Nasal cannula {liters} L.': "
                                  "placeholder '{liters}' is not filled here"),
    "followup not UTF-8": ("followup.toml", b"\xc0\xafmore_words = []\n", None,
                           "dialogs/data/followup.toml: cannot be read: not UTF-8"),
    "followup not TOML": ("followup.toml", b"[[drug]\n", None, "dialogs/data/followup.toml: cannot be read: not TOML"),
    "followup missing key": ("followup.toml", 'action = "tocilizumab"\n', "",
                             "dialogs/data/followup.toml: drug 1 (tocilizumab): field 'action': missing"),
    "followup wrong type": ("followup.toml", 'more_words = ["more"', 'more_words = [1',
                            "dialogs/data/followup.toml: field 'more_words[1]': Input should be a valid string"),
    "followup unknown slot": ("followup.toml", 'count_slot = "tocilizumab_doses"', 'count_slot = "toci_doses"',
                              "dialogs/data/followup.toml: drug 1 (tocilizumab): field 'count_slot': unknown slot "
                              "'toci_doses'"),
    "followup unknown action": ("followup.toml", 'action = "anakinra-escalate"', 'action = "anakinra-more"',
                                "dialogs/data/followup.toml: drug 2 (anakinra): field 'action': action "
                                "'anakinra-more' is not declared in actions.toml"),
    "followup unknown concept": ("followup.toml", 'concept = "anakinra"', 'concept = "kineret"',
                                 "dialogs/data/followup.toml: drug 2 (kineret): field 'concept': 'kineret' is not a "
                                 "concept of knowledge/data/synonyms.toml"),
}


def break_copy(root: Path, name: str) -> str:
    """Apply one breakage to the copy of `dialogs/data` at `root`; returns what its line names."""
    file, old, new, named = BREAKAGES[name]
    path = root / file
    if new is None:
        assert isinstance(old, bytes)
        path.write_bytes(old)
    else:
        assert isinstance(old, str)
        text = path.read_text(encoding="utf-8")
        assert text.count(old) >= 1, f"fixture text not in {file}: {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return named


@pytest.fixture
def dialogs_copy(tmp_path: Path) -> Path:
    root = tmp_path / "dialogs-data"
    shutil.copytree(DATA_DIR, root)
    return root


@pytest.fixture
def fresh_content() -> Iterator[None]:
    from dialogs.engine import default_consult
    from dialogs.spec import default_spec

    caches = (content_for, default_spec, default_consult)
    for cached in caches:
        cached.cache_clear()
    yield
    for cached in caches:
        cached.cache_clear()


def test_every_data_file_is_listed_and_the_shipped_ones_load() -> None:
    shipped = sorted(p.name for p in DATA_DIR.iterdir() if p.is_file())
    from dialogs.data_files import FILES

    assert sorted(FILES) == shipped  # a new data file must be added to the one loader
    content = load_content(DATA_DIR, default_kb())
    assert content.spec.questions and content.vocabulary["oxygen"]["room_air"] and content.prose["opening"]
    assert {d.concept for d in content.followup.drugs} == {"tocilizumab", "anakinra"}


def test_one_error_shape_for_every_content() -> None:
    assert issubclass(KbLoadError, DataFileError) and issubclass(DialogDataError, DataFileError)
    assert DialogSpecError is DialogDataError
    problem = Problem("dialogs/data/prose.toml", "missing", "[rest]", "organ")
    assert str(problem) == "dialogs/data/prose.toml: [rest]: field 'organ': missing"
    assert DialogDataError([problem]).problems == [str(problem)]
    assert str(Problem("consult.toml", "cannot be read: not TOML")) == "consult.toml: cannot be read: not TOML"


@pytest.mark.parametrize("name", list(BREAKAGES))
def test_kb_check_names_file_entry_and_field_and_assess_refuses_in_one_line(
    dialogs_copy: Path, name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    fresh_content: None,
) -> None:
    named = break_copy(dialogs_copy, name)
    monkeypatch.setenv(DIALOGS_ENV, str(dialogs_copy))
    assert main(["kb", "check"]) == 1
    out = capsys.readouterr().out
    assert f"  - {named}" in out, out
    assert main(ASSESS) == 2
    out, err = capsys.readouterr()
    assert out == ""  # no grade, no plan
    (line,) = err.splitlines()
    assert line.startswith("crs-assistant assess: The dialog failed its checks, so no advice is given: ")
    assert named in line or line.endswith("'crs-assistant kb check')")


def test_a_clean_copy_passes_kb_check(dialogs_copy: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str], fresh_content: None) -> None:
    monkeypatch.setenv(DIALOGS_ENV, str(dialogs_copy))
    assert main(["kb", "check"]) == 0
    assert capsys.readouterr().out.endswith(": no problems\n")


def test_kb_check_lists_every_problem_of_every_file_at_once(dialogs_copy: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    names = ["consult unknown slot", "vocabulary missing key", "prose unknown placeholder", "followup unknown slot"]
    lines = [break_copy(dialogs_copy, name) for name in names]
    monkeypatch.setenv(DIALOGS_ENV, str(dialogs_copy))
    assert main(["kb", "check"]) == 1
    out = capsys.readouterr().out
    assert all(f"  - {line}" in out for line in lines), out


def test_a_dialog_checked_while_the_knowledge_base_is_broken_is_still_listed(
    dialogs_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from knowledge.loader import DATA_DIR as KB_DATA
    from knowledge.loader import KB_ENV

    kb_copy = tmp_path / "kb"
    shutil.copytree(KB_DATA, kb_copy)
    (kb_copy / "kb.toml").write_bytes(b"not toml [")
    named = break_copy(dialogs_copy, "prose unknown slot value")
    monkeypatch.setenv(KB_ENV, str(kb_copy))
    monkeypatch.setenv(DIALOGS_ENV, str(dialogs_copy))
    assert main(["kb", "check"]) == 1
    out = capsys.readouterr().out
    assert "  - kb.toml: cannot be read: not TOML" in out and f"  - {named}" in out


# --- the real program, in a subprocess ----------------------------------------------------------


def _run(args: list[str], dialogs: Path, tmp_path: Path, stdin: str = "", cache: str | None = None
         ) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CRS_ASSISTANT_KB"}
    env.update({DIALOGS_ENV: str(dialogs), "CRS_ASSISTANT_DATA": str(tmp_path / "store"),
                "CRS_ASSISTANT_CACHE": cache or str(tmp_path / "cache")})
    return subprocess.run([sys.executable, "-m", "assistant", *args], input=stdin, capture_output=True, text=True,
                          env=env, timeout=60)


COMMANDS = {
    "assess": (ASSESS, ""),
    "assess --text": (["assess", "--text", "Tmax 39.2, on room air, BP fine"], ""),
    "assess --batch": (["assess", "--batch", "-"], '{"temperature_c": 39, "hypotension": "one-pressor"}\n'),
    "chat": (["chat", "--no-store"], "39\nlevo\n"),
    "chat --jsonl": (["chat", "--jsonl", "--no-store"], "39\n"),
    "quiz --plain": (["quiz", "--plain", "--count", "1", "--no-store"], "3\n"),
    "kb list": (["kb", "list"], ""),
    "kb show": (["kb", "show", "astct-fever"], ""),
}


@pytest.mark.slow
@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("name", ["vocabulary missing key", "prose not UTF-8", "followup unknown action",
                                  "consult not TOML"])
def test_every_command_that_loads_the_dialog_data_refuses_in_one_line(
    dialogs_copy: Path, tmp_path: Path, command: str, name: str
) -> None:
    named = break_copy(dialogs_copy, name)
    args, stdin = COMMANDS[command]
    proc = _run(args, dialogs_copy, tmp_path, stdin)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    (line,) = proc.stderr.splitlines()
    assert "The dialog failed its checks" in line and named in line


@pytest.mark.slow
@pytest.mark.parametrize("name", ["vocabulary wrong type", "prose unknown placeholder", "consult unknown statement"])
def test_a_broken_file_is_never_served_from_the_content_cache(dialogs_copy: Path, tmp_path: Path, name: str) -> None:
    """A cache filled by the sound files, then one file broken: refused exactly as without a
    cache; mended again, the cached content is served as before."""
    cache = str(tmp_path / "shared-cache")
    sound = _run(["chat", "--no-store"], dialogs_copy, tmp_path, "39\n", cache)
    assert sound.returncode == 0 and list(Path(cache).glob("dialog-*.pickle"))
    file = BREAKAGES[name][0]
    original = (dialogs_copy / file).read_bytes()
    named = break_copy(dialogs_copy, name)
    cached = _run(["chat", "--no-store"], dialogs_copy, tmp_path, "39\n", cache)
    uncached = _run(["chat", "--no-store"], dialogs_copy, tmp_path, "39\n", "off")
    assert cached.returncode == uncached.returncode == 2
    assert cached.stdout == uncached.stdout == "" and cached.stderr == uncached.stderr
    assert named in cached.stderr and cached.stderr.count("\n") == 1
    (dialogs_copy / file).write_bytes(original)
    assert _run(["chat", "--no-store"], dialogs_copy, tmp_path, "39\n", cache).stdout == sound.stdout


async def test_the_terminal_ui_shows_a_broken_vocabulary_and_exits_with_status_2(
    dialogs_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_content: None
) -> None:
    from textual.widgets import Static

    from assistant.settings import Settings, save
    from assistant.tui.app import LoadFailedScreen, make_app

    named = break_copy(dialogs_copy, "vocabulary missing key")
    monkeypatch.setenv(DIALOGS_ENV, str(dialogs_copy))
    settings = tmp_path / "data" / "settings.json"
    save(Settings(persona="clinician"), settings)
    app = make_app(settings_path=settings, cursor_blink=False)
    async with app.run_test(size=(120, 30)) as pilot:
        assert isinstance(app.screen, LoadFailedScreen)
        shown = str(app.screen.query_one("#load-failed", Static).render())
        assert "cannot advise" in shown and named in shown
        assert app.engine is None
        await pilot.press("q")
    assert app.return_code == 2 and app.return_value == 2


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_edit_of_a_dialog_data_file_is_loaded_exactly_when_it_has_no_problem(
    data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A line of any dialog data file dropped, doubled, or with a token replaced: the loader
    never raises anything but its own error, gives content exactly when there is no problem,
    and every problem names the edited file."""
    from dialogs.data_files import FILES, problems_and_content

    root = tmp_path_factory.mktemp("edited") / "dialogs-data"
    shutil.copytree(DATA_DIR, root)
    name = data.draw(st.sampled_from(FILES), label="file")
    lines = (root / name).read_text(encoding="utf-8").splitlines(keepends=True)
    index = data.draw(st.integers(0, len(lines) - 1), label="line")
    edit = data.draw(st.sampled_from(["drop", "double", "token"]), label="edit")
    if edit == "drop":
        del lines[index]
    elif edit == "double":
        lines.insert(index, lines[index])
    else:
        new = data.draw(st.sampled_from(['"x"', "1", "true", "[]", "{}", '"', "=", "[[drug]]", "{c}"]), label="token")
        words = lines[index].split(" ")
        at = data.draw(st.integers(0, len(words) - 1), label="word")
        lines[index] = " ".join([*words[:at], new, *words[at + 1:]]) + ("" if lines[index].endswith("\n") else "\n")
    (root / name).write_text("".join(lines), encoding="utf-8")
    problems, content = problems_and_content(root, default_kb())
    assert (content is None) == bool(problems)
    assert all(str(p).startswith(f"dialogs/data/{name}: ") for p in problems), problems
    if problems:
        with pytest.raises(DialogDataError) as caught:
            load_content(root, default_kb())
        assert caught.value.problems == [str(p) for p in problems]
