"""The knowledge-base cache only ever speeds things up: never stale, never fatal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knowledge.kb_cache import load_cached
from knowledge.loader import DATA_DIR, load


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CRS_ASSISTANT_CACHE", str(tmp_path / "cache"))
    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root)
    return root


def test_cached_copy_equals_a_fresh_load(data: Path, tmp_path: Path) -> None:
    first = load_cached(data)
    assert len(list((tmp_path / "cache").glob("kb-*.pickle"))) == 1
    second = load_cached(data)
    assert second is not first
    assert second.version == load(data).version
    assert [s.model_dump() for s in second.statements] == [s.model_dump() for s in load(data).statements]


def test_changed_content_is_never_served_from_the_cache(data: Path) -> None:
    load_cached(data)
    path = data / "statements" / "grading.toml"
    path.write_text(path.read_text().replace("ASTCT grade 5 is death from CRS.", "Grade 5: death from CRS."))
    assert load_cached(data).by_id["astct-grade5"].text == "Grade 5: death from CRS."


def test_corrupt_cache_is_rebuilt(data: Path, tmp_path: Path) -> None:
    load_cached(data)
    (cached,) = (tmp_path / "cache").glob("kb-*.pickle")
    cached.write_bytes(b"not a pickle")
    assert load_cached(data).version == load(data).version


def test_unwritable_or_disabled_cache_still_loads(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("CRS_ASSISTANT_CACHE", str(blocker / "sub"))
    assert load_cached(data).statements
    monkeypatch.setenv("CRS_ASSISTANT_CACHE", "off")
    assert load_cached(data).statements
