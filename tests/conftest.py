"""Shared test set-up: nothing a test does may touch the developer's own files."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from knowledge import slot_registry


def pytest_configure(config: pytest.Config) -> None:
    # subprocesses inherit these, so the real program under test is isolated too
    scratch = tempfile.mkdtemp(prefix="crs-tests-")
    os.environ["CRS_ASSISTANT_CACHE"] = os.path.join(scratch, "cache")
    os.environ.setdefault("CRS_ASSISTANT_DATA", os.path.join(scratch, "data"))


Relabel = Callable[[str, str], slot_registry.Registry]


@pytest.fixture
def relabel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Relabel:
    """`relabel(old, new)`: a temporary copy of knowledge/data/slots.toml with the text `old`
    replaced by `new` (each call edits the copy further), loaded and made the registry every
    consumer reads."""

    path = tmp_path / "slots.toml"

    def swap(old: str, new: str) -> slot_registry.Registry:
        text = (path if path.exists() else slot_registry.SLOTS_PATH).read_text(encoding="utf-8")
        assert old in text, f"not in slots.toml: {old!r}"
        path.write_text(text.replace(old, new), encoding="utf-8")
        registry = slot_registry.load_registry(path)
        monkeypatch.setattr(slot_registry, "default_registry", lambda: registry)
        return registry

    return swap
