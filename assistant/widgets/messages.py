"""Conversation messages: focusable, movable with the keyboard, copyable.

User text and short assistant notes are single `Content` renders; assistant answers are their
Markdown drawn as `Blocks` (see `markdown_view`), plans the same blocks built from the plan's
fields (`plan_view`). Every message is one widget. No text
from a reply or from the user is ever parsed as markup: it is made inert (control characters
shown, not run) and wrapped in `Content`, which takes text literally.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content, Span
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions
from textual.widget import Widget

from assistant.widgets.markdown_text import REF_TAG, answer_markdown, grade_basis
from assistant.widgets.markdown_view import Block, Blocks, markdown_blocks
from assistant.widgets.plan_view import plan_blocks
from dialogs.safe_text import inert

MARKER_STYLE = "bold $text-accent"
LINE_CHUNK = 32  # lines of an answer drawn together


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


@dataclass(frozen=True)
class Grade:
    """A plan's grade: the headline ('ASTCT grade 3'), the number if any, the status, the basis."""

    headline: str
    grade: int | None
    status: str
    basis: tuple[str, ...]


GRADE_STYLES = {
    1: "$text-success on $success-muted",
    2: "$text-warning on $warning-muted",
    3: "$text-error on $error-muted",
    4: "$text-error on $error-muted",
}


def mark_tags(content: Content) -> Content:
    """Reference tags such as [LEE2019] highlighted as markers."""
    spans = [Span(m.start(), m.end(), MARKER_STYLE) for m in REF_TAG.finditer(content.plain)]
    return content.add_spans(spans) if spans else content


def badge_blocks(grade: Grade) -> list[Block]:
    """'ASTCT grade N' on a colour that says how severe, with the rules that set it below."""
    style = GRADE_STYLES.get(grade.grade, "$text on $panel") if grade.grade is not None else "$text on $panel"
    blocks = [Block(Content.styled(f" {inert(grade.headline)} ", f"bold {style}"), gap=False)]
    blocks += [Block(literal(b).stylize_before("dim"), Content("- "), 2, gap=False) for b in grade.basis]
    return blocks


class AnswerMessage(ChatMessage):
    """An assistant answer or plan drawn as one `Blocks` visual, the plan's grade badge first.
    One widget, no children: cheap to mount and to lay out in a long consult."""

    def __init__(
        self,
        body: Sequence[Block],
        *,
        copy_text: str,
        references: Sequence[Mapping[str, Any]] = (),
        grade: Grade | None = None,
        classes: str = "",
        visual: Blocks | None = None,
    ) -> None:
        level = "" if grade is None else f" -grade-{grade.status or 'unknown' if grade.grade is None else grade.grade}"
        super().__init__(copy_text=copy_text, references=references, classes=classes + level)
        self.kind_classes = classes
        self.grade = grade
        self.visual = visual if visual is not None else Blocks(self._blocks(body))
        self._line_key: tuple[int, Style] | None = None
        self._line_strips: dict[int, Strip] = {}

    def _blocks(self, body: Sequence[Block]) -> list[Block]:
        blocks = badge_blocks(self.grade) if self.grade is not None else []
        marked = [replace(b, body=mark_tags(b.body)) for b in body]
        if blocks and marked:
            marked[0] = replace(marked[0], gap=True)
        return blocks + marked

    def render(self) -> Blocks:
        return self.visual

    def render_line(self, y: int) -> Strip:
        """Lines are drawn when first shown, a chunk at a time: a plan is often taller than the
        screen. They are already wrapped (`Blocks.wrapped`), so they are drawn without wrapping
        again; each chunk is cached until the width or the look (focus) changes."""
        width = self.size.width
        style = self.visual_style
        if self._line_key != (width, style):
            self._line_key, self._line_strips = (width, style), {}
        strip = self._line_strips.get(y)
        if strip is None:
            lines = self.visual.wrapped(width)
            start = y - y % LINE_CHUNK
            chunk = lines[start : start + LINE_CHUNK]
            if not 0 <= y < len(lines):
                return Strip.blank(width, style.rich_style)
            options = RenderOptions(self._get_style, {"text_wrap": "nowrap", "text_overflow": "clip"})
            strips = Content("\n").join(chunk).render_strips(width, len(chunk), style, options)
            pad = style.rich_style
            for offset, drawn in enumerate(strips):
                self._line_strips[start + offset] = drawn.extend_cell_length(width, pad)
            strip = self._line_strips[y]
        return strip

    def clone(self) -> AnswerMessage:
        return AnswerMessage((), copy_text=self.copy_text, references=self.references, grade=self.grade,
                             classes=self.kind_classes, visual=self.visual)


def answer_message(text: str, references: Sequence[Mapping[str, Any]] = ()) -> AnswerMessage:
    return AnswerMessage(markdown_blocks(answer_markdown(text)), copy_text=text, references=references,
                         classes="-answer")


def plan_message(text: str, data: Mapping[str, Any], *, teaching: bool) -> AnswerMessage:
    headline = text.split("\n", 1)[0]
    grade = data.get("grade")
    return AnswerMessage(
        plan_blocks(text, data, teaching=teaching),
        copy_text=text,
        references=list(data.get("references") or ()),
        grade=Grade(headline, grade if isinstance(grade, int) else None, str(data.get("grade_status", "")),
                    grade_basis(data)),
        classes="-plan",
    )
