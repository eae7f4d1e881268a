"""The consult screen: conversation, quick replies, prompt, "Case so far", header and disclaimer.

It is the only place that talks to the engine (through `app.session`): widgets post messages,
this screen turns them into events, and renders the replies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import DescendantFocus
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from assistant.settings import Persona
from assistant.widgets.case_panel import CasePanel, grade_class
from assistant.widgets.conversation import Conversation
from assistant.widgets.markdown_text import tags_in
from assistant.widgets.messages import ChatMessage, answer_message, note_message, plan_message, user_message
from assistant.widgets.prompt import Prompt
from assistant.widgets.quick_replies import MAX_OPTIONS, QuickReplies
from assistant.widgets.references import ReferencesPanel
from dialogs.engine import assessment
from dialogs.render import grade_headline
from dialogs.state import Event, Reply
from knowledge.assessment import reference_json

if TYPE_CHECKING:
    from assistant.app import CrsApp

DISCLAIMERS = (
    ("disclaimer-medium", "Decision support for healthcare professionals. Verify against primary sources."),
    ("disclaimer-short", "Decision support only. Verify against primary sources."),
)
PROMPT_HINT = "Type a case, an answer or a question (F1: help)"


class ConsultScreen(Screen[None]):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-normal"), (100, "-wide")]  # noqa: RUF012 - Textual API

    BINDING_GROUP_TITLE = "Consult"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+b", "toggle_case", "Case", id="toggle_case", tooltip="Show or hide the 'Case so far' panel"),
        Binding("alt+up", "focus_messages", "Messages", id="focus_messages", show=False,
                tooltip="Move to the last message (then Up/Down between messages)"),
        Binding("escape", "focus_prompt", "Prompt", id="focus_prompt", show=False, tooltip="Back to the prompt"),
        Binding("tab", "focus_quick_replies", "Replies", id="focus_quick_replies", show=False,
                tooltip="From the prompt, move to the quick replies (then 1-9 choose)"),
        *(
            Binding(f"alt+{n}", f"quick_reply({n})", f"Reply {n}", id=f"quick_reply_alt_{n}", show=False,
                    tooltip=f"Choose quick reply {n}")
            for n in range(1, MAX_OPTIONS + 1)
        ),
    ]

    @dataclass
    class Send(Message):
        """Queue an event for the engine; handled in order, one at a time."""

        event: Event

    @property
    def crs_app(self) -> CrsApp:
        return cast("CrsApp", self.app)

    # --- layout --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        kb = self.crs_app.consult.kb
        with Horizontal(id="header"):
            yield Static(Content.styled("CRS assistant", "bold"), id="header-title")
            yield Static(Content(f"Knowledge base {kb.version} · updated {kb.meta.updated}"), id="header-kb")
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield Conversation(id="conversation")
                yield ReferencesPanel(id="references")
                yield QuickReplies(id="quick-replies")
                yield Prompt(id="prompt", placeholder=PROMPT_HINT, cursor_blink=self.crs_app.cursor_blink)
            yield CasePanel([q.slot for q in self.crs_app.consult.spec.questions], id="case-panel")
        yield Static("", id="status", markup=False)
        for name, text in DISCLAIMERS:
            yield Static(Content(text), classes=f"disclaimer {name}")
        yield Footer(compact=True, show_command_palette=False)

    async def on_mount(self) -> None:
        app = self.crs_app
        self.query_one(ReferencesPanel).display = False
        self.query_one(QuickReplies).display = False
        await self._show_replies(app.start_replies)
        self.query_one(Prompt).focus()
        if app.settings.persona is None:
            from assistant.screens.persona import PersonaScreen

            app.push_screen(PersonaScreen(), self._persona_chosen)
        elif app.session.state.persona != app.settings.persona:
            self.send_event(Event("persona", app.settings.persona))

    def _persona_chosen(self, persona: Persona | None) -> None:
        self.switch_persona(persona or "clinician")

    # --- sending -------------------------------------------------------------------

    def send_event(self, event: Event) -> None:
        self.post_message(self.Send(event))

    def send_text(self, text: str) -> None:
        self.send_event(Event("text", text))

    def switch_persona(self, persona: Persona) -> None:
        self.crs_app.remember_persona(persona)
        self.send_event(Event("persona", persona))

    @on(Send)
    async def _send(self, message: Send) -> None:
        event = message.event
        replies = self.crs_app.session.send(event)
        await self._show_replies(replies, typed=event.text if event.kind == "text" else None)

    async def _show_replies(self, replies: Sequence[Reply], typed: str | None = None) -> None:
        widgets: list[ChatMessage] = [user_message(typed)] if typed is not None else []
        widgets += [self.reply_widget(r) for r in replies]
        await self.query_one(Conversation).add(widgets)
        await self._show_options(replies)
        self.refresh_case()

    def reply_widget(self, reply: Reply) -> ChatMessage:
        if reply.kind == "plan" and reply.data is not None:
            teaching = self.crs_app.session.state.persona == "trainee"
            return plan_message(reply.text, reply.data, teaching=teaching)
        references = self.references_for(reply.text)
        if reply.kind == "answer":
            return answer_message(reply.text, references)
        return note_message(reply.kind, reply.text, references)

    def references_for(self, text: str) -> list[Mapping[str, Any]]:
        known = self.crs_app.consult.kb.references
        return [reference_json(known[tag]) for tag in tags_in(text) if tag in known]

    async def _show_options(self, replies: Sequence[Reply]) -> None:
        quick = self.query_one(QuickReplies)
        questions = [r for r in replies if r.kind == "question"]
        if questions:
            await quick.show(questions[-1].options)
        elif self.crs_app.session.state.pending is None:
            await quick.show(())

    def refresh_case(self) -> None:
        app = self.crs_app
        state = app.session.state
        result = assessment(state, app.consult)
        self.query_one(CasePanel).show(state.values, state.unknown, result)
        headline = grade_headline(result).split(" (", 1)[0]
        status = self.query_one("#status", Static)
        status.update(Content.assemble((headline, "bold"), f"  ·  {state.persona}  ·  Ctrl+B case so far"))
        status.set_classes(grade_class(result))

    # --- widget messages -----------------------------------------------------------

    @on(Prompt.Submitted)
    def _submitted(self, event: Prompt.Submitted) -> None:
        self.send_text(event.text)

    @on(QuickReplies.Chosen)
    def _chosen(self, event: QuickReplies.Chosen) -> None:
        self.send_text(event.label)
        self.query_one(Prompt).focus()

    @on(CasePanel.ChangeSlot)
    def _change_slot(self, event: CasePanel.ChangeSlot) -> None:
        self.send_text(f"/change {event.slot}")
        self.query_one(Prompt).focus()

    @on(Conversation.Left)
    def _left_messages(self) -> None:
        self.query_one(Prompt).focus()

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        widget = event.widget
        references = widget.references if isinstance(widget, ChatMessage) else ()
        self.query_one(ReferencesPanel).show(references)

    # --- actions -------------------------------------------------------------------

    @property
    def case_visible(self) -> bool:
        return self.query_one(CasePanel).display

    def action_toggle_case(self) -> None:
        show = not self.case_visible
        self.set_class(show, "-case-on")
        self.set_class(not show, "-case-off")

    def action_focus_messages(self) -> None:
        self.query_one(Conversation).focus_last()

    def action_focus_prompt(self) -> None:
        self.query_one(Prompt).focus()

    def action_focus_quick_replies(self) -> None:
        self.query_one(QuickReplies).focus_first()

    def action_quick_reply(self, number: int) -> None:
        self.query_one(QuickReplies).action_choose(number)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "focus_quick_replies":
            return isinstance(self.focused, Prompt) and bool(self.query_one(QuickReplies).options)
        if action == "quick_reply":
            number = parameters[0] if parameters else 0
            return isinstance(number, int) and number <= len(self.query_one(QuickReplies).options)
        return True
