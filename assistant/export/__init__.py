"""Session exports: Markdown, HTML, JSON and a plain-text consult note, for the CLI and the TUI.

    text = export_session(events, meta, "html")          # one format
    texts = export_formats(events, meta, ("md", "txt"))  # several, replaying the events once

`events` are `LoggedEvent`s from the store (or bare `Event`s); `meta` is the session's
`SessionMeta`. The JSON schema is documented in assistant/export/document.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Literal

from assistant.export.files import OutputError, write_atomically
from assistant.export.view import SessionView, build_view
from assistant.store.records import LoggedEvent, SessionMeta
from assistant.store.shown import ShownTurn
from dialogs.state import Event, State

Format = Literal["md", "html", "json", "txt"]
FORMATS: tuple[Format, ...] = ("md", "html", "json", "txt")
SUFFIXES: dict[Format, str] = {"md": ".md", "html": ".html", "json": ".json", "txt": ".txt"}


def render_view(view: SessionView, fmt: Format) -> str:
    return "".join(render_pieces(view, fmt))


def render_pieces(view: SessionView, fmt: Format) -> Iterator[str] | list[str]:
    """The export's text in pieces to write one after the other (JSON: a line or so each, made as
    they are written, each stored turn's replies read from the store then (it must stay open until
    the last piece); a long session's JSON is 100 MiB, which one string would copy several times
    over; Markdown and HTML: as the template writes them, each stored turn's replies a piece of its own)."""
    if fmt == "json":
        from assistant.export.document import pieces, to_document

        return pieces(to_document(view))
    from assistant.export.render import pieces as text_pieces  # jinja2: only for the text formats

    return text_pieces(view, fmt)


def export_formats(events: Sequence[LoggedEvent | Event], meta: SessionMeta,
                   formats: Iterable[Format] = FORMATS, *, shown: Sequence[ShownTurn] | None = None,
                   label: str = "", state: State | None = None) -> dict[Format, str]:
    view = build_view(events, meta, shown=shown, label=label, state=state)
    return {fmt: render_view(view, fmt) for fmt in formats}


def export_session(events: Sequence[LoggedEvent | Event], meta: SessionMeta | None, fmt: Format, *,
                   shown: Sequence[ShownTurn] | None = None, label: str = "", state: State | None = None) -> str:
    """The session as one export format's text (write it with `write_atomically`).

    `meta` None: a consult that is not stored (e.g. under --no-store) gets fresh metadata.
    `shown`: the stored replies (as shown), rendered instead of replayed ones. `label`: the
    consult's local label, only when the user asked for it (`--with-label`). `state`: the stored
    state after the last event; with `shown` covering every event, nothing is replayed.
    """
    return "".join(export_pieces(events, meta, fmt, shown=shown, label=label, state=state))


def export_pieces(events: Sequence[LoggedEvent | Event], meta: SessionMeta | None, fmt: Format, *,
                  shown: Sequence[ShownTurn] | None = None, label: str = "", state: State | None = None,
                  fragments: Mapping[str, Mapping[int, str]] | None = None) -> Iterator[str] | list[str]:
    """`export_session`'s text in pieces to write one after the other (see `render_pieces`).
    `fragments`: by format, the stored turns' replies as that transcript writes them (store schema 8)."""
    return render_pieces(build_view(events, meta or unsaved_meta(), shown=shown, label=label, state=state,
                                    fragments=fragments), fmt)


def unsaved_meta(persona: str = "clinician") -> SessionMeta:
    """Metadata for a consult that is not in the store: a new uid, started now."""
    import uuid

    from assistant import __version__
    from assistant.store.records import utc_now
    from dialogs.engine import default_consult

    return SessionMeta(uuid.uuid4().hex, utc_now(), __version__, default_consult().kb.version, persona)


__all__ = ["FORMATS", "Format", "OutputError", "SessionView", "build_view", "export_formats", "export_pieces",
           "export_session", "render_pieces", "render_view", "unsaved_meta", "write_atomically"]
