"""Is the input a question? It ends with "?" or starts with what/which/why/how/should/..."""

from __future__ import annotations

import re

from dialogs.understanding import vocabulary as vocab

_FIRST_WORD = re.compile(r"[^a-z0-9]*(?P<word>[a-z]+)", re.ASCII)


def is_question(text: str) -> bool:
    """`text` is the normalised input as read."""
    if text.rstrip().endswith("?"):
        return True
    first = _FIRST_WORD.match(text)
    return first is not None and first.group("word") in vocab.words("questions", "openers")
