"""Golden files, one per export format, for one scripted consult with fixed times.

Review a changed golden file before accepting it (`pytest tests/export --snapshot-update`).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from syrupy.assertion import SnapshotAssertion

from assistant.export import FORMATS, export_formats
from assistant.store.records import LoggedEvent, SessionMeta

Session = tuple[list[LoggedEvent], SessionMeta]


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_matches_its_golden_file(
    fmt: str, consult_session: Session, golden: dict[str, SnapshotAssertion], normalise: Callable[[str], str]
) -> None:
    events, meta = consult_session
    text = export_formats(events, meta, [fmt])[fmt]  # type: ignore[list-item]
    assert normalise(text) == golden[fmt]


def test_formats_agree_with_each_other_and_with_a_fresh_replay(consult_session: Session) -> None:
    events, meta = consult_session
    together = export_formats(events, meta)
    for fmt in FORMATS:
        assert export_formats(events, meta, [fmt])[fmt] == together[fmt]  # rendering has no hidden state
