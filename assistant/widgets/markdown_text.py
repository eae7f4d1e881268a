"""Engine replies as Markdown source for the conversation. Pure functions, no Textual.

Everything taken from a reply is escaped, so only the structure built here is Markdown: a
stray `*`, `[link](url)` or `#` in a reply shows as typed. Reference tags such as `[LEE2019]`
become bold markers so they stand out (bold, not inline code: Rich draws code on black, which
breaks light themes).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from dialogs.safe_text import inert

REF_TAG = re.compile(r"\[([A-Z][A-Z0-9]*)\]")
_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~])")


def escape(text: str) -> str:
    """Backslash-escape every Markdown punctuation character (CommonMark allows it for all)."""
    return _PUNCTUATION.sub(r"\\\1", inert(text))


def tag_markers(text: str) -> str:
    """Escaped text in which each reference tag is a bold marker, e.g. **[LEE2019]**."""
    out: list[str] = []
    last = 0
    for match in REF_TAG.finditer(text):
        between = text[last : match.start()]
        if not between and out:
            between = " "  # adjacent tags: '**[A]** **[B]**', never '**[A]****[B]**'
        out.append(escape(between))
        out.append(marker(match.group(1)))
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def tags_in(text: str) -> tuple[str, ...]:
    """Reference tags in the order they first appear."""
    return tuple(dict.fromkeys(REF_TAG.findall(text)))


def answer_markdown(text: str) -> str:
    """A follow-up answer: one paragraph per statement; evidence notes in italics."""
    blocks: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        evidence = line.startswith(("Evidence:", "(Evidence note:"))
        blocks.append(f"*{tag_markers(line)}*" if evidence else tag_markers(line))
    return "\n\n".join(blocks)


def marker(tag: str) -> str:
    return f"**\\[{escape(tag)}\\]**"


def _tags(refs: Sequence[str]) -> str:
    return " ".join(marker(r) for r in refs)


def _plan_item(n: int, item: Mapping[str, Any], teaching: bool) -> str:
    head = f"{n}. **{escape(str(item.get('label', '')))}**"
    severity = item.get("severity")
    if severity and severity != "info":
        head += f" · {escape(str(severity))}"
    refs = item.get("refs") or ()
    if refs:
        head += f" {_tags(refs)}"
    lines = [head, f"   {tag_markers(str(item.get('text', '')))}"]
    if item.get("dose"):
        lines.append(f"   **Dose:** {escape(str(item['dose']))}")
    if teaching:
        lines += [f"   *Evidence: {tag_markers(str(e))}*" for e in item.get("evidence") or ()]
    return "  \n".join(lines)


def plan_markdown(text: str, data: Mapping[str, Any], *, teaching: bool) -> str:
    """The plan part of a plan reply (the grade and its basis are drawn as a badge above it)."""
    from dialogs.render import SLOT_LABELS

    blocks: list[str] = []
    items = data.get("plan") or []
    if items:
        blocks.append("**Plan**")
        blocks.append("\n".join(_plan_item(n, item, teaching) for n, item in enumerate(items, start=1)))
    assumed = data.get("assumed") or {}
    if assumed:
        shown = ", ".join(f"{SLOT_LABELS.get(k, k)} = {v}" for k, v in assumed.items())
        blocks.append(f"*Assumed until answered:* {escape(shown)}.")
    missing = data.get("missing") or []
    if missing:
        blocks.append(f"*Still to ask:* {escape(', '.join(SLOT_LABELS.get(s, s) for s in missing))}.")
    _, found, unknown = text.partition("\n\nAnswered 'unknown': ")
    if found:
        blocks.append(f"*Answered 'unknown':* {tag_markers(unknown.strip())}")
    refs = [str(r.get("tag")) for r in data.get("references") or () if r.get("tag")]
    if refs:
        blocks.append(f"References: {_tags(refs)} (focus this message to read them)")
    return "\n\n".join(blocks)


def grade_basis(data: Mapping[str, Any]) -> tuple[str, ...]:
    if data.get("grade_status") == "incomplete":
        return ()
    return tuple(str(b) for b in data.get("grade_basis") or ())
