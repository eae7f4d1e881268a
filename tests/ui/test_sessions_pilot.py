"""Sessions from the terminal UI: palette "sessions:" entries and the prompt's history across runs."""

from __future__ import annotations

from pathlib import Path

from assistant.store import SessionMeta
from assistant.tui.screens.sessions import SessionsScreen
from assistant.tui.store_access import StoredSessions
from assistant.tui.widgets.prompt import Prompt
from dialogs.state import Event
from tests.ui.conftest import screen_lines


async def test_open_a_stored_consult_closes_the_app_asking_for_it(app_factory, run_command,  # type: ignore[no-untyped-def]
                                                                  stored: Path) -> None:
    app = app_factory(sessions=StoredSessions(str(stored), lambda: 2))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await run_command(pilot, "sessions: open a stored consult")
        screen = app.screen
        assert isinstance(screen, SessionsScreen)
        labels = [row.id for row in screen.rows]
        assert labels == [2, 1], "newest first"
        await pilot.press("down", "enter")  # #2 is this consult and cannot be chosen
        await pilot.pause()
    assert app.resume_request == 1


async def test_this_consult_says_its_session_number(app_factory, run_command, notices, stored: Path) -> None:  # type: ignore[no-untyped-def]
    app = app_factory(sessions=StoredSessions(str(stored), lambda: 2))
    async with app.run_test(size=(120, 40), message_hook=notices, notifications=True) as pilot:
        await pilot.pause()
        await run_command(pilot, "sessions: this consult")
        (said,) = [text for title, text in notices.shown if title == "Sessions"]
        assert "Stored as session 2" in said and "crs-assistant --resume 2" in said
        await pilot.pause()  # the toast is mounted after the message
        assert "Stored as session 2" in "\n".join(screen_lines(app))  # in a toast on screen


async def test_up_reaches_what_was_typed_in_stored_consults(app_factory, send, stored: Path) -> None:  # type: ignore[no-untyped-def]
    """Up walks this consult's inputs first, then earlier consults' (newest first, each once)."""
    app = app_factory(sessions=StoredSessions(str(stored), lambda: None))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await send(pilot, "39.2")
        prompt = app.screen.query_one(Prompt)
        shown = []
        for _ in range(4):
            await pilot.press("up")
            shown.append(prompt.text)
        assert shown == ["39.2", "full", "Tmax 101.8F, levo + vaso, HFNC 40L", "Tmax 101.8F, levo + vaso, HFNC 40L"]
        await pilot.press("down", "down", "down")
        assert prompt.text == ""


async def test_without_a_store_there_is_no_sessions_entry_and_no_history(app_factory, run_command) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()  # as with --no-store
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert not [t for t in titles if t.startswith("sessions:")]
        await pilot.press("up")
        assert app.screen.query_one(Prompt).text == ""


async def test_a_reopened_consult_shows_its_earlier_turns_above_where_it_stopped(  # type: ignore[no-untyped-def]
        app_factory, monkeypatch) -> None:
    """Resuming shows the consult where it stopped, with what was said before above it; in a long
    consult the oldest turns fold into the "earlier messages" row as usual."""
    from assistant.store.consult import resume_replies
    from assistant.store.replaying import replay_turns
    from assistant.tui.widgets import conversation as conversation_module
    from assistant.tui.widgets.conversation import Conversation, EarlierMessages

    def shown_text(widget: EarlierMessages) -> str:
        return str(widget.render())

    events = [Event("text", "Tmax 101.8F, levo + vaso, HFNC 40L"), Event("text", "full")]
    earlier = replay_turns(events)
    meta = SessionMeta("0" * 32, "2026-03-14T01:00:00.000Z", "0.1.0", "kb", "clinician", id=1)
    state, replies = earlier.state, resume_replies(1, meta, earlier)
    app = app_factory(start=(state, replies), earlier=earlier)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = [m.copy_text for m in app.screen.query_one(Conversation).messages]
        assert shown.index("Tmax 101.8F, levo + vaso, HFNC 40L") < shown.index("full") < len(shown) - 1
        assert shown[-1].startswith(replies[0].text), "where the consult stopped comes last"
        conversation = app.screen.query_one(Conversation)
        last = conversation.messages[-1].region
        assert conversation.region.contains_region(last), "the view is at the end, where the consult stopped"

    monkeypatch.setattr(conversation_module, "KEEP", 2)
    monkeypatch.setattr(conversation_module, "SLACK", 1)
    app = app_factory(start=(state, replies), earlier=earlier)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        conversation = app.screen.query_one(Conversation)
        row = conversation.query_one(EarlierMessages)
        assert "1 earlier turn " in shown_text(row), "the oldest turn is not built until it is unfolded"
        assert "Tmax 101.8F, levo + vaso, HFNC 40L" not in [m.copy_text for m in conversation.messages]
        row.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "Tmax 101.8F, levo + vaso, HFNC 40L" in [m.copy_text for m in conversation.messages]
