"""Make any text inert for a terminal or a JSON line: control characters and escape sequences are
shown, not run. The one function every string from a file, the store, an import or the user goes
through before it is written (the exports use it too, via assistant.export.inert)."""

from __future__ import annotations

import re
from typing import Any

# C0 controls except newline and tab, DEL, C1 controls (which include CSI, OSC, ...), the characters
# that reorder or break lines invisibly (bidi overrides and isolates, marks, U+2028/9), the BOM, and
# lone surrogates (which no UTF-8 output can hold). One pattern: one pass over a long document.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff"
    "\ud800-\udfff]"
)


def inert(text: str) -> str:
    """Replace control characters by visible escapes, e.g. ESC -> '\\x1b', RLO -> '\\u202e'."""
    return _CONTROL.sub(_shown, text)


def one_line(text: str) -> str:
    """`inert(text)` with its newlines shown as '\\n' too: for a message that must stay one line."""
    return inert(text).replace("\n", "\\n")


def inert_data(value: Any) -> Any:
    """`value` (JSON-shaped: dicts, lists, strings, numbers) with every string, key or value, inert."""
    if isinstance(value, str):
        return inert(value)
    if isinstance(value, dict):
        return {inert(k) if isinstance(k, str) else k: inert_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [inert_data(v) for v in value]
    return value


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
