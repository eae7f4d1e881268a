"""Follow-up answers as Markdown source for the conversation. Pure functions, no Textual.

Everything taken from a reply is escaped, so only the structure built here is Markdown: a
stray `*`, `[link](url)` or `#` in a reply shows as typed. Reference tags such as `[LEE2019]`
become bold markers so they stand out. (Plans are drawn from their fields: `plan_view`.)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from dialogs.safe_text import inert

REF_TAG = re.compile(r"\[([A-Z][A-Z0-9]*)\]")
_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~&])")  # & too: no entity (&rlm;) may decode


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


def grade_basis(data: Mapping[str, Any]) -> tuple[str, ...]:
    if data.get("grade_status") == "incomplete":
        return ()
    return tuple(str(b) for b in data.get("grade_basis") or ())
