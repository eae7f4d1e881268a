"""Render a SessionView with the jinja2 templates in assistant/export/templates/.

HTML is autoescaped, Markdown puts free text in fences and escapes the rest, the text note is
wrapped to 80 columns. Every value a template writes passes through `inert` (the environment's
`finalize`), so no value can bring a control or reordering character into a document, and the
templates' own text holds none (a test reads them): the document is what one `inert` pass over
the whole of it gave, without reading it all again.

A turn's replies in the transcripts are the filters `replies_md` / `replies_html` (fragments.py).
The store keeps each turn's as rendered when it was stored (already inert: store schema version 8),
and a transcript writes those as they are instead of rendering every reply again; a turn without
one (stored before, or in another FRAGMENT_FORM) is rendered here.

The templates are compiled once and kept with jinja2's own bytecode cache in the compiled-content
folder (`CRS_ASSISTANT_CACHE`, `knowledge/kb_cache.py`; "off": compiled on every run): jinja2
checks each template's source and its own and Python's versions; the file name holds a key of
this module (the environment's settings) and jinja2's version. A folder that cannot be read or
written only means compiling (25-35 ms a template).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from assistant.export.fragments import replies_html, replies_md
from assistant.export.inert import fence, inert, md_escape
from assistant.export.text_layout import WIDTH, fit, wrap
from assistant.export.view import SessionView, StateLine
from dialogs.state import Reply

TEMPLATES = {"md": "transcript.md.j2", "html": "transcript.html.j2", "txt": "note.txt.j2"}


class Fragment:
    """A turn's replies as stored, rendered and inert (store schema 8): the templates write its text
    as it is (`str` gives it back without a copy; HTML takes it as already escaped)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text

    def __html__(self) -> str:
        return self.text


class _Stored(Mapping[int, Fragment]):
    """The view's stored fragments of one format, each a `Fragment` when the template writes it
    (read then: the store's are read as they are written, see `SessionStore.fragments`)."""

    def __init__(self, texts: Mapping[int, str]) -> None:
        self.texts = texts

    def __getitem__(self, seq: int) -> Fragment:
        return Fragment(self.texts[seq])

    def __contains__(self, seq: object) -> bool:
        return seq in self.texts

    def __iter__(self) -> Iterator[int]:
        return iter(self.texts)

    def __len__(self) -> int:
        return len(self.texts)


def _finalize(value: Any) -> Any:
    """Every value a template writes, inert (HTML stays Markup, escaped once); a stored fragment as it is."""
    if value is None:
        return ""
    if type(value) is Fragment:
        return value
    if isinstance(value, Markup):
        return Markup(inert(value))
    text = str(value)
    return text if text.isprintable() else inert(text)  # printable: holds nothing inert changes (quicker)


def _tags(refs: tuple[str, ...] | list[str]) -> str:
    return "".join(f"[{r}]" for r in refs)


def _replies_md(replies: tuple[Reply, ...]) -> Fragment:
    return Fragment(replies_md(replies))  # inert already: not read again


def _replies_html(replies: tuple[Reply, ...]) -> Fragment:
    return Fragment(replies_html(replies))  # escaped and inert already


def _note(text: str, indent: str = "", hanging: str | None = None) -> str:
    """Inert first (escapes lengthen text), then wrapped to the note's width."""
    return wrap(inert(text), indent, hanging)


_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")


def _when(stamp: str) -> str:
    """'2026-11-24T06:22:12.308Z' -> '2026-11-24 06:22:12 UTC'; anything else as it is."""
    if _STAMP.fullmatch(stamp):
        return f"{stamp[:10]} {stamp[11:19]} UTC"
    return stamp


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _pairs(lines: tuple[StateLine, ...]) -> str:
    return "; ".join(f"{line.label} = {line.value}" for line in lines)


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """jinja2's cache of compiled templates in a folder; one that is missing, unreadable or not
    writable (or a damaged file in it) only means the template is compiled."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # damaged: compiled again (and written over)
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)


def _compiled_templates() -> jinja2.BytecodeCache | None:
    from knowledge.kb_cache import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    key = hashlib.sha256(Path(__file__).read_bytes() + jinja2.__version__.encode()).hexdigest()[:16]
    return _CompiledTemplates(str(folder / "templates"), f"{key}-%s.cache")


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        bytecode_cache=_compiled_templates(),
        loader=jinja2.PackageLoader("assistant.export", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False,
                                            default=False),
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters.update(fence=fence, md=md_escape, note=_note, tags=_tags, replies_md=_replies_md,
                       replies_html=_replies_html, first_upper=_first_upper, pairs=_pairs, when=_when)
    return env


def render(view: SessionView, fmt: str) -> str:
    return "".join(pieces(view, fmt))


def pieces(view: SessionView, fmt: str) -> Iterator[str] | list[str]:
    """The document in the pieces the template writes, made as they are written (the stored
    fragments are read then: the store must stay open until the last piece): a transcript's stored
    fragments (most of its bytes, mostly ASCII) are written as they were read, never copied into
    one string with the rest (one non-ASCII character there would widen all of it); the note (txt)
    is one piece, fitted."""
    template = environment().get_template(TEMPLATES[fmt])
    written = template.generate(view=view, s=view.summary, width=WIDTH, fragments=_Stored(view.fragments.get(fmt, {})))
    return [fit("".join(written))] if fmt == "txt" else written
