"""Conversation messages: focusable, movable with the keyboard, copyable.

User text and short assistant notes are single `Content` renders; answers and plans are in
`answers` (loaded with the first of them, not at start-up). Every message is one widget. No text
from a reply or from the user is ever parsed as markup: it is made inert (control characters
shown, not run) and wrapped in `Content`, which takes text literally.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content, Span
from textual.message import Message
from textual.widget import Widget

from assistant.tui.widgets.markdown_text import REF_TAG
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

    def min_lines(self, width: int) -> int:
        """Lines it takes at least, before it is laid out, where it is drawn at most `width` wide."""
        return 1

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

    def min_lines(self, width: int) -> int:
        return len(self.content.wrap(width)) or 1

    def clone(self) -> TextMessage:
        return TextMessage(self.content, copy_text=self.copy_text, references=self.references,
                           classes=self.kind_classes)


def user_message(text: str) -> TextMessage:
    return TextMessage(
        Content.assemble(("You  ", "bold $text-primary"), literal(text)), copy_text=text, classes="-user"
    )


NOTE_STYLES = {"info": "dim", "question": "bold", "error": "$text-error"}
NOTE_LABELS = {"error": "! ", "question": "? "}


def note_message(notes: Sequence[tuple[str, str]], references: Sequence[Mapping[str, Any]] = ()) -> TextMessage:
    """One assistant turn's short notes, e.g. 'I read: ...', 'ASTCT grade so far: 3.' and the next
    question, as paragraphs of a single widget (one widget per turn keeps each reply within a frame).
    `notes` are (kind, text) pairs: kind info, question or error."""
    paragraphs = [
        Content.assemble((NOTE_LABELS.get(kind, ""), "bold"), literal(text)).stylize_before(NOTE_STYLES.get(kind, ""))
        for kind, text in notes
    ]
    kinds = {kind for kind, _ in notes}
    main = "error" if "error" in kinds else "question" if "question" in kinds else "info"
    return TextMessage(Content("\n\n").join(paragraphs), copy_text="\n\n".join(text for _, text in notes),
                       references=references, classes=f"-note -{main}")
