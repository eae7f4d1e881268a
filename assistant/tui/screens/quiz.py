"""The practice screen: `crs-assistant quiz` in the terminal UI, a mode of the same app.

It reuses the consult's widgets and keys: the conversation (messages you can move between and
copy), the quick replies (Alt+1..9 from anywhere; 1..9 once they have focus, which they take
whenever a question shows), the prompt (type the answer, or its number, and Enter) and the
disclaimer. Scoring, feedback and scheduling live in `dialogs.quiz`; this screen renders the
quiz session's replies and sends what the trainee chooses.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from assistant.tui.widgets.conversation import Conversation
from assistant.tui.widgets.disclaimer import Disclaimer
from assistant.tui.widgets.messages import ChatMessage, TextMessage, literal, user_message
from assistant.tui.widgets.prompt import Prompt
from assistant.tui.widgets.quick_replies import ALT_BINDINGS, QuickReplies, QuickReplyKeys
from dialogs.quiz.session import QuizState, quiz_begin, quiz_step
from dialogs.state import Reply

OnFinish = Callable[[QuizState], None]
PROMPT_HINT = "Choose with Alt+1-9, or type the answer (or its number) and Enter (F1: help)"
HELP_TEXT = ("Read the case, then choose an answer: Alt+1-9 from anywhere, 1-9 while the options have focus, "
             "or type it in the prompt. Feedback cites the knowledge base. Ctrl+Q ends the run and shows the score.")


@dataclass(frozen=True)
class QuizRun:
    """What a practice run starts from: the seed, how many cases, the concepts to prefer, and
    what to do with the finished (or quit) run (store its progress)."""

    seed: int
    count: int
    prefer: tuple[str, ...] = ()
    on_finish: OnFinish | None = None


def reply_message(reply: Reply) -> ChatMessage:
    """A quiz reply as a conversation message: the case, feedback (right or wrong), or a note."""
    data = reply.data or {}
    if "case" in data:
        kind = "-case"
    elif "correct" in data:
        kind = "-right" if data["correct"] else "-wrong"
    else:
        kind = f"-{reply.kind}"
    return TextMessage(literal(reply.text), copy_text=reply.text, classes=f"-note -quiz {kind}")


class QuizScreen(QuickReplyKeys, Screen[None]):
    BINDING_GROUP_TITLE = "Practice"
    BINDINGS: ClassVar[list[BindingType]] = [
        *ALT_BINDINGS,
        Binding("escape", "focus_prompt", "Prompt", id="quiz_focus_prompt", show=False, tooltip="Back to the prompt"),
    ]

    def __init__(self, run: QuizRun) -> None:
        super().__init__()
        self.run = run
        self.state, self.opening = quiz_begin(run.seed, run.count, run.prefer)
        self.saved = False

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble(("CRS practice", "bold"), "  ", (f"seed {self.run.seed}", "$text-muted")),
                     id="header")
        yield Conversation(*(reply_message(r) for r in self.opening), id="conversation")
        yield QuickReplies(self.options_of(self.opening), id="quick-replies")
        yield Prompt(id="prompt", placeholder=PROMPT_HINT, cursor_blink=getattr(self.app, "cursor_blink", True))
        yield Disclaimer(id="disclaimer")

    def on_mount(self) -> None:
        self.focus_options()

    @staticmethod
    def options_of(replies: Sequence[Reply]) -> tuple[str, ...]:
        options: tuple[str, ...] = ()
        for reply in replies:
            if reply.kind == "question":
                options = reply.options
        return options

    def focus_options(self) -> None:
        quick = self.query_one(QuickReplies)
        if quick.options:
            quick.focus_first()
        else:
            self.query_one(Prompt).focus()

    async def answer(self, text: str) -> None:
        """The trainee's answer (typed, or an option chosen): shown as typed, then the feedback."""
        if self.state.finished:
            return
        self.state, replies = quiz_step(self.state, text)
        await self.show([user_message(text)], replies)

    async def show(self, before: Sequence[ChatMessage], replies: Sequence[Reply]) -> None:
        await self.query_one(Conversation).add([*before, *(reply_message(r) for r in replies)])
        await self.query_one(QuickReplies).show(() if self.state.finished else self.options_of(replies))
        if self.state.finished:
            self.save()
            self.query_one(Prompt).placeholder = "Run finished: Ctrl+Q to leave"
        self.focus_options()

    def save(self) -> None:
        """The run's progress, stored once (when it finishes, or when it is quit with answers)."""
        if not self.saved and self.run.on_finish is not None and self.state.answers:
            self.saved = True
            self.run.on_finish(self.state)

    async def finish(self) -> None:
        """Ctrl+Q: a run quit midway is scored on what was answered, and saved."""
        if not self.state.finished and self.state.answers:
            self.state, replies = quiz_step(self.state, "quit")
            await self.show((), replies)
        self.save()

    async def show_help(self) -> None:
        await self.show((), [Reply("info", HELP_TEXT)])

    @on(Prompt.Submitted)
    async def _submitted(self, event: Prompt.Submitted) -> None:
        await self.answer(event.text.strip())

    @on(QuickReplies.Chosen)
    async def _chosen(self, event: QuickReplies.Chosen) -> None:
        await self.answer(event.label)

    @on(Conversation.Left)
    def _left(self) -> None:
        self.query_one(Prompt).focus()

    def action_focus_prompt(self) -> None:
        self.query_one(Prompt).focus()
