"""A plan reply drawn as blocks, straight from the engine's structured plan.

The layout is the one a Markdown plan would have (a bold heading, a numbered list with bold
labels and reference markers, the dose in bold, evidence notes in italics, then what is assumed
and still to ask), built from the plan's fields rather than written out as Markdown and parsed
back: parsing a plan cost ~2 ms of the frame it arrived in. Every field is taken literally
(`Content` is never markup), so nothing in a statement can change the structure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from textual.content import Content

from assistant.tui.widgets.markdown_view import Block
from dialogs.safe_text import inert

BOLD, ITALIC = "bold", "italic"


def _tags(refs: Sequence[str]) -> Content:
    return Content(" ").join(Content.styled(f"[{inert(r)}]", BOLD) for r in refs)


def _item(n: int, item: Mapping[str, Any], teaching: bool, *, folded: bool = False) -> Block:
    """A numbered item: bold label, severity, reference markers; then (unless folded) its text;
    its dose for this patient; evidence notes for trainees and for escalation options."""
    parts: list[Content | tuple[str, str] | str] = [(inert(str(item.get("label", ""))), BOLD)]
    severity = item.get("severity")
    if severity and severity != "info":
        parts.append(f" · {inert(str(severity))}")
    refs = item.get("refs") or ()
    if refs:
        parts += [" ", _tags([str(r) for r in refs])]
    if not folded:
        parts += ["\n", inert(str(item.get("text", "")))]
    if item.get("dose"):
        parts += ["\n", ("Dose:", BOLD), f" {inert(str(item['dose']))}"]
    if not folded and (teaching or item.get("section") == "if-no-improvement"):
        for note in item.get("evidence") or ():
            parts += ["\n", Content.styled(f"Evidence: {inert(str(note))}", ITALIC)]
    first = f"{n}. "
    return Block(Content.assemble(*parts), Content(first), len(first), gap=not folded)


def sections_of(data: Mapping[str, Any]) -> list[tuple[str, str, list[Mapping[str, Any]]]]:
    """(id, title, items) per section; a plan without sections (older data) is one 'Plan' section."""
    sections = data.get("sections")
    if isinstance(sections, list) and sections:
        return [(str(s.get("id", "")), str(s.get("title", "")), list(s.get("items") or ())) for s in sections]
    items = list(data.get("plan") or [])
    return [("now", "Plan", items)] if items else []


FOLD_HINT = "Enter or click: every section, the grade basis and each item's details. F2 or 'plan': this plan again."
UNFOLD_HINT = "Enter or click folds the plan back to Now. F2 or 'plan' shows the current plan again."


def plan_blocks(text: str, data: Mapping[str, Any], *, teaching: bool, folded: bool = False) -> list[Block]:
    """The plan part of a plan reply (the grade and its basis are drawn as a badge above it).

    Folded (how a plan arrives): the Now section's items, one line each with their dose, then one
    line per other section saying what it holds; so Now fits on a 80x24 screen. Unfolded: every
    section with each item's text and evidence."""
    from knowledge.slot_registry import label

    blocks: list[Block] = []
    course = [str(line) for line in data.get("course") or ()]
    if course:  # the episode: each assessment point and what was given when, against the caps
        blocks.append(Block(Content.styled("Course", f"{BOLD} underline")))
        blocks += [Block(Content(inert(line)), Content("  "), 2, gap=False) for line in course]
    sections = sections_of(data)
    numbers = iter(range(1, 10_000))
    for section, title, items in sections:
        if folded and section != "now":
            count = f"{len(items)} item{'s' if len(items) != 1 else ''}"
            names = ", ".join(inert(str(i.get("label", ""))) for i in items)
            blocks.append(Block(Content.assemble((inert(title), BOLD), f" ({count}): {names}"),
                                Content.styled("▸ ", BOLD), 2, gap=False))
            for _ in items:
                next(numbers)
            continue
        blocks.append(Block(Content.styled(inert(title), f"{BOLD} underline")))
        blocks += [_item(next(numbers), item, teaching, folded=folded) for item in items]
    bracket = [b for b in data.get("bracket") or () if isinstance(b, Mapping)]
    if bracket:
        from dialogs.render import BRACKET_NOTE

        blocks.append(Block(Content.styled(BRACKET_NOTE, ITALIC)))
        for candidate in bracket:
            items = list(candidate.get("items") or ())
            title = f"If you grade it as grade {inert(str(candidate.get('grade')))}"
            if folded:
                names = ", ".join(inert(str(i.get("label", ""))) for i in items) or "nothing to add"
                blocks.append(Block(Content.assemble((title, BOLD), f": {names}"), Content.styled("▸ ", BOLD), 2,
                                    gap=False))
                continue
            heading = title + (", add" if items else ": nothing to add")
            blocks.append(Block(Content.styled(heading, f"{BOLD} underline")))
            blocks += [_item(int(i.get("n") or 0), i, teaching) for i in items]
    assumed = data.get("assumed") or {}
    if assumed:
        shown = ", ".join(f"{label(k)} = {v}" for k, v in assumed.items())
        blocks.append(Block(Content.assemble(("Assumed until answered:", ITALIC), f" {inert(shown)}.")))
    missing = data.get("missing") or []
    if missing and not folded:
        asked = ", ".join(label(s) for s in missing)
        blocks.append(Block(Content.assemble(("Still to ask:", ITALIC), f" {inert(asked)}.")))
    _, found, unknown = text.partition("\n\nAnswered 'unknown': ")
    if found and not folded:
        blocks.append(Block(Content.assemble(("Answered 'unknown':", ITALIC), f" {inert(unknown.strip())}")))
    refs = [str(r.get("tag")) for r in data.get("references") or () if r.get("tag")]
    if refs and not folded:
        blocks.append(Block(Content.assemble("References: ", _tags(refs), " (focus this message to read them)")))
    if sections:
        blocks.append(Block(Content.styled(FOLD_HINT if folded else UNFOLD_HINT, "dim")))
    return blocks
