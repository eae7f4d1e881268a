"""The shipped dialog is served from the content cache only when it is what a fresh load gives.

Its key covers every input, found rather than listed: every file of `dialogs/data`, every source
file of the `dialogs` package, and the knowledge base's key (its data and the `knowledge` code:
slots, slot values, models), so no edit to any of them can serve a stale, invalid dialog.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dialogs.data_files import content_for
from dialogs.spec import SPEC_PATH, default_spec, dialog_key, load_spec
from dialogs.state import State
from knowledge.kb_cache import data_files, package_dir, source_files

ROOT = Path(__file__).resolve().parents[2]


def test_cached_dialog_equals_a_fresh_validated_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRS_ASSISTANT_CACHE", str(tmp_path))
    default_spec.cache_clear()
    content_for.cache_clear()
    try:
        first = default_spec()
        assert list(tmp_path.glob("dialog-*.pickle"))
        default_spec.cache_clear()
        content_for.cache_clear()
        assert default_spec() == first == load_spec()
    finally:
        default_spec.cache_clear()
        content_for.cache_clear()


def test_editing_any_dialog_file_any_dialogs_module_or_the_knowledge_base_changes_the_key(tmp_path: Path) -> None:
    data = tmp_path / "data"
    code = tmp_path / "dialogs"
    shutil.copytree(SPEC_PATH.parent, data)
    shutil.copytree(package_dir("dialogs"), code, ignore=shutil.ignore_patterns("__pycache__", "data"))
    walked = {Path(d, f) for d, _, files in os.walk(code) for f in files if f.endswith(".py")}
    assert set(source_files(code)) == walked and len(walked) > 10  # subpackages included
    base = dialog_key(data, code, "kb-key")
    for path in data_files(data) + source_files(code):
        original = path.read_bytes()
        path.write_bytes(original + b"\n# edited\n")
        assert dialog_key(data, code, "kb-key") != base, f"editing {path.name} left the key unchanged"
        path.write_bytes(original)
    assert dialog_key(data, code, "kb-key") == base
    assert dialog_key(data, code, "another-kb-key") != base


def _copy_program(dest: Path) -> Path:
    for package in ("assistant", "dialogs", "knowledge"):
        shutil.copytree(ROOT / package, dest / package, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def _chat(src: Path, cache: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CRS_ASSISTANT_KB"}
    env.update(PYTHONPATH=str(src), CRS_ASSISTANT_CACHE=cache, CRS_ASSISTANT_DATA=str(tmp_path / "store"),
               PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "assistant", "chat", "--no-store"], input="afebrile\n",
                          capture_output=True, text=True, env=env, timeout=60, cwd=src)


@pytest.mark.slow
def test_narrowing_the_temperature_range_is_seen_with_the_cache_as_without_it(tmp_path: Path) -> None:
    """The issue's case, end to end: a program whose slot registry narrows the temperature range
    behaves the same with a cache filled by the unedited program as with no cache at all: it
    refuses (the vignettes and the dialog's 'afebrile' option give 37.0 C) instead of offering
    an option the new range rejects."""
    src = _copy_program(tmp_path / "src")
    cache = str(tmp_path / "cache")
    before = _chat(src, cache, tmp_path)
    assert before.returncode == 0 and "Afebrile" in before.stdout
    assert list(Path(cache).glob("dialog-*.pickle")) and list(Path(cache).glob("kb-*.pickle"))
    registry = src / "knowledge" / "data" / "slots.toml"
    text = registry.read_text()
    assert 'name = "temperature_c"' in text and "min = 30.0" in text
    registry.write_text(text.replace("min = 30.0", "min = 37.5", 1))
    cached = _chat(src, cache, tmp_path)
    uncached = _chat(src, "off", tmp_path)
    assert uncached.returncode == 2 and uncached.stdout == ""
    assert (cached.returncode, cached.stdout, cached.stderr) == (uncached.returncode, uncached.stdout,
                                                                 uncached.stderr)
    assert "temperature_c" in cached.stderr and cached.stderr.count("\n") == 1


def test_an_empty_case_needs_no_validation_and_a_filled_one_is_validated() -> None:
    assert State().case().temperature_c is None
    with pytest.raises(ValueError):
        State(values={"temperature_c": 99.0}).case()
