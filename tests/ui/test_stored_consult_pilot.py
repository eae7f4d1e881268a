"""The terminal UI over the session store: exports carry the stored session (its uid, start and
last-entry times, the replies as shown), `restart` goes on in a new session, and a consult can be
labelled from the prompt or the palette and is listed with its label and first line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.geometry import Region

from assistant.cli.main import main
from assistant.store import SessionStore, db_path
from assistant.store.consult import RecordedConsult, open_consult
from assistant.tui.screens.sessions import SessionsScreen, row_label
from assistant.tui.store_access import StoredSessions
from assistant.tui.widgets.conversation import Conversation
from assistant.tui.widgets.prompt import Prompt


@pytest.fixture
def recorded(tmp_path: Path) -> Iterator[tuple[RecordedConsult, StoredSessions, Path]]:
    folder = tmp_path / "store"
    consult = open_consult(data_dir=str(folder), no_store=False, resume=None)
    yield consult, StoredSessions(str(folder), lambda: consult.session_id), folder
    consult.close()


def said(app: object) -> list[str]:
    """Every message of the conversation as `c` would copy it."""
    return [str(m.copy_text) for m in app.screen.query_one(Conversation).messages]  # type: ignore[attr-defined]


def in_view(app: object) -> list[tuple[str, Region]]:
    """The messages drawn in the conversation's view, and where on the screen."""
    conversation = app.screen.query_one(Conversation)  # type: ignore[attr-defined]
    return [(str(m.copy_text), m.region) for m in conversation.messages if m.region.overlaps(conversation.region)]


def exported(settings_file: Path, fmt: str) -> list[Path]:
    return sorted((settings_file.parent / "exports").glob(f"consult-*.{fmt}"), key=lambda p: p.stat().st_mtime_ns)


async def test_exports_carry_the_stored_session_and_restart_starts_a_new_one(  # type: ignore[no-untyped-def]
        app_factory, send, run_command, settings_file: Path, recorded, capsys) -> None:
    consult, sessions, folder = recorded
    app = app_factory(on_event=consult.recorder, start=consult.start, sessions=sessions)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await send(pilot, "39.2")
        await send(pilot, "one pressor")
        await run_command(pilot, "export: JSON")
        await send(pilot, "restart")
        await send(pilot, "38.5")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await run_command(pilot, "export: JSON")
    with SessionStore.open_existing(db_path(folder)) as store:  # type: ignore[union-attr]
        first, second = store.meta(1), store.meta(2)
        (row1,) = [r for r in store.sessions() if r.id == 1]
        last_first = store.events(1)[-1].at
    assert row1.closed is not None
    one, two = (json.loads(p.read_text()) for p in exported(settings_file, "json"))
    assert one["session"]["uid"] == first.uid and one["session"]["started"] == first.started
    assert [e["text"] for e in one["events"]] == ["39.2", "one pressor"] and one["events"][-1]["at"] == last_first
    assert two["session"]["uid"] == second.uid and [e["text"] for e in two["events"]] == ["restart", "38.5"]
    assert {s["origin"] for s in two["derived"]["shown"]} == {"shown"}
    (note,) = exported(settings_file, "txt")
    assert f"Session {second.uid}" in " ".join(note.read_text().split())
    # the palette's JSON export re-imports as the same session, not a duplicate
    assert main(["--data-dir", str(folder), "import", str(exported(settings_file, "json")[0])]) == 0
    assert "Already stored as session 1" in capsys.readouterr().out


async def test_a_consult_is_labelled_from_the_prompt_and_listed_with_its_label(  # type: ignore[no-untyped-def]
        app_factory, send, run_command, recorded) -> None:
    consult, sessions, folder = recorded
    app = app_factory(on_event=consult.recorder, start=consult.start, sessions=sessions)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await send(pilot, "/label bed 12")
        assert any("Nothing is stored yet" in t for t in said(app))
        await send(pilot, "Tmax 39.2, on 2 L")
        await send(pilot, "/label bed 12")
        assert any(t.startswith("Labelled 'bed 12' in this store only") for t in said(app))
        await run_command(pilot, "sessions: label this consult")
        assert app.screen.query_one(Prompt).text == "/label "
    with SessionStore.open_existing(db_path(folder)) as store:  # type: ignore[union-attr]
        (row,) = store.sessions()
        assert [e.event.text for e in store.events(row.id)] == ["Tmax 39.2, on 2 L"]  # a label is no event
    assert row.label == "bed 12"
    listed = row_label(row, None).plain
    assert "bed 12" in listed and "Tmax 39.2, on 2 L" in listed
    assert SessionsScreen([row], None).rows == [row]


async def test_a_reopened_consult_shows_its_earlier_turns_as_stored(app_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from dialogs.engine import step
    from dialogs.state import Event

    folder = tmp_path / "store"
    first = open_consult(data_dir=str(folder), no_store=False, resume=None)
    state = first.start[0]
    for text in ("Tmax 101.8F, levo + vaso, HFNC 40L", "full", "0", "no", "70 kg", "no", "no", "unknown"):
        state, replies = step(state, Event("text", text))
        first.on_event(Event("text", text), state, replies)
    first.close()
    with SessionStore.open(db_path(folder)) as store:  # what was shown, as stored, is what is drawn again
        (stored_plan,) = [r for t in store.shown(1) for r in t.replies if r.kind == "plan"]
    again = open_consult(data_dir=str(folder), no_store=False, resume=1)
    try:
        assert again.earlier is not None and again.earlier.turns[-1].shown is not None
        app = app_factory(on_event=again.recorder, start=again.start, earlier=again.earlier,
                          sessions=StoredSessions(str(folder), lambda: again.session_id))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            shown = said(app)
            assert any(t.startswith("Resumed session 1 ") for t in shown)
            assert sum("ASTCT grade 3" in t for t in shown) >= 1
            assert again.earlier.turns[-1].replies[-1] == stored_plan
    finally:
        again.close()


async def test_a_long_reopened_consult_unfolds_to_the_same_turns_as_a_whole_one(app_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A resumed consult reads its turns from the store as they are shown; unfolded to its start it
    shows the same messages as the same consult loaded whole, in the same order."""
    from assistant.store.replaying import load_session
    from assistant.tui.widgets.conversation import EarlierMessages
    from dialogs.engine import step
    from dialogs.state import Event

    folder = tmp_path / "store"
    first = open_consult(data_dir=str(folder), no_store=False, resume=None)
    state = first.start[0]
    lines = ["Tmax 101.8F, levo + vaso, HFNC 40L", "full", "0", "no", "70 kg", "no", "no", "unknown",
             "what dose of tocilizumab?", "back", "room air", "plan"]
    for text in lines * 6:  # 72 turns: three of the store's pages
        state, replies = step(state, Event("text", text))
        first.on_event(Event("text", text), state, replies)
    first.close()
    with SessionStore.open(db_path(folder)) as store:
        whole = load_session(store, 1)

    async def unfolded(earlier: object, start: object) -> list[str]:
        app = app_factory(start=start, earlier=earlier)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            conversation = app.screen.query_one(Conversation)
            for _ in range(100):
                rows = conversation.query_children(EarlierMessages)
                if not rows:
                    break
                rows.first().focus()
                await pilot.press("enter")
                await pilot.pause()
            assert not conversation.query_children(EarlierMessages), "unfolded to the start"
            return said(app)

    again = open_consult(data_dir=str(folder), no_store=False, resume=1)
    try:
        paged = await unfolded(again.earlier, again.start)
    finally:
        again.close()
    assert paged == await unfolded(whole, again.start)
    assert paged.count("Tmax 101.8F, levo + vaso, HFNC 40L") == 6
    assert paged[0].startswith("CRS consult") and paged[-1].startswith("Resumed session 1 (")


async def test_a_reopened_consult_that_fills_the_screen_draws_the_same_first_frame_without_its_earlier_turns(  # type: ignore[no-untyped-def]
        app_factory, tmp_path: Path, monkeypatch) -> None:
    """Where it stopped (the resume notice and the last plan) fills 80x18: the first frame is drawn
    before the earlier turns are built, and mounting them above it right after changes nothing
    on screen (no flash); they are then there to scroll or move up to. Where it leaves room above
    it, they are mounted before the first frame, as they show in it."""
    from assistant.tui.screens.consult import ConsultScreen
    from dialogs.engine import step
    from dialogs.state import Event

    folder = tmp_path / "store"
    first = open_consult(data_dir=str(folder), no_store=False, resume=None)
    state = first.start[0]
    for text in ("Tmax 101.8F, levo + vaso, HFNC 40L", "full", "0", "no", "70 kg", "no", "no", "unknown", "plan"):
        state, replies = step(state, Event("text", text))
        first.on_event(Event("text", text), state, replies)
    first.close()
    frames: list[tuple[list[str], list[tuple[str, Region]]]] = []  # as the earlier turns are added
    show_earlier = ConsultScreen._show_earlier

    async def seen_first(screen: ConsultScreen, earlier: object) -> None:
        frames.append((said(screen.app), in_view(screen.app)))
        await show_earlier(screen, earlier)  # type: ignore[arg-type]

    monkeypatch.setattr(ConsultScreen, "_show_earlier", seen_first)
    again = open_consult(data_dir=str(folder), no_store=False, resume=1)
    try:
        app = app_factory(on_event=again.recorder, start=again.start, earlier=again.earlier)
        async with app.run_test(size=(80, 18)) as pilot:
            await pilot.pause()
            ((mounted, shown),) = frames  # as the first frame drew them
            assert [t[:13] for t in mounted] == ["Resumed sessi", "ASTCT grade 3"], "only where it stopped"
            now = said(app)
            assert len(now) > len(mounted) + 8 and now[-2:] == mounted
            assert "Tmax 101.8F, levo + vaso, HFNC 40L" in now
            assert [text[:13] for text, _ in shown] == ["ASTCT grade 3"]
            assert in_view(app) == shown, "the same messages where they were: nothing above shows"
        frames.clear()
        app = app_factory(on_event=again.recorder, start=again.start, earlier=again.earlier)
        async with app.run_test(size=(120, 60)) as pilot:  # where it stopped leaves room above it
            await pilot.pause()
            ((mounted, shown),) = frames
            assert shown == [], "the earlier turns were mounted before the first frame"
            assert len(in_view(app)) > 2 and in_view(app)[-1][0] == mounted[-1]
    finally:
        again.close()


async def test_the_stored_consult_list_filters_by_label_or_first_line(app_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import OptionList

    from assistant.store import SessionRow

    rows = [SessionRow(id=3, started="2026-03-14T03:00:00.000Z", turns=4, last_grade=3, label="bed 12",
                       preview="Tmax 39.2, levo"),
            SessionRow(id=2, started="2026-03-14T02:00:00.000Z", turns=2, last_grade=2, label="",
                       preview="T 38.5, 2L NC"),
            SessionRow(id=1, started="2026-03-14T01:00:00.000Z", turns=1, last_grade=None,
                       label="Bed 14", preview="afebrile")]
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        chosen: list[int | None] = []
        app.push_screen(SessionsScreen(rows, None), chosen.append)
        await pilot.pause()
        listed = app.screen.query_one(OptionList)
        assert listed.option_count == 3
        await pilot.press("slash", *"bed")
        await pilot.pause()
        assert [listed.get_option_at_index(i).id for i in range(listed.option_count)] == ["3", "1"]  # any case
        await pilot.press(*" 12")
        await pilot.pause()
        assert listed.option_count == 1 and "bed 12" in str(listed.get_option_at_index(0).prompt)
        await pilot.press("enter", "enter")  # from the filter to the list, then reopen the one left
        await pilot.pause()
    assert chosen == [3]
