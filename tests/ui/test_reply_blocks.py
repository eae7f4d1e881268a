"""Specifications of how answers and plans are laid out as blocks (no app needed).

Answers go through Markdown (`markdown_text` builds it, `markdown_view` parses it); plans are
built from their fields (`plan_view`). Either way every character of a reply shows as typed.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.content import Content

from assistant.tui.widgets.markdown_text import answer_markdown
from assistant.tui.widgets.markdown_view import Block, Blocks, markdown_blocks
from assistant.tui.widgets.plan_view import plan_blocks
from dialogs.safe_text import inert

PLAN = {
    "plan": [
        {"label": "Tocilizumab", "text": "Give tocilizumab [ASCO].", "refs": ["ASCO", "NCCN"], "severity": "critical",
         "dose": "8 mg/kg IV", "evidence": ["Strong."]},
        {"label": "Watch *this* [x](y)", "text": "# not a heading\n- not a list", "refs": [], "severity": "info"},
    ],
    "assumed": {"steroids": "full"},
    "missing": ["weight_kg"],
    "references": [{"tag": "ASCO"}, {"tag": "NCCN"}],
}


def shown(blocks: list[Block], width: int = 80) -> str:
    return "\n".join(line.plain for line in Blocks(blocks).wrapped(width))


def words(text: str) -> list[str]:
    return text.split()


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=200).filter(lambda t: t.strip()))
def test_an_answer_line_shows_exactly_as_typed(text: str) -> None:
    """Markdown punctuation, HTML, links and control characters in a reply never turn into
    structure: the words drawn are the reply's words (control characters made visible)."""
    line = " ".join(text.split())
    drawn = shown(markdown_blocks(answer_markdown(line)), width=1000)
    assert words(drawn) == words(inert(line))


def test_answer_paragraphs_are_separated_and_evidence_is_italic() -> None:
    blocks = markdown_blocks(answer_markdown("First statement [ASCO].\nEvidence: weak, one cohort."))
    assert [b.body.plain for b in blocks] == ["First statement [ASCO].", "Evidence: weak, one cohort."]
    assert blocks[1].gap, "a blank line between paragraphs"
    assert any(span.style == "italic" for span in blocks[1].body.spans)


def test_markdown_lists_hang_their_continuation_lines() -> None:
    blocks = markdown_blocks("Intro\n\n1. first item that is long enough to wrap around\n2. second")
    assert [b.first.plain for b in blocks] == ["", "1. ", "2. "]
    assert [b.indent for b in blocks] == [0, 3, 3]
    lines = Blocks(blocks).wrapped(20)
    assert lines[2].plain.startswith("1. first")
    assert lines[3].plain.startswith("   "), "wrapped lines start under the text, not the number"
    assert all(line.cell_length <= 20 for line in lines)


def test_a_plan_is_numbered_items_with_bold_labels_doses_and_references() -> None:
    blocks = plan_blocks("ASTCT grade 3", PLAN, teaching=True)
    text = shown(blocks, width=200)
    assert text.splitlines()[0] == "Plan"
    assert "1. Tocilizumab · critical [ASCO] [NCCN]" in text
    assert "Dose: 8 mg/kg IV" in text
    assert "Evidence: Strong." in text
    assert "Assumed until answered:" in text and "Still to ask:" in text
    assert "References: [ASCO] [NCCN] (focus this message to read them)" in text
    assert text.rstrip().endswith("shows the current plan again."), "the last line says how to fold and recall it"
    first = blocks[1].body
    assert any(span.style == "bold" and first.plain[span.start:span.end] == "Tocilizumab" for span in first.spans)


def test_a_folded_plan_shows_now_with_doses_and_one_line_per_other_section() -> None:
    data = {**PLAN, "sections": [
        {"id": "now", "title": "Now", "items": [PLAN["plan"][0]]},
        {"id": "monitor", "title": "Monitor and support", "items": PLAN["plan"][1:]},
    ]}
    text = shown(plan_blocks("ASTCT grade 3", data, teaching=False, folded=True), width=200)
    assert text.splitlines()[0] == "Now"
    assert "1. Tocilizumab · critical [ASCO] [NCCN]" in text and "Dose: 8 mg/kg IV" in text
    assert "▸ Monitor and support (1 item)" in text
    assert PLAN["plan"][0]["text"] not in text, "folded: the item's text waits for Enter"


def test_a_plan_takes_its_fields_literally() -> None:
    """Markdown or markup inside a statement is text: the item still reads as typed."""
    text = shown(plan_blocks("x", PLAN, teaching=False), width=200)
    assert "2. Watch *this* [x](y)" in text
    assert "# not a heading" in text and "- not a list" in text
    assert "Evidence:" not in text, "evidence notes are for trainees"


def test_wrapped_lines_never_exceed_the_width() -> None:
    blocks = plan_blocks("x", PLAN, teaching=True)
    for width in (20, 37, 60, 119):
        assert all(line.cell_length <= width for line in Blocks(blocks).wrapped(width))


def test_blocks_height_is_the_number_of_wrapped_lines() -> None:
    visual = Blocks([Block(Content("a " * 50)), Block(Content("b"), gap=True)])
    assert visual.get_height({}, 10) == len(visual.wrapped(10))
    assert re.fullmatch(r"(a ?)+", visual.wrapped(10)[0].plain.strip())


def test_html_entities_in_an_answer_stay_as_typed() -> None:
    """'&rlm;' must not become an invisible direction mark, nor '&NewLine;' a line break."""
    line = "AT&amp;T &rlm; &NewLine; &#x202E; done"
    assert shown(markdown_blocks(answer_markdown(line)), width=200) == line


def test_a_nested_tight_list_has_no_blank_lines() -> None:
    blocks = markdown_blocks("Intro\n\n- a\n  - b\n- c")
    assert [b.gap for b in blocks] == [False, True, False, False]
    assert [b.first.plain for b in blocks] == ["", "• ", "  • ", "• "]
