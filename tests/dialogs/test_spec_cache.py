"""The shipped dialog is served from the content cache only when it is what a fresh load gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogs.spec import default_spec, load_spec
from dialogs.state import State


def test_cached_dialog_equals_a_fresh_validated_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRS_ASSISTANT_CACHE", str(tmp_path))
    default_spec.cache_clear()
    try:
        first = default_spec()
        assert list(tmp_path.glob("dialog-*.pickle"))
        default_spec.cache_clear()
        assert default_spec() == first == load_spec()
    finally:
        default_spec.cache_clear()


def test_an_empty_case_needs_no_validation_and_a_filled_one_is_validated() -> None:
    assert State().case().temperature_c is None
    with pytest.raises(ValueError):
        State(values={"temperature_c": 99.0}).case()
