"""Plain-text layout for the consult note: wrapped paragraphs, and a hard limit of 80 columns."""

from __future__ import annotations

import re
import textwrap

WIDTH = 80
_NUMBER_AND_UNIT = re.compile(r"(\d) (?=\S)")  # "8 mg/kg" must not break between 8 and mg/kg
_KEEP = "\xa0"


def wrap(text: str, indent: str = "", hanging: str | None = None, width: int = WIDTH) -> str:
    """Wrap each paragraph of `text` to `width`; later lines start with `hanging` (default `indent`)."""
    hanging = indent if hanging is None else hanging
    out: list[str] = []
    first = True
    for paragraph in text.expandtabs(4).split("\n"):
        lead = indent if first else hanging
        first = False
        if not paragraph.strip():
            out.append("")
            continue
        glued = _NUMBER_AND_UNIT.sub(rf"\1{_KEEP}", paragraph.replace(_KEEP, " "))
        lines = textwrap.wrap(glued, width=width, initial_indent=lead, subsequent_indent=hanging,
                              break_long_words=True, break_on_hyphens=False)
        out += [line.replace(_KEEP, " ") for line in lines] or [lead.rstrip()]
    return "\n".join(out)


def fit(text: str, width: int = WIDTH) -> str:
    """Guarantee: no line longer than `width` (anything still too long is hard-wrapped)."""
    lines: list[str] = []
    for line in text.split("\n"):
        line = line.rstrip()
        while len(line) > width:
            lines.append(line[:width])
            line = line[width:]
        lines.append(line)
    return "\n".join(lines)
