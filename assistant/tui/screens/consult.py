"""The consult screen: conversation, quick replies, prompt, "Case so far", header and disclaimer.

It is the only place that talks to the engine (through `app.session`): widgets post messages,
this screen turns them into events, and renders the replies.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import DescendantFocus
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import MountError, Widget
from textual.widgets import Static

from assistant.settings import Persona
from assistant.tui import idle_gc
from assistant.tui.widgets.conversation import Conversation
from assistant.tui.widgets.disclaimer import Disclaimer
from assistant.tui.widgets.messages import ChatMessage, note_message, user_message
from assistant.tui.widgets.prompt import Prompt
from assistant.tui.widgets.quick_replies import ALT_BINDINGS, QuickReplies, QuickReplyKeys

if TYPE_CHECKING:
    from assistant.store.replaying import Replayed, Turn
    from assistant.tui.app import CrsApp
    from assistant.tui.widgets.case_panel import CasePanel

# The dialog engine (dialogs.*, knowledge.*) is imported inside methods: at startup it loads in a
# thread after the first paint, so nothing here may import it at module level. Widgets that are
# not in the first frame (case panel, references, answers) are imported where first used too.


class ReplyLike(Protocol):
    """A `dialogs.state.Reply`, or the startup preview's `PlainReply`."""

    @property
    def kind(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def options(self) -> tuple[str, ...]: ...
    @property
    def data(self) -> Mapping[str, Any] | None: ...


PROMPT_HINT = "Type a case, an answer or a question (F1: help)"


class ConsultScreen(QuickReplyKeys, Screen[None]):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-normal"), (100, "-wide")]  # noqa: RUF012 - Textual API

    BINDING_GROUP_TITLE = "Consult"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+b", "toggle_case", "Case", id="toggle_case", tooltip="Show or hide the 'Case so far' panel"),
        Binding("alt+up", "focus_messages", "Messages", id="focus_messages", show=False,
                tooltip="Move to the last message (then Up/Down between messages)"),
        Binding("escape", "focus_prompt", "Prompt", id="focus_prompt", show=False, tooltip="Back to the prompt"),
        Binding("f2", "show_plan", "Plan", id="show_plan", show=False,
                tooltip="Show the current plan again (the 'plan' command)"),
        Binding("tab", "focus_quick_replies", "Replies", id="focus_quick_replies", show=False,
                tooltip="From the prompt, move to the quick replies (then 1-9 choose)"),
        *ALT_BINDINGS,
    ]

    @dataclass
    class Send(Message):
        """Queue an event for the engine (kind 'text' or 'persona'); handled in order, one at a time."""

        kind: str
        text: str

    def __init__(self) -> None:
        super().__init__()
        self.ready = False  # the engine has loaded and its first replies show
        self._early: list[ConsultScreen.Send] = []  # sent before that: replayed, in order, once ready

    @property
    def crs_app(self) -> CrsApp:
        return cast("CrsApp", self.app)

    # --- layout --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        app = self.crs_app
        if app.engine is not None:
            label = self.kb_label(app.engine.consult.kb.version, app.engine.consult.kb.meta.updated)
            first: Sequence[ReplyLike] = app.engine.replies
        elif app.preview is not None:
            label = self.kb_label(app.preview.kb_version, app.preview.kb_updated)
            first = app.preview.replies
        else:
            label, first = "Knowledge base: loading...", ()
        yield Static(Content.assemble(("CRS assistant", "bold"), "  ", (label, "$text-muted")), id="header")
        with Horizontal(id="body"):
            with Vertical(id="main"):
                # the first replies are composed, not mounted later: they are in the very first frame
                yield Conversation(*self.reply_widgets(first), id="conversation")
                yield QuickReplies(self.options_of(first), id="quick-replies")
                yield Prompt(id="prompt", placeholder=PROMPT_HINT, cursor_blink=app.cursor_blink)
            if app.engine is not None:
                from assistant.tui.widgets.case_panel import CasePanel

                yield CasePanel(id="case-panel")
        yield Static("", id="status", markup=False)
        yield Disclaimer(id="disclaimer")
        if app.engine is not None:
            yield self._footer()

    @staticmethod
    def _footer() -> Widget:
        from textual.widgets import Footer

        return Footer(compact=True, show_command_palette=False)

    async def _mount_the_rest(self) -> None:
        """After the first frame (engine loading in the background): the side panel and the footer."""
        from assistant.tui.widgets.case_panel import CasePanel

        try:
            await self.query_one("#body", Horizontal).mount(CasePanel(id="case-panel"))
            await self.mount(self._footer())
        except MountError:
            return  # the app is closing already (quit right after the first frame)
        await self.refresh_case()

    @staticmethod
    def kb_label(version: str, updated: str) -> str:
        return f"Knowledge base {version} · updated {updated}"

    async def on_mount(self) -> None:
        app = self.crs_app
        prompt = self.query_one(Prompt)
        prompt.focus()
        if app.sessions is not None:
            prompt.earlier = app.typed_before
        if app.settings.persona is None:
            from assistant.tui.screens.persona import PersonaScreen

            app.push_screen(PersonaScreen(), self._persona_chosen)
        if app.engine is not None:
            await self._engine_ready()
            return
        # start loading only once the first frame is out: a thread importing the engine now would
        # take the GIL from the first paint; the side panel and the footer follow that frame too
        self.call_after_refresh(self._after_first_frame)

    _loading_started = False

    async def _show_earlier(self, replayed: Replayed) -> None:
        """A reopened consult's earlier turns (as stored) above where it stopped: the newest built
        now, the older ones only when the user unfolds them."""
        from assistant.tui.widgets.conversation import KEEP, LaterTurn

        turns = list(replayed.turns)
        earlier: list[ChatMessage] = []
        while turns and len(earlier) < KEEP:
            earlier[:0] = self._turn_widgets(turns.pop())
        later: list[LaterTurn] = []
        if not turns:
            earlier[:0] = self.reply_widgets(replayed.opening)
        else:  # the opening is built with the first turn
            first, opening = turns[0], replayed.opening
            later = [LaterTurn(lambda: self.reply_widgets(opening) + self._turn_widgets(first)),
                     *(LaterTurn(lambda turn=turn: self._turn_widgets(turn)) for turn in turns[1:])]  # type: ignore[misc]
        await self.query_one(Conversation).add_earlier(earlier, later)

    def _turn_widgets(self, turn: Turn) -> list[ChatMessage]:
        """One stored turn: what was typed, then the replies as shown (an unreadable row says so)."""
        from assistant.store import StoreError

        said: list[ChatMessage] = [user_message(turn.event.text)] if turn.event.kind == "text" else []
        try:
            return said + self.reply_widgets(turn.replies)
        except StoreError as exc:
            return [*said, note_message([("error", str(exc))], ())]

    async def _after_first_frame(self) -> None:
        if self._loading_started:
            return
        self._loading_started = True
        self.run_worker(self._load_engine(), name="load-engine", exit_on_error=True)
        await self._mount_the_rest()

    async def _load_engine(self) -> None:
        """Load the engine off the event loop, then swap the preview for the real first replies."""
        app = self.crs_app
        try:
            engine = await asyncio.to_thread(app.load_engine)
        except Exception as exc:
            if app.engine_failed(exc):  # a knowledge base that fails its checks: a screen that says so
                return
            raise
        shown = app.preview.replies if app.preview is not None else ()
        same = [(r.kind, r.text, r.options) for r in shown] == [(r.kind, r.text, r.options) for r in engine.replies]
        app.engine_loaded(engine)
        if not same:
            await self.query_one(Conversation).clear_messages()
            await self._show_replies(engine.replies)
        kb = engine.consult.kb
        header = Content.assemble(("CRS assistant", "bold"), "  ",
                                  (self.kb_label(kb.version, kb.meta.updated), "$text-muted"))
        self.query_one("#header", Static).update(header)
        await self._engine_ready()

    async def _engine_ready(self) -> None:
        app = self.crs_app
        await self.refresh_case()
        if app.earlier is not None:
            await self._show_earlier(app.earlier)
        idle_gc.take_over()  # full garbage collections from now on only while the user is idle
        self.ready = True
        persona = app.settings.persona
        early = [m for m in self._early if m.kind == "persona"] + [m for m in self._early if m.kind != "persona"]
        self._early.clear()
        if persona is not None and app.session.state.persona != persona and not any(m.kind == "persona" for m in early):
            self.send_event("persona", persona)
        for message in early:
            self.send_event(message.kind, message.text)

    def _persona_chosen(self, persona: Persona | None) -> None:
        self.switch_persona(persona or "clinician")
        # The first-run question covers this screen; answered quickly, this screen's
        # after-refresh callback may not have run yet, so make sure the engine starts loading.
        if self.crs_app.engine is None and not self._loading_started:
            self.call_later(self._after_first_frame)

    # --- sending -------------------------------------------------------------------

    def send_event(self, kind: str, text: str) -> None:
        self.post_message(self.Send(kind, text))

    def send_text(self, text: str) -> None:
        self.send_event("text", text)

    def switch_persona(self, persona: Persona) -> None:
        self.crs_app.remember_persona(persona)
        self.send_event("persona", persona)

    @on(Send)
    async def _send(self, message: Send) -> None:
        from dialogs.state import Event

        if not self.ready:  # typed while the engine was still loading: sent once it is up
            self._early.append(message)  # (never wait here: it would block this screen's messages)
            return
        from assistant.labels import label_command

        wanted = label_command(message.text) if message.kind != "persona" else None
        if wanted is not None:  # the store's label for this consult, not a consult event
            await self._show_replies([self.crs_app.label_consult(wanted)], typed=message.text)
            return
        event = Event("persona" if message.kind == "persona" else "text", message.text, self.crs_app.event_clock())
        replies = self.crs_app.session.send(event)
        await self._show_replies(replies, typed=event.text if event.kind == "text" else None)

    async def _show_replies(self, replies: Sequence[ReplyLike], typed: str | None = None) -> None:
        widgets: list[ChatMessage] = [user_message(typed)] if typed is not None else []
        widgets += self.reply_widgets(replies)
        conversation = self.query_one(Conversation)
        with self.app.batch_update():  # one layout and one frame for the whole turn
            await conversation.add(widgets)
            await self._show_options(replies)
            await self.refresh_case()
        plans = [w for w in widgets if w.has_class("-plan")]
        if plans:  # a plan opens at its top, so that its Now section is on screen
            conversation.show_top_of(plans[-1])
        self._collect_when_idle()

    _idle_timer: Timer | None = None

    def _collect_when_idle(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.stop()
        self._idle_timer = self.set_timer(idle_gc.IDLE_SECONDS, idle_gc.collect, name="idle-gc")

    def on_key(self) -> None:
        """Keys that reach the screen (moving around, bindings) postpone the idle collection."""
        self._postpone_collection()

    def on_text_area_changed(self) -> None:
        """So does typing in the prompt (the prompt keeps those keys to itself)."""
        self._postpone_collection()

    def _postpone_collection(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.reset()

    def on_unmount(self) -> None:
        idle_gc.give_back()

    def reply_widgets(self, replies: Sequence[ReplyLike]) -> list[ChatMessage]:
        """Answers and plans as Markdown messages; each run of short notes between them as one message."""
        widgets: list[ChatMessage] = []
        notes: list[ReplyLike] = []

        def flush() -> None:
            if notes:
                texts = "\n".join(n.text for n in notes)
                widgets.append(note_message([(n.kind, n.text) for n in notes], self.references_for(texts)))
                notes.clear()

        for reply in replies:
            if reply.kind in ("answer", "plan"):
                flush()
                widgets.append(self.reply_widget(reply))
            else:
                notes.append(reply)
        flush()
        return widgets

    def reply_widget(self, reply: ReplyLike) -> ChatMessage:
        from assistant.tui.widgets.answers import answer_message, plan_message

        if reply.kind == "plan" and reply.data is not None and self.crs_app.engine is not None:
            teaching = self.crs_app.session.state.persona == "trainee"
            return plan_message(reply.text, reply.data, teaching=teaching)
        references = self.references_for(reply.text)
        if reply.kind in ("answer", "plan"):
            return answer_message(reply.text, references)
        return note_message([(reply.kind, reply.text)], references)

    def references_for(self, text: str) -> list[Mapping[str, Any]]:
        from assistant.tui.widgets.markdown_text import tags_in

        tags = tags_in(text)
        if not tags or self.crs_app.engine is None:
            return []
        from knowledge.assessment import reference_json

        known = self.crs_app.consult.kb.references
        return [reference_json(known[tag]) for tag in tags if tag in known]

    @staticmethod
    def options_of(replies: Sequence[ReplyLike]) -> tuple[str, ...]:
        questions = [r for r in replies if r.kind == "question"]
        return questions[-1].options if questions else ()

    async def _show_options(self, replies: Sequence[ReplyLike]) -> None:
        quick = self.query_one(QuickReplies)
        if any(r.kind == "question" for r in replies):
            await quick.show(self.options_of(replies))
        elif self.crs_app.engine is not None and self.crs_app.session.state.pending is None:
            await quick.show(())

    async def refresh_case(self) -> None:
        app = self.crs_app
        if app.engine is None:
            return
        from assistant.tui.widgets.case_panel import CasePanel, set_grade_class, update_if_changed
        from dialogs.engine import assessment, shown_slots
        from dialogs.render import grade_headline

        state = app.session.state
        result = assessment(state, app.consult)
        slots = list(shown_slots(state.values, app.consult))
        panels = self.query(CasePanel)
        if panels:  # mounted after the first frame when the engine loads in the background
            from dialogs.episode import course_lines

            await panels.first().show(slots, state.values, state.unknown, result, course_lines(state, result))
        headline = grade_headline(result).split(" (", 1)[0]
        status = self.query_one("#status", Static)
        update_if_changed(status, Content.assemble((headline, "bold"), f"  ·  {state.persona}  ·  Ctrl+B case so far"))
        set_grade_class(status, result)

    # --- widget messages -----------------------------------------------------------

    @on(Prompt.Submitted)
    def _submitted(self, event: Prompt.Submitted) -> None:
        self.send_text(event.text)

    @on(QuickReplies.Chosen)
    def _chosen(self, event: QuickReplies.Chosen) -> None:
        self.send_text(event.label)
        self.query_one(Prompt).focus()

    def on_case_panel_change_slot(self, event: CasePanel.ChangeSlot) -> None:
        self.send_text(f"/change {event.slot}")
        self.query_one(Prompt).focus()

    @on(Conversation.Left)
    def _left_messages(self) -> None:
        self.query_one(Prompt).focus()

    async def on_descendant_focus(self, event: DescendantFocus) -> None:
        from assistant.tui.widgets.references import ReferencesPanel

        widget = event.widget
        references = widget.references if isinstance(widget, ChatMessage) else ()
        panels = self.query(ReferencesPanel)
        if panels:
            panels.first().show(references)
        elif references:  # created on first use: not part of the first frame
            await self.query_one("#main", Vertical).mount(ReferencesPanel(references, id="references"),
                                                         after="#conversation")
        if widget.has_class("-plan"):  # once the panel has taken its room: the plan's top in view
            self.call_after_refresh(widget.scroll_visible, top=True, animate=False)

    # --- actions -------------------------------------------------------------------

    @property
    def case_visible(self) -> bool:
        from assistant.tui.widgets.case_panel import CasePanel

        panels = self.query(CasePanel)
        return bool(panels) and panels.first().display

    def action_toggle_case(self) -> None:
        show = not self.case_visible
        self.set_class(show, "-case-on")
        self.set_class(not show, "-case-off")

    def action_focus_messages(self) -> None:
        self.query_one(Conversation).focus_last()

    def action_focus_prompt(self) -> None:
        self.query_one(Prompt).focus()

    def action_focus_quick_replies(self) -> None:
        """Tab: from the prompt to the quick replies when there are some, else the next widget
        (this binding replaces Screen's own Tab binding, so it must do that job too)."""
        quick = self.query_one(QuickReplies)
        if isinstance(self.focused, Prompt) and quick.options:
            quick.focus_first()
        else:
            self.focus_next()

    def action_show_plan(self) -> None:
        self.send_text("/plan")
