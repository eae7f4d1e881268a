"""Helpers shared by the reader's phrasing tests."""

from __future__ import annotations

from dialogs.understanding import read


def read_value(text: str, slot: str) -> object:
    """The value `text` is read with for `slot`, or None when it is not read."""
    found = [f.value for f in read(text).findings if f.slot == slot]
    return found[0] if found else None
