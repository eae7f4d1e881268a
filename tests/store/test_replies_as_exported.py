"""Schema version 7 stores each turn's replies as the JSON export writes them, so that the export
copies them; rows stored before keep version 4's form. Both forms read back as the same replies,
and a consult exports the same bytes whichever form its rows are in."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.cli.commands.export import stored_export
from assistant.store import SessionStore
from assistant.store.schema import MIGRATIONS
from assistant.store.shown import replies_from, replies_json
from dialogs.state import Reply

from .conftest import fixed_clock
from .test_stored_state import CONSULTS, events_of, record

FORMATS = ("md", "html", "json", "txt")


def exports(db: Path) -> tuple[dict[str, str], set[str]]:
    """Each format's export of the consult stored first in `db`, and how its rows begin."""
    with SessionStore.open(db, clock=fixed_clock()) as store:
        forms = {text[:10] for (text,) in store.query("SELECT replies FROM shown WHERE session_id = 1", ())}
        return {fmt: stored_export(store, 1, fmt) for fmt in FORMATS}, forms


@pytest.mark.parametrize("name", sorted(CONSULTS))
def test_a_consult_stored_before_version_7_exports_the_same_bytes(tmp_path: Path, name: str,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.store.shown as shown_module

    events = events_of(CONSULTS[name])
    before, now = tmp_path / "v6.db", tmp_path / "v7.db"
    with monkeypatch.context() as patched:  # recorded as version 6 recorded it
        patched.setattr(shown_module, "replies_json", shown_module.version_4_json)
        with SessionStore.open(before, clock=fixed_clock(), migrations=MIGRATIONS[:6]) as store:
            record(store, events)
    with SessionStore.open(now, clock=fixed_clock()) as store:
        record(store, events)
    old, old_forms = exports(before)  # upgraded to version 7 on opening: its rows are left as they were
    new, new_forms = exports(now)
    assert old_forms == {'[{"kind":"'} and new_forms == {'[{"type": '}
    for fmt in FORMATS:
        assert old[fmt] == new[fmt], fmt
    assert new["json"].count('"replies": ') == len(events)  # every turn's replies


PLAN = {"grade": 2, "text": "not the reply's own key", "dose": "8 mg/kg", "refs": ["A1"], "nested": {"type": 1}}
REPLIES = [
    (Reply("question", "Temperature?", "temperature_c", ("38", "39.5 °C")),),
    (Reply("info", "Read: T 39 \u202eevil\u202c, \x1b[31mred, \u2028line, NUL \x00, lone \ud800"),),
    (Reply("plan", "ASTCT grade 2\n1) Tocilizumab ≤ 800 mg", data={"grade": 2, "refs": ["A1"], "n": 1.5}),
     Reply("answer", "Because.", data={"kind": "plan", "slot_like": None})),
    (),
]


@pytest.mark.parametrize("replies", REPLIES)
def test_replies_read_back_from_the_export_form(replies: tuple[Reply, ...]) -> None:
    stored = replies_json(replies)
    assert stored.startswith('[{"type": ') or stored == "[]"
    assert replies_from(stored) == replies


@pytest.mark.parametrize("data", [{}, {"text": "shadows the reply's text"}, {"type": "x"}, {"options": []},
                                  {"slot": "weight_kg"}])
def test_data_the_export_form_cannot_give_back_keeps_version_4s_form(data: dict[str, object]) -> None:
    """`Reply.to_dict()` merges the data into the reply: an empty one, or one with a key of the
    reply's own, would not read back the same, so that turn is stored as version 4 stored it."""
    replies = (Reply("plan", "ASTCT grade 1", data=dict(PLAN)), Reply("answer", "Because.", data=data))
    stored = replies_json(replies)
    assert stored.startswith('[{"kind":"')
    assert replies_from(stored) == replies
