"""Assistant answers and plans: one widget each, drawn as `Blocks`.

An answer is its Markdown (built by `markdown_text`, parsed by `markdown_view`); a plan is the
same kind of blocks built from the plan's fields (`plan_view`), below a badge with the grade.
Loaded with the first answer or plan, not at start-up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content, Span
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions
from textual.widget import Widget

from assistant.tui.widgets.markdown_text import REF_TAG, answer_markdown, grade_basis
from assistant.tui.widgets.markdown_view import Block, Blocks, markdown_blocks
from assistant.tui.widgets.messages import MARKER_STYLE, ChatMessage, literal
from assistant.tui.widgets.plan_view import plan_blocks
from dialogs.safe_text import inert

LINE_CHUNK = 32  # lines of an answer drawn together


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

    def min_lines(self, width: int) -> int:
        return self.visual.min_lines(width)

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


class PlanMessage(AnswerMessage):
    """A plan: it arrives folded (the badge, the Now section with each dose, one line per other
    section) so that Now fits on a 80x24 screen; Enter, Space or a click unfolds every section,
    the grade basis and each item's details, and folds it back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "toggle_sections", "All sections", id="plan_toggle",
                tooltip="Show or fold the plan's other sections, the grade basis and each item's details"),
    ]

    def __init__(self, text: str, data: Mapping[str, Any], *, teaching: bool, folded: bool = True) -> None:
        self.text, self.data, self.teaching = text, data, teaching
        headline = text.split("\n", 1)[0]
        raw = data.get("grade")
        grade = Grade(headline, raw if isinstance(raw, int) else None, str(data.get("grade_status", "")),
                      grade_basis(data))
        self.folded = folded
        self.full_grade = grade
        super().__init__(plan_blocks(text, data, teaching=teaching, folded=folded), copy_text=text,
                         references=list(data.get("references") or ()), grade=grade, classes="-plan")

    def _blocks(self, body: Sequence[Block]) -> list[Block]:
        """The badge, the plan, then (unfolded) the grade's basis: the actions come first."""
        grade = self.full_grade
        badge = badge_blocks(replace(grade, basis=()))
        marked = [replace(b, body=mark_tags(b.body)) for b in body]
        if marked:
            marked[0] = replace(marked[0], gap=True)
        basis: list[Block] = []
        if not self.folded and grade.basis:
            basis = [Block(Content.styled("Grade basis", "bold underline"))]
            basis += badge_blocks(grade)[1:]
        return badge + marked + basis

    def action_toggle_sections(self) -> None:
        self.folded = not self.folded
        self.visual = Blocks(self._blocks(plan_blocks(self.text, self.data, teaching=self.teaching,
                                                      folded=self.folded)))
        self._line_key, self._line_strips = None, {}
        self.refresh(layout=True)
        self._show_top()

    def on_click(self) -> None:
        self.action_toggle_sections()

    def on_focus(self) -> None:
        if isinstance(self.parent, Widget):
            self.parent.release_anchor()  # the screen then brings the plan's top into view

    def _show_top(self) -> None:
        """Bring the plan's top (the grade and Now) into view, not its last lines."""
        if isinstance(self.parent, Widget):
            self.parent.release_anchor()  # stay on this plan rather than follow the newest message
        self.call_after_refresh(self.scroll_visible, top=True, animate=False)

    def clone(self) -> PlanMessage:
        return PlanMessage(self.text, self.data, teaching=self.teaching, folded=self.folded)


def plan_message(text: str, data: Mapping[str, Any], *, teaching: bool) -> PlanMessage:
    return PlanMessage(text, data, teaching=teaching)
