"""Markdown drawn as Textual `Content`: parsed by markdown-it, laid out as indented blocks.

Follow-up answers are Markdown (built in `markdown_text`). Rich's `Markdown` renderable drew
them, but Textual measures a Rich renderable by rendering it whole and then renders it again to
paint it: a plan cost ~10 ms of every frame it arrived in. Here the Markdown is parsed once, when
the message is built, into blocks of styled `Content` (paragraphs, list items with hanging
indents, headings, quotes, code); wrapping them at a width is all a layout costs, and it is
cached per width. Plans use the same blocks, built from their fields (`plan_view`).

Text is never markup here: `Content` takes it literally, raw HTML shows as typed (`html` off),
and links show their text only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from textual.content import Content, Span
from textual.visual import Visual

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
    from textual.css.styles import RulesMap
    from textual.strip import Strip
    from textual.style import Style
    from textual.visual import RenderOptions

INLINE_STYLES = {"strong": "bold", "em": "italic", "s": "strike"}
CODE_STYLE = "$text-accent"
HEADING_STYLE = "bold underline"
QUOTE_PREFIX = "▌ "


@dataclass(frozen=True)
class Block:
    """A paragraph-like run of text: `first` prefixes its first line (a list number, a quote bar),
    `indent` cells start every other line; `gap` puts a blank line before it."""

    body: Content
    first: Content = field(default_factory=Content)
    indent: int = 0
    gap: bool = True


class Blocks(Visual):
    """Blocks wrapped to the width they are drawn at; the wrapped lines are cached per width."""

    def __init__(self, blocks: Sequence[Block]) -> None:
        self.blocks = tuple(blocks)
        self._wrapped: tuple[int, list[Content]] | None = None

    def min_lines(self, width: int) -> int:
        """Lines at least where drawn at most `width` wide (narrower wraps to more; not cached)."""
        return sum(len(block.body.wrap(max(1, width - block.indent))) or 1 for block in self.blocks) + sum(
            1 for n, block in enumerate(self.blocks) if block.gap and n)

    def wrapped(self, width: int) -> list[Content]:
        """The blocks as lines, none wider than `width`."""
        if self._wrapped is not None and self._wrapped[0] == width:
            return self._wrapped[1]
        out: list[Content] = []
        for n, block in enumerate(self.blocks):
            if block.gap and n:
                out.append(Content())
            room = max(1, width - block.indent)
            lines = block.body.wrap(room) or [Content()]
            out.append(block.first + lines[0])
            out += [Content(" " * block.indent) + line for line in lines[1:]]
        self._wrapped = (width, out)
        return out

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max((b.indent + b.body.get_optimal_width(rules, container_width) for b in self.blocks), default=0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.wrapped(width)) if self.blocks else 0

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        lines = self.wrapped(width)[:height] if height is not None else self.wrapped(width)
        return Content("\n").join(lines).render_strips(width, height, style, options)


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # loaded with the first answer, not at startup

    return MarkdownIt("commonmark", {"html": False})


def inline_content(children: Sequence[Token]) -> Content:
    """An inline token run as styled text: emphasis and strong as styles, breaks as newlines."""
    text: list[str] = []
    spans: list[Span] = []
    open_at: list[tuple[str, int]] = []
    for token in children:
        kind = token.type
        if kind in ("text", "html_inline"):
            text.append(token.content)
        elif kind == "code_inline":
            start = sum(map(len, text))
            text.append(token.content)
            spans.append(Span(start, start + len(token.content), CODE_STYLE))
        elif kind == "softbreak":
            text.append(" ")
        elif kind == "hardbreak":
            text.append("\n")
        elif kind == "image":
            text.append(token.content)
        elif kind.endswith("_open") and kind[:-5] in INLINE_STYLES:
            open_at.append((INLINE_STYLES[kind[:-5]], sum(map(len, text))))
        elif kind.endswith("_close") and kind[:-6] in INLINE_STYLES and open_at:
            style, start = open_at.pop()
            spans.append(Span(start, sum(map(len, text)), style))
        # link_open / link_close: the link's text shows, its target does not
    return Content("".join(text), spans)


def markdown_blocks(source: str) -> list[Block]:
    """Parse Markdown into blocks (see `Block`)."""
    blocks: list[Block] = []
    lists: list[dict[str, Any]] = []  # open lists, innermost last: ordered?, next number
    prefixes: list[str] = []  # what each open container puts before its first line
    pending: list[str | None] = []  # the first-line prefix not yet used, per container
    style = ""

    def add(body: Content, *, gap: bool) -> None:
        first = "".join(p if p is not None else " " * len(q) for p, q in zip(pending, prefixes, strict=True))
        for i, p in enumerate(pending):
            if p is not None and not p.startswith(QUOTE_PREFIX):
                pending[i] = None
        indent = sum(len(p) for p in prefixes)
        body = body.stylize_before(style) if style else body
        blocks.append(Block(body, Content(first), indent, gap and bool(blocks)))

    tokens = _parser().parse(source)
    for i, token in enumerate(tokens):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = token.attrGet("start")
            lists.append({"ordered": kind == "ordered_list_open", "next": int(start) if start else 1, "first": True})
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            current = lists[-1]
            marker = f"{current['next']}. " if current["ordered"] else "• "
            current["next"] += 1
            prefixes.append(marker)
            pending.append(marker)
        elif kind == "blockquote_open":
            prefixes.append(QUOTE_PREFIX)
            pending.append(QUOTE_PREFIX)
        elif kind in ("list_item_close", "blockquote_close"):
            prefixes.pop()
            pending.pop()
        elif kind == "heading_open":
            style = HEADING_STYLE
        elif kind == "heading_close":
            style = ""
        elif kind == "inline":
            tight = i > 0 and tokens[i - 1].hidden  # a paragraph of a tight list: no blank line before it
            # a top-level list's first item keeps the blank line after the paragraph before it
            opens_list = len(lists) == 1 and lists[0]["first"]
            if lists:
                lists[-1]["first"] = False
            add(inline_content(token.children or ()), gap=not tight or opens_list)
        elif kind in ("fence", "code_block"):
            add(Content.styled(token.content.rstrip("\n"), CODE_STYLE), gap=True)
        elif kind == "hr":
            add(Content.styled("───", "dim"), gap=True)
    return blocks
