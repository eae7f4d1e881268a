"""`label TEXT` (or `/label TEXT`): name this consult in the local store ("bed 12"), in chat and
the terminal UI. It is not a consult event (it changes nothing clinical and is not replayed): it
is kept in the session row, shown by `sessions` and the TUI's stored-consult list, and goes into
an export only with `--with-label`, since it may identify a patient. `label` alone removes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dialogs.state import Reply

_LABEL = re.compile(r"\s*/?label(?:\s+(?P<text>.*?))?\s*", re.IGNORECASE | re.DOTALL)

Labeller = Callable[[str], "str | None"]  # stores the label; returns it as stored, None if not stored yet


def label_command(text: str) -> str | None:
    """The label a `label ...` line asks for ("" to remove it), or None when the line is not one."""
    match = _LABEL.fullmatch(text)
    if match is None:
        return None
    return match.group("text") or ""


def label_reply(wanted: str, labeller: Labeller | None) -> Reply:
    """Set the label through `labeller` and say what happened, in one reply."""
    from dialogs.state import Reply

    if labeller is None:
        return Reply("error", "This consult is not stored (--no-store), so it cannot be labelled.")
    try:
        stored = labeller(wanted)
    except Exception as exc:  # a store failure is one line; the consult goes on
        return Reply("error", f"The label could not be saved ({exc}).")
    if stored is None:
        return Reply("info", "Nothing is stored yet: label the consult after its first answer.")
    if not stored:
        return Reply("info", "Label removed.")
    return Reply("info", f"Labelled '{stored}' in this store only (exports leave it out unless --with-label).")
