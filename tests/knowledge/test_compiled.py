"""Compiled content: validated once by its pydantic schema, then read as plain frozen data.

The run-time path (`assess`, `assess --text`, `chat`) loads the compiled snapshot (the content
cache of `knowledge.kb_cache`) without importing pydantic; any edit to any input rebuilds it; a
corrupt one is rebuilt from the files, and content that fails its checks is never compiled.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import knowledge.kb_cache as kb_cache
from dialogs import spec, spec_schema
from knowledge import case_schema, content, models
from knowledge.kb_cache import data_files, load_cached
from knowledge.loader import DATA_DIR, KbLoadError, load
from knowledge.plain import Plain, disagreements, to_plain
from knowledge.slots import Case

SCHEMAS = [
    *((getattr(models, n), getattr(content, n)) for n in
      ("Predicate", "Review", "Dose", "Bound", "DrugBounds", "Statement", "Reference", "Action", "KbMeta")),
    (case_schema.CaseSchema, Case),
    *((getattr(spec_schema, n), getattr(spec, n)) for n in ("Option", "Question", "UnknownWords", "DialogSpec")),
]


@pytest.mark.parametrize(("schema", "plain"), SCHEMAS, ids=[p.__name__ for _, p in SCHEMAS])
def test_each_schema_and_its_plain_form_have_the_same_fields_and_defaults(schema: type, plain: type) -> None:
    assert disagreements(schema, plain) == []
    record = plain.model_construct(**{name: None for name in plain.field_names()})
    with pytest.raises(AttributeError):  # frozen
        record.__setattr__(plain.field_names()[0], 1)


def test_a_field_missing_from_the_plain_form_is_named() -> None:
    class Short(Plain, kw_only=True):
        min: float

    assert disagreements(models.Bound, Short) == [
        "Bound: schema fields ('min', 'max') but plain fields ('min',)"
    ]


def test_a_record_built_with_every_field_keeps_field_order_and_still_refuses_unknown_names() -> None:
    names = Case.field_names()
    given = {name: None for name in reversed(names)}
    assert list(Case(**given).__dict__) == list(names)  # the order the JSON of a case shows
    wrong = {**{name: None for name in names[1:]}, "temperature": 38.5}  # as many names, one unknown
    with pytest.raises(TypeError, match="unexpected fields: temperature"):
        Case(**wrong)
    assert Case(temperature_c=38.5).__dict__ == {**dict.fromkeys(names), "temperature_c": 38.5}


def test_the_loaded_knowledge_base_holds_only_plain_objects() -> None:
    kb = load(DATA_DIR)
    seen: list[object] = [kb.meta, *kb.statements, *kb.references.values(), *kb.actions, *kb.dose_bounds.values()]
    while seen:
        item = seen.pop()
        assert "pydantic" not in type(item).__module__, type(item)
        if isinstance(item, Plain):
            seen.extend(getattr(item, name) for name in item.field_names())
        elif isinstance(item, list | tuple):
            seen.extend(item)
        elif isinstance(item, dict):
            seen.extend(item.values())


def test_model_validate_checks_with_the_schema_and_returns_the_plain_form() -> None:
    from pydantic import ValidationError

    case = Case.model_validate({"temperature_c": 39, "tocilizumab_doses": 1})
    assert type(case) is Case and case.temperature_c == 39.0 and type(case.temperature_c) is float
    with pytest.raises(ValidationError, match="less than or equal to 45"):
        Case.model_validate({"temperature_c": 50.0})
    with pytest.raises(ValidationError):
        Case.model_validate({"tocilizumab_doses": True}, strict=True)
    assert Case.checked({"temperature_c": 39}) == case.model_copy(update={"tocilizumab_doses": None})
    assert to_plain([models.Bound(min=1, max=2)]) == [content.Bound(min=1.0, max=2.0)]


# --- the snapshot: every input edited rebuilds it -------------------------------------------------


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CRS_ASSISTANT_CACHE", str(tmp_path / "cache"))
    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root)
    return root


def _edit(path: Path) -> None:
    """An edit that leaves the content valid: a comment in TOML, a blank line elsewhere."""
    path.write_bytes(path.read_bytes() + (b"\n# edited\n" if path.suffix == ".toml" else b"\n"))


def test_editing_each_input_file_rebuilds_the_snapshot(data: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[Path] = []
    monkeypatch.setattr(kb_cache, "load", lambda root: built.append(root) or load(root))
    load_cached(data)
    load_cached(data)
    assert len(built) == 1  # served from the snapshot the second time
    inputs = data_files(data)
    assert {p.name for p in inputs} >= {"kb.toml", "slots.toml", "icd10.toml", "synonyms.toml", "vignettes.toml"}
    for number, path in enumerate(inputs, start=2):
        _edit(path)
        kb = load_cached(data)
        assert len(built) == number, f"editing {path.relative_to(data)} did not rebuild the snapshot"
        assert kb.statements
    assert len(list((tmp_path / "cache").glob("kb-*.pickle"))) == len(inputs) + 1


def test_a_snapshot_of_content_that_fails_its_checks_is_never_written(data: Path, tmp_path: Path) -> None:
    path = data / "dose_bounds.toml"
    text = path.read_text()
    assert "dose_mg = { min = 1, max = 800 }" in text
    path.write_text(text.replace("dose_mg = { min = 1, max = 800 }", "dose_mg = { min = 900, max = 800 }"))
    for _ in range(2):
        with pytest.raises(KbLoadError):
            load_cached(data)
    assert not list((tmp_path / "cache").glob("kb-*.pickle"))


# --- the run-time path, as the user runs it -------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
# runs the program's `main` and reports on stderr whether pydantic was imported
PROBE = ("import sys; from assistant.cli.main import main; rc = main(sys.argv[1:]); "
         "sys.stderr.write('PYDANTIC=%s\\n' % ('pydantic' in sys.modules)); sys.exit(rc)")
RUNS = {
    "assess": (["assess", "--temp", "101.8F", "--hypotension", "one-pressor", "--oxygen", "high-flow",
                "--format", "json"], ""),
    "assess --text": (["assess", "--text", "Tmax 101.8F, levo + vaso, HFNC 40L", "--format", "json"], ""),
    "chat": (["chat", "--no-store"], "39.2, on levophed, 2 L nasal cannula\n"),
}


def _run(args: list[str], stdin: str, cache: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CRS_ASSISTANT_KB", "CRS_ASSISTANT_DIALOGS")}
    env.update(CRS_ASSISTANT_CACHE=str(cache), CRS_ASSISTANT_DATA=str(tmp_path / "store"))
    return subprocess.run([sys.executable, "-c", PROBE, *args], input=stdin, capture_output=True, text=True,
                          env=env, timeout=120, cwd=ROOT)


@pytest.mark.parametrize("name", list(RUNS))
def test_the_run_time_path_with_a_snapshot_never_imports_pydantic(name: str, tmp_path: Path) -> None:
    args, stdin = RUNS[name]
    cache = tmp_path / "cache"
    first = _run(args, stdin, cache, tmp_path)  # validates the files and writes the snapshot
    assert first.returncode == 0, first.stderr
    assert "PYDANTIC=True" in first.stderr
    second = _run(args, stdin, cache, tmp_path)
    assert second.returncode == 0, second.stderr
    assert "PYDANTIC=False" in second.stderr
    assert second.stdout == first.stdout  # the same answer from the snapshot as from the files


def test_a_corrupt_snapshot_is_rebuilt_from_the_files_without_a_traceback(tmp_path: Path) -> None:
    args, stdin = RUNS["assess"]
    cache = tmp_path / "cache"
    good = _run(args, stdin, cache, tmp_path)
    snapshots = sorted(cache.glob("*.pickle"))
    assert snapshots
    for path in snapshots:
        path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])  # a torn write
    again = _run(args, stdin, cache, tmp_path)
    assert again.returncode == 0 and "Traceback" not in again.stderr
    assert again.stdout == good.stdout
    assert "PYDANTIC=True" in again.stderr  # validated again, then compiled again
    assert "PYDANTIC=False" in _run(args, stdin, cache, tmp_path).stderr
