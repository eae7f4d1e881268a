"""The text as read: capped in length, and normalised character by character so that every
index into it is also an index into the input (phrases are cut from the input)."""

from __future__ import annotations

import re
import unicodedata

READ_LIMIT = 4000
TRUNCATED = f"only the first {READ_LIMIT:,} characters were read"

_SAME_AS = {
    "×": "x", "–": "-", "—": "-", "‑": "-", "−": "-", "’": "'", "‘": "'", "`": "'",
    "µ": "u", "μ": "u", "º": "°", "＋": "+", "·": ".", "\n": ";", "\r": ";", "\u2028": ";", "\u2029": ";",
}  # fmt: skip


def _normal(ch: str) -> str:
    if ch in _SAME_AS:
        return _SAME_AS[ch]
    if ch.isspace() or unicodedata.category(ch)[0] == "C":  # control, format, surrogate...
        return " "
    base = unicodedata.normalize("NFD", ch)[0]  # "adrénaline": the letter without its accent
    if base.isascii() and base.isalpha():
        return base.lower()
    low = ch.lower()
    return low if len(low) == 1 else ch


# ASCII is mapped in one pass; other characters one by one.
_ASCII = str.maketrans({chr(i): _normal(chr(i)) for i in range(128)})
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def capped(text: str) -> tuple[str, bool]:
    """The part of `text` that is read, and whether some was left unread."""
    return text[:READ_LIMIT], len(text) > READ_LIMIT


def normalise(text: str) -> str:
    """Lower case without accents, one character for one character; line breaks end clauses. In "neither A nor B"
    the "nor" reads as "no" ("neither norad nor epi": not "norepi")."""
    normal = _NOT_ASCII.sub(lambda m: _normal(m.group()), text.translate(_ASCII))
    return _NEITHER_NOR.sub(r"\g<head>no ", normal) if "neither" in normal else normal


_NEITHER_NOR = re.compile(r"(?P<head>(?<![a-z])neither(?![a-z])[^.;\n]{1,80}?(?<![a-z]))nor(?= )", re.ASCII)
