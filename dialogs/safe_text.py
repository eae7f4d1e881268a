"""Make any text inert for a terminal: control characters and escape sequences are shown, not run."""

from __future__ import annotations

import re

# C0 controls except newline and tab, DEL, C1 controls (which include CSI, OSC, ...), and the
# characters that reorder or break lines invisibly (bidi overrides and isolates, marks, U+2028/9)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def inert(text: str) -> str:
    """Replace control characters by visible escapes, e.g. ESC -> '\\x1b', RLO -> '\\u202e'."""
    return _CONTROL.sub(_shown, text)


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
