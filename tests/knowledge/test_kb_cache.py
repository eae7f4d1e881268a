"""The knowledge-base cache only ever speeds things up: never stale, never fatal.

The key covers every input of the cached object, found rather than listed: every file of the
data folder and every source file of the `knowledge` package. Each test that edits an input
works on a temporary copy (of the data, or of the package's code).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import knowledge.kb_cache as kb_cache
from knowledge.kb_cache import data_files, kb_key, load_cached, package_dir, source_files
from knowledge.loader import DATA_DIR, KbLoadError, load

Editor = Callable[[Path, str, str], None]


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CRS_ASSISTANT_CACHE", str(tmp_path / "cache"))
    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root)
    return root


@pytest.fixture
def code(tmp_path: Path) -> Path:
    """A copy of the `knowledge` package's source, as the key sees it."""
    root = tmp_path / "code" / "knowledge"
    shutil.copytree(package_dir("knowledge"), root, ignore=shutil.ignore_patterns("__pycache__", "data"))
    return root


def pickles(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").glob("kb-*.pickle"))


def test_cached_copy_equals_a_fresh_load(data: Path, tmp_path: Path) -> None:
    first = load_cached(data)
    assert len(pickles(tmp_path)) == 1
    second = load_cached(data)
    assert second is not first
    assert second.version == load(data).version
    assert [s.model_dump() for s in second.statements] == [s.model_dump() for s in load(data).statements]
    assert second.dose_bounds == load(data).dose_bounds


def test_changed_content_is_never_served_from_the_cache(data: Path) -> None:
    load_cached(data)
    path = data / "statements" / "grading.toml"
    path.write_text(path.read_text().replace("ASTCT grade 5 is death from CRS.", "Grade 5: death from CRS."))
    assert load_cached(data).by_id["astct-grade5"].text == "Grade 5: death from CRS."


def test_the_key_inputs_are_found_not_listed() -> None:
    """Every .py file of the package (subpackages too) and every file of the data folder."""
    package = package_dir("knowledge")
    walked = {Path(d, f) for d, _, files in os.walk(package) for f in files
              if f.endswith(".py") and "__pycache__" not in d}
    assert set(source_files(package)) == walked
    names = {p.name for p in walked}
    assert {"models.py", "slot_values.py", "slots.py", "loader.py", "check.py", "planning.py", "grading.py",
            "dose_table.py", "practice.py"} <= names
    everything = {Path(d, f) for d, _, files in os.walk(DATA_DIR) for f in files if "__pycache__" not in d}
    assert set(data_files(DATA_DIR)) == everything


def test_editing_any_data_file_or_any_source_module_changes_the_key(data: Path, code: Path) -> None:
    base = kb_key(data, code)
    inputs = data_files(data) + source_files(code)
    assert len(inputs) > 20
    for path in inputs:
        original = path.read_bytes()
        path.write_bytes(original + b"\n# edited\n")
        assert kb_key(data, code) != base, f"editing {path.name} left the key unchanged"
        path.write_bytes(original)
    assert kb_key(data, code) == base
    (code / "new_module.py").write_text("X = 1\n")
    assert kb_key(data, code) != base
    (code / "new_module.py").unlink()
    (data / "statements" / "extra.txt").write_text("notes")
    assert kb_key(data, code) != base


def test_a_source_edit_misses_the_cache(data: Path, code: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        edit_file: Editor) -> None:
    """The issue's case: the cached object outlived an edit of knowledge/slot_values.py."""
    monkeypatch.setattr(kb_cache, "package_dir", lambda name: code)
    load_cached(data)
    load_cached(data)
    assert len(pickles(tmp_path)) == 1
    edit_file(code / "slot_values.py", "ANAKINRA_MG_DAY_MAX: float =", "ANAKINRA_MG_DAY_MAX: float = 0.5 *")
    built: list[Path] = []
    monkeypatch.setattr(kb_cache, "load", lambda root: built.append(root) or load(root))
    load_cached(data)
    assert built == [data]  # rebuilt (and checked) rather than served
    assert len(pickles(tmp_path)) == 2
    edit_file(code / "models.py", "class Dose(_Strict):", "class Dose(_Strict):  # edited")
    load_cached(data)
    assert built == [data, data]


def test_a_knowledge_base_that_fails_its_checks_is_never_cached_nor_served(
    data: Path, tmp_path: Path, edit_file: Editor
) -> None:
    load_cached(data)
    assert len(pickles(tmp_path)) == 1
    edit_file(data / "statements" / "icans.toml", "when = { icans = { eq = true } }",
              "when = { icanz = { eq = true } }")
    for _ in range(2):
        with pytest.raises(KbLoadError):
            load_cached(data)
    assert len(pickles(tmp_path)) == 1  # only the good one, under its own key


def test_corrupt_cache_is_rebuilt(data: Path, tmp_path: Path) -> None:
    load_cached(data)
    (cached,) = pickles(tmp_path)
    cached.write_bytes(b"not a pickle")
    assert load_cached(data).version == load(data).version


def test_unwritable_or_disabled_cache_still_loads(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("CRS_ASSISTANT_CACHE", str(blocker / "sub"))
    assert load_cached(data).statements
    monkeypatch.setenv("CRS_ASSISTANT_CACHE", "off")
    assert load_cached(data).statements


# --- the key's stamps: a warm start reads no file to make its key, and still sees every edit ---

DAY_NS = 86_400 * 10**9


def _dated_back(*roots: Path) -> int:
    """Every file under `roots` given a modification time a day ago; that time."""
    past = time.time_ns() - DAY_NS
    for root in roots:
        for folder, _, files in os.walk(root):
            for name in files:
                os.utime(os.path.join(folder, name), ns=(past, past))
    return past


@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the contents were read and hashed (one entry per hashing)."""
    calls: list[int] = []
    digest = kb_cache._digest

    def counting(listing: kb_cache.Listing) -> str:
        calls.append(sum(len(files) for _, files in listing))
        return digest(listing)

    monkeypatch.setattr(kb_cache, "_digest", counting)
    return calls


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """The clock a minute ahead: files written by the test count as settled (not just edited)."""
    monkeypatch.setattr(kb_cache, "time_ns", lambda: time.time_ns() + 60 * 10**9)


def test_a_warm_start_takes_the_key_from_the_stamps(data: Path, code: Path, hashed: list[int], settled: None) -> None:
    _dated_back(data, code)
    base = kb_key(data, code)
    assert len(hashed) == 1 and hashed[0] > 20
    assert kb_key(data, code) == base
    assert len(hashed) == 1  # the second key came from the stamps: no file read


def test_an_edit_that_keeps_the_size_is_seen_through_the_stamps(
    data: Path, code: Path, hashed: list[int], settled: None
) -> None:
    past = _dated_back(data, code)
    base = kb_key(data, code)
    inputs = data_files(data) + source_files(code)
    for n, path in enumerate(inputs, start=1):
        original = path.read_bytes()
        edited = original[:-1] + (b"#" if original[-1:] != b"#" else b"!")  # same size, one byte changed
        path.write_bytes(edited)
        assert kb_key(data, code) != base, f"editing {path.name} (same size) left the key unchanged"
        path.write_bytes(original)
        os.utime(path, ns=(past - n, past - n))  # back as it was, at a time of its own
        assert kb_key(data, code) == base
    renamed = data / "statements" / "grading.toml"
    renamed.rename(renamed.with_name("grading-2.toml"))
    assert kb_key(data, code) != base


def test_files_edited_just_now_are_always_hashed(data: Path, code: Path, hashed: list[int]) -> None:
    """A file written less than two seconds ago may be written again within the same tick of
    its clock, keeping its stamp: its contents are hashed on every run until it settles."""
    kb_key(data, code)
    kb_key(data, code)
    assert len(hashed) == 2


def test_unreadable_stamps_are_recomputed(data: Path, code: Path, tmp_path: Path, hashed: list[int],
                                          settled: None) -> None:
    _dated_back(data, code)
    base = kb_key(data, code)
    (tmp_path / "cache" / "stamps.pickle").write_bytes(b"not a pickle")
    assert kb_key(data, code) == base
    assert len(hashed) == 2
