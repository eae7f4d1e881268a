"""Every export shows the episode's course: each point's time, grade and what changed, and the
tocilizumab doses with their times; a JSON export re-imports to the same course."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from assistant import __version__
from assistant.export import FORMATS, export_formats
from assistant.export.document import loads
from assistant.store.records import LoggedEvent, SessionMeta
from knowledge.loader import default_kb

T0 = datetime(2026, 12, 1, tzinfo=timezone(timedelta(hours=1)))
SCRIPT = [
    (2.5, "T 39.2, levo, HFNC 40L, 80 kg, steroids ok, not on anakinra, not neutropenic, no icans, toci at 0200, "
          "not improving, obe-cel, US label"),
    (3.0, "6 h later: off pressors, 4 L"),
]
POINT = "2. 08:30: grade 3 -> 2: off vasopressors, high-flow oxygen -> low-flow oxygen"


def session() -> tuple[list[LoggedEvent], SessionMeta]:
    from dialogs.state import Event

    events = []
    for hours, text in SCRIPT:
        moment = (T0 + timedelta(hours=hours)).isoformat(timespec="seconds")
        events.append(LoggedEvent(Event("text", text, moment), moment))
    return events, SessionMeta("0" * 32, "2026-12-01T01:30:00.000Z", __version__, default_kb().version, "clinician")


def test_every_format_shows_the_course() -> None:
    events, meta = session()
    out = export_formats(events, meta)
    for fmt in FORMATS:
        assert "1. 02:30: grade 3" in out[fmt], fmt
        assert "off vasopressors" in out[fmt] and "08:30" in out[fmt], fmt
    document = json.loads(out["json"])
    assert POINT in document["derived"]["summary"]["course"]
    assert [p["grade"] for p in document["derived"]["summary"]["points"]] == [3, 2]


def test_a_json_export_reimports_with_the_events_times_and_the_same_course() -> None:
    events, meta = session()
    text = export_formats(events, meta, ["json"])["json"]
    _, again = loads(text)
    assert [e.event.at for e in again] == [e.event.at for e in events]
    assert export_formats(again, meta, ["json"])["json"] == text
