"""Whatever a user typed comes out inert in every export format: shown, never run or interpreted."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from assistant.export import FORMATS, export_formats
from assistant.store.records import LoggedEvent, SessionMeta
from dialogs.state import Event

HOSTILE = (
    "<script>alert('x')</script>",
    "</pre></div><img src=x onerror=alert(1)>",
    "**bold** _it_ `code` [link](http://evil.example) ![img](http://evil.example/x.png) <http://evil.example>",
    "# Heading\n- item\n> quote\n    indented code\n| a | b |\n|---|---|",
    "```\nbreaking out of the fence\n````",
    "[bold red]rich[/bold red] [link=http://evil.example]click[/link]",
    "\x1b[2J\x1b[31mred\x1b]8;;http://evil.example\x07link\x1b]8;;\x07 csi\x9b31m",
    "NUL\x00 BEL\x07 BS\x08 CR\r VT\x0b DEL\x7f",
    "\u202egnp.exe \u2066isolate\u2069 line\u2028separator \ufeffbom",
    "&lt;entity&gt; &#x3C;script&#x3E; &amp;",
    "/<script>alert(1)</script>",
    "{{ 7*7 }} {% raw %} ${7*7}",
)
# What must never reach an output: C0 controls but newline and tab, DEL, C1, bidi and separators.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
HTML_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "dl", "dt", "dd", "p", "main",
             "section", "h2", "h3", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "ol", "strong",
             "span", "div", "pre", "footer"}

Session = tuple[list[LoggedEvent], SessionMeta]


@pytest.fixture(scope="module")
def exports() -> dict[str, str]:
    events = [LoggedEvent(Event("text", text), f"2026-03-14T09:27:{n:02d}.000Z") for n, text in enumerate(HOSTILE)]
    events.append(LoggedEvent(Event("persona", "<b>trainee</b>\x1b[0m"), "2026-03-14T09:28:00.000Z"))
    # metadata can come from an imported file, so it is hostile too
    meta = SessionMeta("0123456789abcdef0123456789abcdef", "<i>2026</i>\x07", "0.1.0\x1b[31m",
                       "<script>kb</script>", "clinician")
    return dict(export_formats(events, meta))


class TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_control_bidi_or_separator_character_reaches_any_format(exports: dict[str, str], fmt: str) -> None:
    found = FORBIDDEN.findall(exports[fmt])
    assert found == [], f"{fmt}: {found!r}"


def test_html_has_only_its_own_tags_and_shows_user_markup_as_text(exports: dict[str, str]) -> None:
    parser = TagCollector()
    parser.feed(exports["html"])
    names = {tag for tag, _ in parser.tags}
    assert names <= HTML_TAGS, names - HTML_TAGS
    assert [tag for tag, _ in parser.tags].count("style") == 1
    for tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert "evil.example" not in (value or ""), (tag, name, value)
    shown = "".join(parser.text)
    assert "<script>alert('x')</script>" in shown
    assert "</pre></div><img src=x onerror=alert(1)>" in shown
    assert "[bold red]rich[/bold red]" in shown
    assert "{{ 7*7 }} {% raw %}" in shown and "49" not in shown  # values are never templates
    assert "<script>kb</script>" in shown  # hostile metadata, escaped


def test_markdown_has_no_html_links_or_images_and_keeps_user_text_in_fences(exports: dict[str, str]) -> None:
    md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    tokens = md.parse(exports["md"])
    flat = [t for tok in tokens for t in [tok, *(tok.children or [])]]
    kinds = {t.type for t in flat}
    assert not kinds & {"html_inline", "html_block", "link_open", "image"}, kinds
    fenced = "\n".join(t.content for t in flat if t.type == "fence")
    for text in HOSTILE:
        first_line = text.split("\n")[0]
        if not FORBIDDEN.search(first_line):
            assert first_line in fenced, first_line
    assert "\\x1b[2J" in fenced  # escapes shown, not sent
    assert "breaking out of the fence" in fenced
    headings = [t for t in flat if t.type == "heading_open"]
    titles = [flat[flat.index(h) + 1].content for h in headings]
    assert "Heading" not in titles


def test_markdown_escapes_hostile_metadata(exports: dict[str, str]) -> None:
    rendered = MarkdownIt("commonmark").render(exports["md"])
    assert "<script>" not in rendered and "<i>" not in rendered
    assert "&lt;script&gt;kb&lt;/script&gt;" in rendered


def test_json_keeps_every_character_exactly_but_escaped(exports: dict[str, str]) -> None:
    document = json.loads(exports["json"])
    texts = [e["text"] for e in document["events"]]
    assert texts[: len(HOSTILE)] == list(HOSTILE)
    assert "\\u001b[2J" in exports["json"] and "\\u202e" in exports["json"] and "\\u009b" in exports["json"]


def test_text_note_is_plain_and_narrow(exports: dict[str, str]) -> None:
    note = exports["txt"]
    assert all(len(line) <= 80 for line in note.splitlines())
    # hostile metadata (from an imported file) is printed as escapes, never sent to a terminal
    assert "<i>2026</i>\\x07" in note and "<script>kb</script>" in note


@pytest.mark.parametrize("make", [lambda t: Event("text", t), lambda t: Event("persona", t)])
def test_every_single_hostile_line_alone_stays_inert(make: Callable[[str], Event]) -> None:
    meta = SessionMeta("0123456789abcdef0123456789abcdef", "2026-03-14T09:26:53.000Z", "0.1.0", "kb", "clinician")
    for text in HOSTILE:
        for fmt, out in export_formats([make(text)], meta).items():
            assert not FORBIDDEN.search(out), (fmt, text)
