"""Pilot specifications of the consult UI: each test names the behaviour that makes it fail."""

from __future__ import annotations

import json
from pathlib import Path

from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Markdown

from assistant.tui.screens.consult import ConsultScreen
from assistant.tui.screens.help import HelpScreen
from assistant.tui.screens.persona import QUESTION, PersonaScreen
from assistant.tui.widgets.answers import AnswerMessage
from assistant.tui.widgets.case_panel import CasePanel, SlotList
from assistant.tui.widgets.conversation import Conversation
from assistant.tui.widgets.messages import ChatMessage, TextMessage
from assistant.tui.widgets.prompt import Prompt
from assistant.tui.widgets.quick_replies import QuickReplies
from assistant.tui.widgets.references import ReferencesPanel
from dialogs.engine import replay, step
from dialogs.state import Event, Reply, State

SHORTHAND = "Tmax 101.8F, levo + vaso, HFNC 40L"
REST = ["full", "2", "no", "not improving", "70 kg", "no", "no", "unknown"]


def shown(widget: Widget) -> str:
    """The text a widget draws on screen, line by line."""
    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return "\n".join(strip.text.rstrip() for strip in strips)


def messages(app: object) -> list[ChatMessage]:
    return list(app.screen.query_one(Conversation).messages)  # type: ignore[attr-defined]


async def test_full_consult_from_shorthand_to_plan(app_factory, send) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.session.state.pending == "temperature_c"
        await send(pilot, SHORTHAND)
        state = app.session.state
        assert state.values["hypotension"] == "one-pressor"
        assert state.values["oxygen"] == "high-flow"
        assert state.pending == "steroids"
        assert "ASTCT grade 3" in shown(app.screen.query_one("#case-grade"))
        for answer in REST:
            await send(pilot, answer)
        await pilot.pause()
        plans = [m for m in messages(app) if isinstance(m, AnswerMessage) and m.has_class("-plan")]
        assert len(plans) == 1
        badge = plans[0].visual.blocks[0].body  # the grade badge: the plan's first line
        assert "ASTCT grade 3" in badge.plain
        assert plans[0].has_class("-grade-3")
        assert app.session.state.plan_shown
        assert not app.screen.query_one(QuickReplies).display  # no question pending after the plan
        assert isinstance(app.focused, Prompt)
        await pilot.press("tab")  # with no quick replies, Tab still moves focus on
        assert not isinstance(app.focused, Prompt)


async def test_back_undoes_the_last_answer(app_factory, send) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, SHORTHAND)
        await send(pilot, "full")
        assert app.session.state.values["steroids"] == "full"
        await send(pilot, "/back")
        assert "steroids" not in app.session.state.values
        assert app.session.state.pending == "steroids"
        assert "Undone" in messages(app)[-1].copy_text
        assert app.screen.query_one(QuickReplies).options[0].startswith("Full dose")


async def test_change_from_the_prompt_then_a_quick_reply(app_factory, send) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, SHORTHAND)
        await send(pilot, "/change oxygen")
        assert app.session.state.pending == "oxygen"
        assert app.screen.query_one(QuickReplies).options[0] == "Room air"
        await pilot.press("alt+2")  # nasal cannula: low flow
        await pilot.pause()
        assert app.session.state.values["oxygen"] == "low-flow"
        assert any("Changed oxygen support" in m.copy_text for m in messages(app))


async def test_change_a_slot_from_the_case_panel(app_factory, send) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await send(pilot, SHORTHAND)
        slots = app.screen.query_one(SlotList)
        row = slots.slots.index("hypotension")
        assert "one vasopressor" in slots.rows[row].plain
        slots.focus()
        for _ in range(row):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.state.pending == "hypotension"
        assert messages(app)[-2].copy_text == "/change hypotension"  # sent as typed
        assert isinstance(app.focused, Prompt)


async def test_follow_up_question_is_answered_with_references(app_factory, send) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await send(pilot, SHORTHAND)
        await send(pilot, "what is the dose of tocilizumab?")
        answers = [m for m in messages(app) if m.has_class("-answer")]
        assert len(answers) == 1
        assert answers[0].references, "an answer from the knowledge base cites its references"
        assert messages(app)[-1].copy_text.startswith("Back to:")
        assert app.session.state.pending == "steroids"  # the question is not abandoned
        assert not [p for p in app.screen.query(ReferencesPanel) if p.display]  # nothing focused: no panel
        answers[0].focus()
        await pilot.pause()
        panel = app.screen.query_one(ReferencesPanel)
        assert panel.display
        assert panel.tags == tuple(r["tag"] for r in answers[0].references)
        assert all(f"[{tag}]" in shown(panel.query_one("Static")) for tag in panel.tags[:1])


async def test_first_run_asks_the_persona_and_remembers_it(app_factory, settings_file: Path) -> None:
    app = app_factory(persona=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PersonaScreen)
        assert QUESTION in shown(app.screen.query_one("#persona-question"))
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, ConsultScreen)
        assert app.session.state.persona == "trainee"
    assert json.loads(settings_file.read_text())["persona"] == "trainee"
    again = app_factory(persona=None)  # the saved file is read: no question the second time
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, ConsultScreen)
        assert again.session.state.persona == "trainee"


async def test_persona_switch_from_the_command_palette(app_factory, run_command, settings_file: Path) -> None:
    app = app_factory(persona="clinician")
    async with app.run_test(size=(100, 30)) as pilot:
        await run_command(pilot, "persona: trainee")
        assert app.session.state.persona == "trainee"
        assert app.session.events[-1] == Event("persona", "trainee")
        assert "Persona: trainee" in messages(app)[-1].copy_text
    assert json.loads(settings_file.read_text())["persona"] == "trainee"


async def test_palette_entries_are_namespaced_and_run_consult_commands(app_factory, send, run_command) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for expected in ("consult: new", "consult: back", "consult: change oxygen", "consult: why",
                         "consult: references", "persona: clinician", "persona: trainee", "theme: dark",
                         "theme: light"):
            assert expected in titles
        await send(pilot, SHORTHAND)
        await run_command(pilot, "consult: why")
        assert messages(app)[-2].copy_text == "/why"
        assert messages(app)[-1].copy_text.startswith("Grade basis:")


async def test_quick_replies_by_number_key(app_factory, send) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, SHORTHAND)
        quick = app.screen.query_one(QuickReplies)
        assert quick.options == ("Full dose, high-dose if needed", "Low dose only", "No steroids")
        await pilot.press("tab")  # from the prompt to the quick replies
        assert quick in app.focused.ancestors_with_self  # type: ignore[union-attr]
        await pilot.press("3")
        await pilot.pause()
        assert app.session.state.values["steroids"] == "none"
        assert any(m.copy_text == "No steroids" and m.has_class("-user") for m in messages(app))
        await pilot.press("alt+0")  # toci doses are numbered by value: 0 is "None", chosen from the prompt
        await pilot.pause()
        assert app.session.state.values["tocilizumab_doses"] == 0


async def test_digits_typed_in_the_prompt_stay_text(app_factory, send) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, SHORTHAND)
        await send(pilot, "full")
        assert app.session.state.pending == "tocilizumab_doses"
        await pilot.press("2")  # typed, not a quick-reply hot key
        assert app.screen.query_one(Prompt).text == "2"
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.state.values["tocilizumab_doses"] == 2


async def test_markup_and_escape_sequences_are_shown_literally(app_factory, send) -> None:
    hostile = "[red]red?[/red] [@click=app.quit]quit[/] \x1b[31mansi\x1b]0;title\x07 [b]"
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await send(pilot, hostile)
        mine = next(m for m in messages(app) if m.has_class("-user"))
        assert isinstance(mine, TextMessage)
        text = shown(mine)
        assert "[red]red?[/red]" in text
        assert "[@click=app.quit]quit[/]" in text
        assert "\\x1b[31mansi\\x1b]0;title\\x07" in text
        assert "\x1b" not in text
        assert not [s for s in mine.content.spans if "red" in str(s.style) or "click" in str(s.style)]
        await pilot.click(mine, offset=(10, 0))
        await pilot.pause()
        assert app.is_running  # the [@click=app.quit] did not act
        assert mine.copy_text == hostile  # copying gives back exactly what was typed


async def test_engine_exception_is_shown_and_the_app_stays_up(app_factory, send) -> None:
    def flaky(state: State, event: Event) -> tuple[State, list[Reply]]:
        if event.text == "explode":
            raise RuntimeError("boom")
        return step(state, event)

    app = app_factory(step=flaky)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, "explode")
        error = messages(app)[-1]
        assert error.has_class("-error")
        assert "RuntimeError: boom" in error.copy_text
        assert app.is_running
        await send(pilot, SHORTHAND)  # and the consult goes on
        assert app.session.state.values["oxygen"] == "high-flow"


async def test_copy_a_focused_message(app_factory, send) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, SHORTHAND)
        await pilot.press("alt+up")
        await pilot.pause()
        assert app.focused is messages(app)[-1]
        await pilot.press("c")
        assert app.clipboard == messages(app)[-1].copy_text
        assert app.clipboard.startswith("I read: 101.8 F")
        assert app.clipboard.endswith("Which corticosteroids would the team accept?")


async def test_keyboard_moves_between_messages_and_back_to_the_prompt(app_factory, send) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, SHORTHAND)
        all_messages = messages(app)
        await pilot.press("alt+up")
        assert app.focused is all_messages[-1]
        await pilot.press("up", "up")
        assert app.focused is all_messages[-3]
        await pilot.press("down")
        assert app.focused is all_messages[-2]
        await pilot.press("escape")
        assert isinstance(app.focused, Prompt)


async def test_prompt_history_and_newline(app_factory, send) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, "what is CRS?")
        await send(pilot, SHORTHAND)
        prompt = app.screen.query_one(Prompt)
        await pilot.press("up")
        assert prompt.text == SHORTHAND
        await pilot.press("up")
        assert prompt.text == "what is CRS?"
        await pilot.press("down", "down")
        assert prompt.text == ""
        turns = app.session.state.turns
        await pilot.press("a", "ctrl+j", "b")
        assert prompt.text == "a\nb"
        assert app.session.state.turns == turns  # Ctrl+J did not send


async def test_case_panel_by_width_with_status_line_and_toggle(app_factory, send) -> None:
    wide = app_factory()
    async with wide.run_test(size=(120, 40)) as pilot:
        await send(pilot, SHORTHAND)
        assert wide.screen.query_one(CasePanel).display
        assert not wide.screen.query_one("#status").display
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert not wide.screen.query_one(CasePanel).display
        assert wide.screen.query_one("#status").display
    narrow = app_factory()
    async with narrow.run_test(size=(80, 24)) as pilot:
        await send(pilot, SHORTHAND)
        assert not narrow.screen.query_one(CasePanel).display
        status = narrow.screen.query_one("#status")
        assert status.display
        assert "ASTCT grade 3" in shown(status)
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert narrow.screen.query_one(CasePanel).display


async def test_each_event_is_handed_to_on_event_before_its_replies_show(app_factory, send) -> None:
    seen: list[tuple[Event, int, int]] = []

    def persist(event: Event, state: State, replies: object) -> None:
        app_ = app  # the conversation as it was when the event was persisted
        seen.append((event, state.turns, len(app_.screen.query_one(Conversation).messages)))

    app = app_factory(on_event=persist)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        before = len(messages(app))
        await send(pilot, SHORTHAND)
        assert seen == [(Event("text", SHORTHAND), 1, before)]
        assert len(messages(app)) > before


async def test_a_replayed_session_resumes(app_factory) -> None:
    events = [Event("text", SHORTHAND), Event("text", "full")]
    app = app_factory(start=replay(events))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.session.state.values["steroids"] == "full"
        assert app.session.state.pending == "tocilizumab_doses"
        assert app.screen.query_one(QuickReplies).options[0] == "None"
        assert "ASTCT grade 3" in shown(app.screen.query_one("#case-grade"))


async def test_f1_lists_bindings_with_ids(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        source = app.screen.query_one(Markdown).source
        for binding_id in ("toggle_case", "prompt_send", "prompt_newline", "message_copy", "quick_reply_alt_1"):
            assert binding_id in source
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConsultScreen)


async def test_theme_switch_is_remembered(app_factory, run_command, settings_file: Path) -> None:
    app = app_factory(theme="textual-dark")
    async with app.run_test(size=(100, 30)) as pilot:
        await run_command(pilot, "theme: light")
        assert app.theme == "textual-light"
    assert json.loads(settings_file.read_text())["theme"] == "textual-light"


async def test_long_consults_fold_old_messages_and_unfold_them(app_factory, send, monkeypatch) -> None:
    from assistant.tui.widgets import conversation as conversation_module
    from assistant.tui.widgets.conversation import EarlierMessages

    monkeypatch.setattr(conversation_module, "KEEP", 6)
    monkeypatch.setattr(conversation_module, "SLACK", 2)
    monkeypatch.setattr(conversation_module, "BATCH", 4)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        for text in [SHORTHAND, "full", "2", "no", "70 kg"]:
            await send(pilot, text)
        conversation = app.screen.query_one(Conversation)
        everything = [m.copy_text for m in conversation.folded] + [m.copy_text for m in conversation.messages]
        assert conversation.folded, "old messages were folded away"
        assert len(conversation.messages) <= 6 + 2
        row = conversation.query_one(EarlierMessages)
        assert f"{len(conversation.folded)} earlier messages" in shown(row)
        row.focus()
        await pilot.press("enter")
        await pilot.pause()
        after = [m.copy_text for m in conversation.folded] + [m.copy_text for m in conversation.messages]
        assert after == everything  # nothing lost, order kept
        assert len(conversation.messages) > 6


async def test_the_first_frame_is_the_engines_question_answerable_at_once(app_factory) -> None:  # type: ignore[no-untyped-def]
    """The engine is loaded before the app paints: its first question, the case panel and the
    knowledge base's version are all in the first frame, and a line sent then is answered."""
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        assert messages(app)[-1].copy_text.endswith("What is the highest temperature in the last 24 hours?")
        header = shown(app.screen.query_one("#header"))
        assert "Knowledge base " in header and "loading" not in header
        assert app.screen.query_one("#case-panel").display
        screen = app.screen
        assert isinstance(screen, ConsultScreen)
        screen.send_text(SHORTHAND)
        await pilot.pause()
        assert app.session.state.values["oxygen"] == "high-flow"
        texts = [m.copy_text for m in messages(app)]
        assert sum("What is the highest temperature" in t for t in texts) == 1


async def test_enter_sends_everything_typed_before_it_even_in_a_burst(app_factory) -> None:  # type: ignore[no-untyped-def]
    """Keys that arrive together (a paste, a fast typist, a busy moment) are handled in order:
    Enter sends the whole line, never the part the prompt had processed so far."""
    from textual import events

    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = "Tmax 101.8F, levo + vaso, HFNC 40L"
        for key in [*text, "enter"]:
            character = key if len(key) == 1 else None
            name = {" ": "space", ",": "comma", ".": "full_stop", "+": "plus"}.get(key, key)
            app.post_message(events.Key(name, character))
        await pilot.pause()
        await pilot.pause()
        assert [m.copy_text for m in messages(app) if m.has_class("-user")] == [text]
        assert app.screen.query_one(Prompt).text == ""


async def test_a_reused_quick_reply_button_fits_its_new_label(app_factory, send) -> None:  # type: ignore[no-untyped-def]
    """Quick-reply buttons are reused from question to question; each takes its new label's width."""
    from textual.widgets import Button

    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await send(pilot, SHORTHAND)  # steroids: "1 Full dose, high-dose if needed", ...
        await send(pilot, "full")  # tocilizumab doses: "1 None", "2 1", ...
        await pilot.pause()
        quick = app.screen.query_one(QuickReplies)
        assert quick.has_class("-row")
        for button in [b for b in quick.query(Button) if b.display]:
            assert button.size.width == button.label.cell_length + 2, button.label.plain  # Button pads by 1


async def test_send_can_be_rebound_by_its_binding_id() -> None:
    """settings.json's keymap rebinds by binding id: with prompt_send on Ctrl+O, Ctrl+O sends and
    Enter is a new line (typed text handling stays in order, as for Enter)."""
    from assistant.settings import Settings
    from assistant.tui.app import make_app

    app = make_app(settings=Settings(persona="clinician", keymap={"prompt_send": "ctrl+o"}), settings_path=None,
                   cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        prompt = app.screen.query_one(Prompt)
        prompt.insert("39.2")
        await pilot.press("enter")
        assert prompt.text == "39.2\n"
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert prompt.text == ""
        assert [m.copy_text for m in messages(app) if m.has_class("-user")] == ["39.2\n"]


async def test_the_slot_cursor_stays_in_view_and_a_theme_switch_redraws_the_slots(app_factory, send) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=(120, 16)) as pilot:  # too short for every slot
        await send(pilot, SHORTHAND)
        slots = app.screen.query_one(SlotList)
        panel = app.screen.query_one(CasePanel)
        slots.focus()
        for _ in range(len(slots.rows)):
            await pilot.press("down")
            await pilot.pause()
            top = sum(slots.row_height(row, slots.size.width) for row in slots.rows[: slots.cursor])
            assert panel.region.y <= slots.region.y + top < panel.region.bottom, f"slot {slots.cursor} out of view"
        dark = slots.render_line(0)
        app.theme = "textual-light"
        await pilot.pause()
        assert next(iter(slots.render_line(0))).style != next(iter(dark)).style
