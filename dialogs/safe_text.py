"""Make any text inert for a terminal: control characters and escape sequences are shown, not run."""

from __future__ import annotations

import re

# C0 controls except newline and tab, DEL, and C1 controls (which include CSI, OSC, ...)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def inert(text: str) -> str:
    """Replace control characters by visible escapes, e.g. ESC -> '\\x1b'."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
