"""Conversation messages: focusable, movable with the keyboard, copyable.

User text and short assistant notes are single `Content` renders (cheap to mount); only
assistant answers and plans use Textual's `Markdown`. No text from a reply or from the user is
ever parsed as markup: it is made inert (control characters shown, not run) and wrapped in
`Content`, which takes text literally.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content, Span
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from assistant.widgets.markdown_text import REF_TAG, answer_markdown, grade_basis, plan_markdown
from dialogs.safe_text import inert

MARKER_STYLE = "bold $text-accent"


def literal(text: str, style: str = "") -> Content:
    """Text exactly as typed, with reference tags highlighted: never markup, never escapes."""
    shown = inert(text)
    spans = [Span(0, len(shown), style)] if style else []
    spans += [Span(m.start(), m.end(), MARKER_STYLE) for m in REF_TAG.finditer(shown)]
    return Content(shown, spans)


class ChatMessage(Widget, can_focus=True):
    """One turn of the conversation. `copy_text` is what `c` copies; `references` the refs it cites."""

    DEFAULT_CSS = """
    ChatMessage { height: auto; }
    """

    BINDING_GROUP_TITLE = "Message"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c,y", "copy", "Copy", id="message_copy", tooltip="Copy this message to the clipboard"),
        Binding("up,k", "previous", "Previous", id="message_previous", show=False,
                tooltip="Move to the previous message"),
        Binding("down,j", "next", "Next", id="message_next", show=False, tooltip="Move to the next message"),
        Binding("escape", "leave", "Prompt", id="message_leave", tooltip="Back to the prompt"),
    ]

    @dataclass
    class Move(Message):
        """Ask the conversation to move focus from `message` by `step` (-1 up, +1 down, 0 = leave)."""

        message: ChatMessage
        step: int

    def __init__(self, *, copy_text: str, references: Sequence[Mapping[str, Any]] = (), classes: str = "") -> None:
        super().__init__(classes=classes)
        self.copy_text = copy_text
        self.references: tuple[Mapping[str, Any], ...] = tuple(references)
        self.kind_classes = classes

    def clone(self) -> ChatMessage:
        """A fresh, unmounted copy: folded-away messages are re-created from it when shown again."""
        raise NotImplementedError

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.copy_text)
        self.notify("Message copied to the clipboard.", timeout=2)

    def action_previous(self) -> None:
        self.post_message(self.Move(self, -1))

    def action_next(self) -> None:
        self.post_message(self.Move(self, +1))

    def action_leave(self) -> None:
        self.post_message(self.Move(self, 0))


class TextMessage(ChatMessage):
    """A user turn or a short assistant note (question, info, error): one `Content`, no children."""

    def __init__(
        self,
        content: Content,
        *,
        copy_text: str,
        references: Sequence[Mapping[str, Any]] = (),
        classes: str = "",
    ) -> None:
        super().__init__(copy_text=copy_text, references=references, classes=classes)
        self.content = content

    def render(self) -> Content:
        return self.content

    def clone(self) -> TextMessage:
        return TextMessage(self.content, copy_text=self.copy_text, references=self.references,
                           classes=self.kind_classes)


def user_message(text: str) -> TextMessage:
    return TextMessage(
        Content.assemble(("You  ", "bold $text-primary"), literal(text)), copy_text=text, classes="-user"
    )


def note_message(kind: str, text: str, references: Sequence[Mapping[str, Any]] = ()) -> TextMessage:
    label = {"error": "! ", "question": "? "}.get(kind, "")
    content = Content.assemble((label, "bold"), literal(text)) if label else literal(text)
    return TextMessage(content, copy_text=text, references=references, classes=f"-{kind}")


@dataclass(frozen=True)
class Grade:
    """A plan's grade: the headline ('ASTCT grade 3'), the number if any, the status, the basis."""

    headline: str
    grade: int | None
    status: str
    basis: tuple[str, ...]


class GradeBadge(Static):
    """'ASTCT grade N' on a colour that says how severe."""

    def __init__(self, grade: Grade) -> None:
        level = f"-grade-{grade.grade}" if grade.grade is not None else f"-grade-{grade.status or 'unknown'}"
        super().__init__(Content(f" {inert(grade.headline)} "), classes=level)


class GradeBasis(Static):
    """The rules that set the grade, one per line, under the badge."""

    def __init__(self, basis: Sequence[str]) -> None:
        super().__init__(Content("\n").join(literal(f"- {b}") for b in basis))


class AnswerMessage(ChatMessage):
    """An assistant answer or plan, rendered as Markdown (the plan with its grade badge first)."""

    DEFAULT_CSS = """
    AnswerMessage { layout: vertical; }
    """

    def __init__(
        self,
        markdown: str,
        *,
        copy_text: str,
        references: Sequence[Mapping[str, Any]] = (),
        grade: Grade | None = None,
        classes: str = "",
    ) -> None:
        super().__init__(copy_text=copy_text, references=references, classes=classes)
        self._markdown = markdown
        self.grade = grade

    def clone(self) -> AnswerMessage:
        return AnswerMessage(self._markdown, copy_text=self.copy_text, references=self.references, grade=self.grade,
                             classes=self.kind_classes)

    def compose(self) -> ComposeResult:
        if self.grade is not None:
            yield GradeBadge(self.grade)
            if self.grade.basis:
                yield GradeBasis(self.grade.basis)
        if self._markdown:
            # One widget per answer: Rich renders the Markdown into this Static. Textual's Markdown
            # widget mounts a widget per block (dozens per plan), which made every later frame lay
            # out thousands of widgets once the conversation was long.
            from rich.markdown import Markdown  # imported with the first answer, not at startup

            yield Static(Markdown(self._markdown, hyperlinks=False), classes="answer-body")


def answer_message(text: str, references: Sequence[Mapping[str, Any]] = ()) -> AnswerMessage:
    return AnswerMessage(answer_markdown(text), copy_text=text, references=references, classes="-answer")


def plan_message(text: str, data: Mapping[str, Any], *, teaching: bool) -> AnswerMessage:
    headline = text.split("\n", 1)[0]
    grade = data.get("grade")
    return AnswerMessage(
        plan_markdown(text, data, teaching=teaching),
        copy_text=text,
        references=list(data.get("references") or ()),
        grade=Grade(headline, grade if isinstance(grade, int) else None, str(data.get("grade_status", "")),
                    grade_basis(data)),
        classes="-plan",
    )
