"""Make text typed by anyone inert in an export: shown, never run or interpreted.

Each rendered document passes through `inert` as a whole (so no template can forget it), after
HTML autoescaping or Markdown fencing and escaping; JSON escapes instead (see document.py).
"""

from __future__ import annotations

import re

from dialogs.safe_text import inert

__all__ = ["fence", "inert", "md_escape"]


def fence(text: str) -> str:
    """A Markdown fenced code block holding `text` verbatim: nothing inside is Markdown or HTML."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0) if "`" in text else 0
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}text\n{text}\n{ticks}"


# Inline syntax: emphasis, code spans, links and images, tables, strikethrough; raw HTML and entities
# need '<' before a tag-like character and '&' before a name or '#'. Line-start markers (#, -, +,
# 1., >) cannot occur: newlines become spaces, and every value follows a prefix on its line.
_MD_SPECIAL = re.compile(r"[\\`*_\[\]|~]|<(?=[A-Za-z/!?])|&(?=[#A-Za-z])")


def md_escape(text: str) -> str:
    """Text for one line of Markdown, with every inline syntax character backslash-escaped."""
    return _MD_SPECIAL.sub(lambda m: "\\" + m.group(), inert(text).replace("\n", " "))
