"""The one-line disclaimer, always visible: the longest wording that fits the width."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

WORDINGS = (
    "Decision support for healthcare professionals, not a substitute for clinical judgement. "
    "Verify against primary sources.",
    "Decision support for healthcare professionals. Verify against primary sources.",
    "Decision support only. Verify against primary sources.",
    "Decision support only. Verify sources.",
)


class Disclaimer(Widget):
    DEFAULT_CSS = """
    Disclaimer { height: 1; }
    """

    def render(self) -> Content:
        width = self.content_size.width
        return Content(next((w for w in WORDINGS if len(w) <= width), WORDINGS[-1]))
