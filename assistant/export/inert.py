"""Make text typed by anyone inert in an export: shown, never run or interpreted.

Every human-readable format passes every value through `inert` (the jinja environment's
finalize hook); Markdown adds fences, HTML adds autoescaping, JSON escapes (see document.py).
"""

from __future__ import annotations

import re

from dialogs.safe_text import inert as terminal_inert

# Beyond C0/C1 controls (dialogs.safe_text): bidirectional overrides and isolates (which can
# reorder what a reader sees), line/paragraph separators, BOM and lone surrogates.
_INVISIBLE = re.compile("[\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")


def inert(text: str) -> str:
    """Control and reordering characters become visible escapes such as '\\x1b' or '\\u202e'."""
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", terminal_inert(text))


def fence(text: str) -> str:
    """A Markdown fenced code block holding `text` verbatim: nothing inside is Markdown or HTML."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}text\n{inert(text)}\n{ticks}"


# Inline syntax: emphasis, code spans, links and images, tables, strikethrough; raw HTML and entities
# need '<' before a tag-like character and '&' before a name or '#'. Line-start markers (#, -, +,
# 1., >) cannot occur: newlines become spaces, and every value follows a prefix on its line.
_MD_SPECIAL = re.compile(r"[\\`*_\[\]|~]|<(?=[A-Za-z/!?])|&(?=[#A-Za-z])")


def md_escape(text: str) -> str:
    """Text for one line of Markdown, with every inline syntax character backslash-escaped."""
    return _MD_SPECIAL.sub(lambda m: "\\" + m.group(), inert(text).replace("\n", " "))
