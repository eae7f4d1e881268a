"""Resume loads the state after the last event (schema version 5) instead of replaying every
event; what it loads is what replaying gives, on both backends."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import dialogs.engine
from assistant.store import LoggedEvent, SessionMeta, SessionStore
from assistant.store.consult import open_consult
from assistant.store.replaying import load_session, replay_turns
from assistant.store.schema import MIGRATIONS
from dialogs.engine import begin, step
from dialogs.state import Event, State

from .conftest import Raw, fixed_clock

CONSULTS = {
    "answers and back": ["39", "one pressor", "back", "two pressors", "4 L nasal cannula", "70 kg", "no", "back",
                         "back", "full", "unknown", "why", "summary"],
    "free text, course and product": ["Tmax 101.8F, levo + vaso, HFNC 40L, s/p toci x2 and dex 10 q6h",
                                      "D+4 axi-cel", "US", "154 lb", "no", "actually she is on 4 L nasal cannula",
                                      "toci at 0200 and again at 1000", "refs"],
    "reassessment": ["T 39.4, BP 82/44 after 500 mL bolus, room air", "no", "70 kg", "unknown",
                     "reassess 6 h later: T 37.2, off pressors", "change oxygen", "room air", "plan"],
    "two patients, quit, restart": ["Bed 12: T 39. Bed 14: on levo", "this one", "quit", "hello", "restart", "39",
                                    "banana", "banana", "banana", "unknown"],
    "trainee": ["persona:trainee", "38.5", "no", "no", "no", "what dose of tocilizumab?", "anakinra 100mg bd"],
}


def events_of(lines: list[str]) -> list[Event]:
    return [Event("persona", line.split(":")[1]) if line.startswith("persona:")
            else Event("text", line, f"2026-12-01T{10 + n // 60:02d}:{n % 60:02d}:00+01:00")
            for n, line in enumerate(lines)]


def record(store: SessionStore, events: list[Event]) -> tuple[int, State]:
    meta = store.create(SessionMeta("a" * 32, "2026-12-01T09:00:00.000Z", "0.1.0", "kb", "clinician"),
                        opening=begin()[1])
    assert meta.id is not None
    state = begin()[0]
    for event in events:
        state, replies = step(state, event)
        store.append(meta.id, event, persona=state.persona, grade=None, replies=replies, state=state)
    return meta.id, state


@pytest.mark.parametrize("name", sorted(CONSULTS))
def test_the_loaded_state_is_the_replayed_one(target: Path | str, name: str) -> None:
    events = events_of(CONSULTS[name])
    with SessionStore.open(target, clock=fixed_clock()) as store:
        session_id, live = record(store, events)
    with SessionStore.open(target) as reopened:  # another process: nothing remembered
        loaded = reopened.state(session_id)
        replayed = replay_turns(reopened.events(session_id)).state
    assert loaded == replayed == live


def test_each_turn_stores_only_the_snapshots_it_adds(target: Path | str, raw: Raw) -> None:
    """The undo history grows by one snapshot an answer: storing it whole each turn would grow
    the store with the square of the consult's length."""
    to_plan = ["39", "one pressor", "room air", "no", "0", "no", "70 kg", "unknown", "unknown", "unknown"]
    later = [f"{h} h later: T 3{h}.5, {p}" for h in range(2, 9) for p in ("off pressors", "on levo")]
    events = events_of([*(["one pressor", "two pressors"] * 20), *to_plan, *later, "back", "back", *later[:3]])
    with SessionStore.open(target, clock=fixed_clock()) as store:
        session_id, live = record(store, events)
        assert store.state(session_id) == live
    assert len(live.history) >= 20 and len(live.points) >= 10
    assert raw("SELECT count(*) FROM snapshots")[0][0] <= len(events)
    assert raw("SELECT count(*) FROM points")[0][0] <= 2 * len(live.points)
    assert raw("SELECT count(*) FROM states")[0][0] == len(events)


def test_resume_loads_the_state_without_running_the_engine(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    consult = open_consult(data_dir=str(data_dir), no_store=False, resume=None)
    state = consult.start[0]
    for event in events_of(CONSULTS["free text, course and product"]):
        state, replies = step(state, event)
        consult.on_event(event, state, replies)
    consult.close()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("resume ran the engine")

    monkeypatch.setattr(dialogs.engine, "step", refuse)
    resumed = open_consult(data_dir=str(data_dir), no_store=False, resume=0)
    try:
        assert resumed.start[0] == state
        assert resumed.earlier is not None and len(resumed.earlier.turns) == 8
    finally:
        resumed.close()


def test_a_restart_stores_the_new_sessions_own_fold(data_dir: Path) -> None:
    """After `restart` the live state keeps counting turns; what the new session stores is what
    replaying the new session gives."""
    consult = open_consult(data_dir=str(data_dir), no_store=False, resume=None)
    state = consult.start[0]
    for event in events_of(["persona:trainee", "39", "no", "restart", "38.5", "no"]):
        state, replies = step(state, event)
        consult.on_event(event, state, replies)
    consult.close()
    with SessionStore.open(data_dir / "sessions.db") as store:
        newest = store.newest()
        assert newest is not None
        assert store.state(newest) == replay_turns(store.events(newest)).state


def test_turns_stored_without_a_state_are_replayed_from_the_last_one(target: Path | str, raw: Raw) -> None:
    events = events_of(CONSULTS["answers and back"])
    with SessionStore.open(target, clock=fixed_clock()) as store:
        session_id, _ = record(store, events[:6])
        state = store.state(session_id)
        for event in events[6:]:  # e.g. another writer's turns of a shared consult
            state, replies = step(state, event)
            store.append(session_id, event, persona=state.persona, grade=None, replies=replies)
    with SessionStore.open(target) as reopened:
        assert reopened.state(session_id) == state == replay_turns(reopened.events(session_id)).state
    assert raw("SELECT max(seq) FROM states")[0][0] == 6


def test_an_unreadable_state_is_replayed_instead(target: Path | str, raw: Raw) -> None:
    events = events_of(CONSULTS["reassessment"])
    with SessionStore.open(target, clock=fixed_clock()) as store:
        session_id, live = record(store, events)
    raw("UPDATE states SET state = '{\"format\": 0}'")
    with SessionStore.open(target) as reopened:
        assert reopened.state(session_id) == live
        assert load_session(reopened, session_id).state == live


def test_an_imported_session_has_its_state(target: Path | str) -> None:
    from assistant.store import LoggedEvent

    events = [LoggedEvent(e, f"2026-12-01T09:00:{n:02d}.000Z") for n, e in
              enumerate(events_of(CONSULTS["trainee"]))]
    with SessionStore.open(target) as store:
        meta = store.add(SessionMeta("b" * 32, "2026-12-01T09:00:00.000Z", "0.1.0", "kb", "clinician"), events,
                         grade=None)
        assert meta.id is not None
        assert store.state(meta.id) == replay_turns(events).state


def test_a_version_4_store_gets_each_sessions_state_at_the_upgrade(db: Path) -> None:
    events = events_of(CONSULTS["answers and back"])
    with SessionStore.open(db, migrations=MIGRATIONS[:4]) as old:
        meta = old.create(SessionMeta("c" * 32, "2026-12-01T09:00:00.000Z", "0.1.0", "kb", "clinician"))
        assert meta.id is not None
        state = begin()[0]
        for event in events:
            state = step(state, event)[0]
            old.append(meta.id, event, persona=state.persona, grade=None)  # (its replies: version 5 rows)
    with SessionStore.open(db) as store:
        assert store.backup is not None and Path(store.backup).name == "sessions.db.v4.backup"
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT session_id, seq FROM states").fetchall() == [(meta.id, len(events))]
    finally:
        conn.close()
    with SessionStore.open(db) as store:
        assert store.state(meta.id) == state


def test_a_version_4_postgresql_store_gets_each_sessions_state_at_the_upgrade(pg_url: str) -> None:
    from assistant.store.pg_schema import PG_MIGRATIONS

    events = events_of(CONSULTS["reassessment"])
    with SessionStore.open(pg_url, migrations=PG_MIGRATIONS[:4]) as old:
        meta = old.create(SessionMeta("d" * 32, "2026-12-01T09:00:00.000Z", "0.1.0", "kb", "clinician"))
        assert meta.id is not None
        state = begin()[0]
        for event in events:
            state = step(state, event)[0]
            old.append(meta.id, event, persona=state.persona, grade=None)  # (its replies: version 5 rows)
    with SessionStore.open(pg_url) as store:
        assert store.backup is not None
        assert store.query("SELECT seq FROM states") == [(len(events),)]
        assert store.state(meta.id) == state


def test_deleting_a_session_deletes_its_states(target: Path | str, raw: Raw) -> None:
    with SessionStore.open(target, clock=fixed_clock()) as store:
        session_id, _ = record(store, events_of(CONSULTS["answers and back"]))
        store.delete(session_id)
    assert [raw(f"SELECT count(*) FROM {t}")[0][0] for t in ("states", "snapshots", "points")] == [0, 0, 0]


def test_the_chat_resumes_without_reading_the_turns_before(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The chat shows where the consult stopped: it reads the state and the last replies, not every event."""
    consult = open_consult(data_dir=str(data_dir), no_store=False, resume=None)
    state = consult.start[0]
    for event in events_of(CONSULTS["answers and back"]):
        state, replies = step(state, event)
        consult.on_event(event, state, replies)
    consult.close()
    full = open_consult(data_dir=str(data_dir), no_store=False, resume=1)
    full.close()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the chat's resume read every event")

    monkeypatch.setattr(SessionStore, "events", refuse)
    chat = open_consult(data_dir=str(data_dir), no_store=False, resume=1, turns=False)
    try:
        assert chat.earlier is None
        assert chat.start[0] == state and chat.start[1] == full.start[1]
    finally:
        chat.close()


def test_a_transcript_reads_only_the_last_plans_data(target: Path | str, monkeypatch: pytest.MonkeyPatch) -> None:
    """md, html and txt show the replies' text: a plan's data (tens of kB each) is read for the
    summary's plan only; JSON carries every plan's data, written as stored (in the export's own
    form): it too parses only the summary's."""
    import assistant.store.shown as shown_module
    from assistant.cli.commands.export import stored_export

    to_plan = ["39", "one pressor", "room air", "no", "0", "no", "70 kg", "unknown", "unknown", "unknown"]
    events = events_of([*to_plan, "actually she is on 4 L nasal cannula", "plan", "why", "back", "plan"])
    with SessionStore.open(target, clock=fixed_clock()) as store:
        session_id, _ = record(store, events)
        plans = sum(1 for t in store.shown(session_id) for r in t.replies if r.kind == "plan")
        assert plans >= 3
        whole = []
        real = shown_module.replies_from

        def counted(text: str) -> tuple[object, ...]:
            if '"type": "plan"' in text:  # a row whose plan data is read
                whole.append(1)
            return real(text)

        monkeypatch.setattr(shown_module, "replies_from", counted)
        for fmt in ("md", "html", "txt", "json"):
            whole.clear()
            text = stored_export(store, session_id, fmt)
            assert len(whole) == 1, fmt
        assert text.count('"type": "plan"') == plans  # JSON still carries every plan


def test_a_resume_reads_one_level_of_the_undo_history_and_back_reads_the_rest(
        target: Path | str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The history of a long consult is thousands of snapshots: loading the state builds only the
    top one; each `back` builds the one it returns to, and the states reached are the replayed ones."""
    import dialogs.state_codec as codec

    answers = ["one pressor", "two pressors"] * 15
    events = events_of(answers)
    with SessionStore.open(target, clock=fixed_clock()) as store:
        session_id, live = record(store, events)
    built: list[int] = []
    real = codec.snapshot_from
    monkeypatch.setattr(codec, "snapshot_from", lambda *a, **k: built.append(1) or real(*a, **k))
    with SessionStore.open(target) as reopened:
        state = reopened.state(session_id)
        assert len(built) == 1 and len(state.history) == len(live.history) >= 10
        replayed, reached = live, []
        for n in range(1, 6):
            state, replies = step(state, Event("text", "back"))
            replayed = step(replayed, Event("text", "back"))[0]
            assert len(built) == n  # the top, read at load, then one more level each time
            reached.append((state, replayed))
            reopened.append(session_id, Event("text", "back"), persona=state.persona, grade=None, replies=replies,
                            state=state)
        assert len(built) == 5
        assert all(loaded == expected for loaded, expected in reached)  # (comparing builds them all)
        state, replies = step(state, Event("text", "70 kg"))
        reopened.append(session_id, Event("text", "70 kg"), persona=state.persona, grade=None, replies=replies,
                        state=state)
    monkeypatch.setattr(codec, "snapshot_from", real)
    with SessionStore.open(target) as again:
        assert again.state(session_id) == state == replay_turns(again.events(session_id)).state


def test_an_unreadable_snapshot_below_the_top_says_so_in_one_line_when_back_reaches_it(
        target: Path | str, raw: Raw) -> None:
    from assistant.store import StoreError

    with SessionStore.open(target, clock=fixed_clock()) as store:
        session_id, _ = record(store, events_of(["39", "one pressor", "room air"]))
    raw("UPDATE snapshots SET snapshot = '{\"values\": 1}' WHERE seq = 2")
    with SessionStore.open(target) as reopened:
        state = reopened.state(session_id)
        state = step(state, Event("text", "back"))[0]
        with pytest.raises(StoreError, match=r"unreadable undo history .* turn 2"):
            step(state, Event("text", "back"))


def test_a_sessions_turns_are_listed_from_their_index_not_their_rows(db: Path) -> None:
    """A turn's replies can be tens of kB: SQLite would read every page of them to reach the
    columns after them, so the turn numbers, versions and origins are read from an index."""
    with SessionStore.open(db, migrations=MIGRATIONS[:5]) as old:
        session_id, _ = record(old, events_of(CONSULTS["answers and back"]))
    with SessionStore.open(db) as store:
        assert store.backup is not None and Path(store.backup).name == "sessions.db.v5.backup"
        turns = store.shown(session_id, on_demand=True)
        assert [t.seq for t in turns] == list(range(len(CONSULTS["answers and back"]) + 1))
        assert all(t.origin == "shown" and t.app_version and t.kb_version for t in turns)
    conn = sqlite3.connect(db)
    try:
        for sql in ("SELECT seq FROM shown WHERE session_id = 1",
                    "SELECT seq, app_version, kb_version, origin FROM shown WHERE session_id = 1 ORDER BY seq"):
            plan = " ".join(str(row[-1]) for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
            assert "COVERING INDEX shown_stamps" in plan, plan
    finally:
        conn.close()


def test_a_resumed_consult_reads_its_newest_turns_and_older_ones_only_when_used(
        target: Path | str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The terminal UI's resume reads the state and the turns it shows (the newest page of them);
    an older page is read when one of its turns is used, once, and every turn is the one that
    loading the whole session gives: its event, who entered it and when, the replies as shown."""
    from assistant.store.replaying import paged_session
    from assistant.store.sessions import MAX_ID

    lines = CONSULTS["answers and back"] * 6  # 78 turns: three pages
    with SessionStore.open(target, clock=fixed_clock()) as store:
        session_id, live = record(store, events_of(lines))
        whole = load_session(store, session_id)
        pages: list[tuple[int, int]] = []
        events = SessionStore.events

        def counted(self: SessionStore, session: int, first: int = 1, last: int = MAX_ID) -> list[LoggedEvent]:
            pages.append((first, last))
            return events(self, session, first, last)

        monkeypatch.setattr(SessionStore, "events", counted)
        paged = paged_session(store, session_id)
        assert paged is not None and paged.state == live and len(paged.turns) == len(lines) == len(whole.turns)
        assert pages == [], "nothing but the state is read until a turn is used"
        assert (paged.turns[-1].event, paged.turns[-1].replies) == (whole.turns[-1].event, whole.turns[-1].replies)
        assert pages == [(64, 78)]
        for mine, theirs in zip(reversed(paged.turns), reversed(whole.turns), strict=True):
            assert (mine.number, mine.event, mine.at, mine.author, mine.replies) == \
                (theirs.number, theirs.event, theirs.at, theirs.author, theirs.replies)
            assert mine.shown is not None and theirs.shown is not None
            assert (mine.shown.app_version, mine.shown.kb_version, mine.shown.origin) == \
                (theirs.shown.app_version, theirs.shown.kb_version, theirs.shown.origin)
        assert paged.opening == whole.opening
        assert pages == [(64, 78), (32, 63), (1, 31)], "each page once, newest first"
