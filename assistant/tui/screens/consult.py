"""The consult screen: conversation, quick replies, prompt, "Case so far", header and disclaimer.

It talks to the consult only through `ConsultPort` (the consult service, given to it when it is
built), and to the app around it through two callbacks: widgets post messages, this screen turns
them into lines for the consult, and renders the replies it gets back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import DescendantFocus
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from assistant.consult_service import ReplyLike
from assistant.settings import Persona
from assistant.tui import idle_gc
from assistant.tui.screens.persona import PersonaScreen
from assistant.tui.widgets import conversation as conversation_widgets
from assistant.tui.widgets.answers import answer_message, plan_message
from assistant.tui.widgets.case_panel import CasePanel, set_grade_class, update_if_changed
from assistant.tui.widgets.conversation import Conversation, LaterTurn
from assistant.tui.widgets.disclaimer import Disclaimer
from assistant.tui.widgets.markdown_text import tags_in
from assistant.tui.widgets.messages import ChatMessage, note_message, user_message
from assistant.tui.widgets.prompt import Prompt
from assistant.tui.widgets.quick_replies import ALT_BINDINGS, QuickReplies, QuickReplyKeys
from assistant.tui.widgets.references import ReferencesPanel

if TYPE_CHECKING:
    from assistant.consult_service import Answer, CaseView
    from assistant.store.replaying import Earlier, Turn

# The engine is the consult service's (loaded before this screen is built); this screen never
# imports it.


class ConsultPort(Protocol):
    """What this screen needs from the consult (`assistant.consult_service.ConsultService`)."""

    @property
    def opening(self) -> Sequence[ReplyLike]: ...
    @property
    def kb_label(self) -> tuple[str, str]:
        """The knowledge base's version and update date."""
    @property
    def earlier(self) -> Earlier | None:
        """A resumed consult's turns before this run (each read from the store when first used)."""
    @property
    def persona(self) -> str: ...
    @property
    def pending(self) -> str | None: ...
    @property
    def stored(self) -> bool: ...
    def answer(self, text: str) -> Answer: ...
    def switch_persona(self, persona: str) -> Answer: ...
    def case(self) -> CaseView: ...
    def references(self, tags: Sequence[str]) -> list[Mapping[str, Any]]: ...
    def typed_before(self, limit: int) -> list[str]: ...


PROMPT_HINT = "Type a case, an answer or a question (F1: help)"
HISTORY_LIMIT = 200  # texts from stored consults the prompt's Up can reach


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

    def __init__(self, consult: ConsultPort, *, persona: Persona | None = None, cursor_blink: bool = True,
                 remember_persona: Callable[[Persona], None] | None = None) -> None:
        """`persona`: the one the settings chose (None: ask). `remember_persona` keeps a switch in
        the settings."""
        super().__init__()
        self.consult = consult
        self.persona = persona
        self.cursor_blink = cursor_blink
        self.remember_persona = remember_persona
        # the widgets every turn updates, kept as built: a query walks the whole screen (every
        # mounted message) each time, and `query(CasePanel)` did so twice a turn
        self._case_panel: CasePanel | None = None
        self._status = Static("", id="status", markup=False)
        self._quick: QuickReplies | None = None

    # --- layout --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        consult = self.consult
        label = self.kb_label(*consult.kb_label)
        first = consult.opening
        yield Static(Content.assemble(("CRS assistant", "bold"), "  ", (label, "$text-muted")), id="header")
        with Horizontal(id="body"):
            with Vertical(id="main"):
                # the first replies are composed, not mounted later: they are in the very first frame
                yield Conversation(*self.reply_widgets(first), id="conversation")
                self._quick = QuickReplies(self.options_of(first), id="quick-replies")
                yield self._quick
                yield Prompt(id="prompt", placeholder=PROMPT_HINT, cursor_blink=self.cursor_blink)
            self._case_panel = CasePanel(id="case-panel")
            yield self._case_panel
        yield self._status
        yield Disclaimer(id="disclaimer")
        yield Footer(compact=True, show_command_palette=False)

    @staticmethod
    def kb_label(version: str, updated: str) -> str:
        return f"Knowledge base {version} · updated {updated}"

    async def on_mount(self) -> None:
        consult = self.consult
        prompt = self.query_one(Prompt)
        prompt.focus()
        if consult.stored:
            prompt.earlier = lambda: consult.typed_before(HISTORY_LIMIT)
        if self.persona is None:
            self.app.push_screen(PersonaScreen(), self._persona_chosen)
        await self.refresh_case()
        if consult.earlier is not None:
            conversation = self.query_one(Conversation)
            if conversation.fills(self.app.size):
                # where it stopped fills the screen: the earlier turns, mounted above it, would be
                # out of view in the first frame; they are built and mounted right after it
                conversation.after_first_frame(partial(self._show_earlier, consult.earlier))
            else:
                await self._show_earlier(consult.earlier)
        idle_gc.take_over()  # full garbage collections from now on only while the user is idle
        if self.persona is not None and consult.persona != self.persona:
            self.send_event("persona", self.persona)

    async def _show_earlier(self, earlier: Earlier) -> None:
        """A reopened consult's earlier turns (as stored) above where it stopped: the newest read
        and built now, the older ones only when the user unfolds them."""
        if not self.is_attached:
            return  # the app closed right after its first frame
        turns = earlier.turns
        left = len(turns)
        newest: list[ChatMessage] = []
        while left and len(newest) < conversation_widgets.KEEP:
            left -= 1
            newest[:0] = self._turn_widgets(turns, left)
        later: list[LaterTurn] = []
        if not left:
            newest[:0] = self.reply_widgets(earlier.opening)
        else:  # the opening is built with the first turn
            later = [LaterTurn(lambda: self.reply_widgets(earlier.opening) + self._turn_widgets(turns, 0)),
                     *(LaterTurn(lambda n=n: self._turn_widgets(turns, n)) for n in range(1, left))]  # type: ignore[misc]
        await self.query_one(Conversation).add_earlier(newest, later)

    def _turn_widgets(self, turns: Sequence[Turn], index: int) -> list[ChatMessage]:
        """One stored turn: what was typed, then the replies as shown (an unreadable row says so)."""
        from assistant.store import StoreError

        try:
            turn = turns[index]
        except StoreError as exc:
            return [note_message([("error", str(exc))], ())]
        said: list[ChatMessage] = [user_message(turn.event.text)] if turn.event.kind == "text" else []
        try:
            return said + self.reply_widgets(turn.replies)
        except StoreError as exc:
            return [*said, note_message([("error", str(exc))], ())]

    def _persona_chosen(self, persona: Persona | None) -> None:
        self.switch_persona(persona or "clinician")

    # --- sending -------------------------------------------------------------------

    def send_event(self, kind: str, text: str) -> None:
        self.post_message(self.Send(kind, text))

    def send_text(self, text: str) -> None:
        self.send_event("text", text)

    def switch_persona(self, persona: Persona) -> None:
        self.persona = persona
        if self.remember_persona is not None:
            self.remember_persona(persona)
        self.send_event("persona", persona)

    @on(Send)
    async def _send(self, message: Send) -> None:
        if message.kind == "persona":
            await self._show_replies(self.consult.switch_persona(message.text).shown)
        else:  # a line for the consult (or a `label` line, which the consult keeps apart)
            await self._show_replies(self.consult.answer(message.text).shown, typed=message.text)

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
        if reply.kind == "plan" and reply.data is not None:
            teaching = self.consult.persona == "trainee"
            return plan_message(reply.text, reply.data, teaching=teaching)
        references = self.references_for(reply.text)
        if reply.kind in ("answer", "plan"):
            return answer_message(reply.text, references)
        return note_message([(reply.kind, reply.text)], references)

    def references_for(self, text: str) -> list[Mapping[str, Any]]:
        return self.consult.references(tags_in(text))

    @staticmethod
    def options_of(replies: Sequence[ReplyLike]) -> tuple[str, ...]:
        questions = [r for r in replies if r.kind == "question"]
        return questions[-1].options if questions else ()

    async def _show_options(self, replies: Sequence[ReplyLike]) -> None:
        quick = self._quick or self.query_one(QuickReplies)
        if any(r.kind == "question" for r in replies):
            await quick.show(self.options_of(replies))
        elif self.consult.pending is None:
            await quick.show(())

    async def refresh_case(self) -> None:
        case = self.consult.case()
        panel = self._case_panel
        if panel is not None:
            state = case.state
            await panel.show(list(case.slots), state.values, state.unknown, case.result, case.course())
        status = self._status
        update_if_changed(status, Content.assemble((case.headline(), "bold"),
                                                   f"  ·  {case.persona}  ·  Ctrl+B case so far"))
        set_grade_class(status, case.result)

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
