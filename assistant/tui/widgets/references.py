"""The references panel: what the focused message cites (title, source, year, evidence note)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from dialogs.safe_text import inert


def reference_content(ref: Mapping[str, Any]) -> Content:
    from dialogs.render import VERIFIED_WORDS

    parts: list[str | tuple[str, str]] = [(f"[{inert(str(ref.get('tag', '')))}] ", "bold $text-accent")]
    if ref.get("authors"):
        parts.append(inert(str(ref["authors"])) + ". ")
    parts.append((inert(str(ref.get("title", ""))), "bold"))
    parts.append(f"\n  {inert(str(ref.get('source', '')))}, {ref.get('year', '')}.")
    ids = [f"PMID {ref['pmid']}" if ref.get("pmid") else "", f"DOI {ref['doi']}" if ref.get("doi") else ""]
    if any(ids):
        parts.append(" " + inert("; ".join(i for i in ids if i)) + ".")
    verified = str(ref.get("verified", ""))
    if verified and verified != "full text":
        parts.append((f"\n  ({VERIFIED_WORDS.get(verified, verified)})", "italic"))
    if ref.get("note"):
        parts.append(("\n  Note: " + inert(str(ref["note"])), "$text-muted"))
    return Content.assemble(*parts)


class ReferencesPanel(VerticalScroll, can_focus=False):
    """Hidden until a message that cites references has focus."""

    def __init__(self, references: Sequence[Mapping[str, Any]] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "References"
        self._first = tuple(references)
        self.tags: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static("", markup=False)

    def on_mount(self) -> None:
        self.show(self._first)

    def show(self, references: Sequence[Mapping[str, Any]]) -> None:
        self.tags = tuple(str(r.get("tag", "")) for r in references)
        self.display = bool(references)
        if references:
            self.query_one(Static).update(Content("\n").join(reference_content(r) for r in references))
            self.scroll_home(animate=False)
