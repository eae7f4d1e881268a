"""The templates are compiled once and kept in the compiled-content folder (jinja2's bytecode
cache): an export is the same whether they were compiled now, read back, damaged, or could not be
kept at all."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.export import export_formats
from assistant.export.render import environment
from assistant.store.records import LoggedEvent, SessionMeta

Session = tuple[list[LoggedEvent], SessionMeta]


@pytest.fixture
def fresh_environment() -> Iterator[None]:
    environment.cache_clear()  # the environment is made once per process: each export here makes its own
    yield
    environment.cache_clear()


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
@pytest.mark.usefixtures("fresh_environment")
def test_an_export_is_the_same_however_its_template_was_compiled(
        fmt: str, consult_session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events, meta = consult_session

    def export(cache: Path | str) -> str:
        monkeypatch.setenv("CRS_ASSISTANT_CACHE", str(cache))
        environment.cache_clear()
        return export_formats(events, meta, [fmt])[fmt]  # type: ignore[list-item]

    compiled_now = export("off")
    folder = tmp_path / "cache"
    assert export(folder) == compiled_now  # compiled, and kept
    kept = sorted((folder / "templates").iterdir())
    assert len(kept) == 1 and kept[0].stat().st_size > 0
    assert export(folder) == compiled_now  # read back
    whole = kept[0].read_bytes()
    for damaged in (whole[: len(whole) // 2], b"not a compiled template"):
        kept[0].write_bytes(damaged)
        assert export(folder) == compiled_now  # compiled again, and kept again
        assert kept[0].read_bytes() == whole
    blocked = tmp_path / "a file"
    blocked.write_text("")
    assert export(blocked) == compiled_now  # the folder cannot be made: compiled every time
    assert blocked.read_text() == ""
