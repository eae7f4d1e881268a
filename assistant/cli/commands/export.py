"""`crs-assistant export ID --format md|html|json|txt [-o PATH] [--force]` and `import FILE`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from typing import Any

from assistant.cli.commands.sessions import fail, opened, session_id, stored
from assistant.cli.store_flags import add_store_flags
from dialogs.safe_text import one_line

FORMAT_NAMES = ("md", "html", "json", "txt")


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "export", help="write a stored session as Markdown, HTML, JSON or a plain-text consult note",
        description="md: transcript and consult summary; html: one printable page; json: the versioned "
        "document that 'import' reads back; txt: a consult note for the patient record (80 columns).",
    )
    p.add_argument("id", type=session_id, help="session id (see 'crs-assistant sessions')")
    p.add_argument("--format", choices=FORMAT_NAMES, default="md")
    p.add_argument("-o", "--output", metavar="PATH", help="write to this file (atomically) instead of stdout")
    p.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    p.add_argument("--with-label", action="store_true",
                   help="include the consult's local label (it may identify a patient; left out by default)")
    add_store_flags(p, root=False)
    p.set_defaults(run=run_export)

    i = sub.add_parser("import", help="store a session from a JSON export ('-' reads stdin)")
    i.add_argument("file", metavar="FILE")
    add_store_flags(i, root=False)
    i.set_defaults(run=run_import)


def run_export(args: argparse.Namespace) -> int:
    from assistant.export import OutputError, write_atomically
    from assistant.store import StoreError

    try:
        with stored("export", args.data_dir, args.id) as store:  # open while written: the pieces read it as they go
            pieces = stored_export_pieces(store, args.id, args.format, with_label=args.with_label)
            if args.output is None or args.output == "-":
                for piece in pieces:
                    sys.stdout.write(piece)
                return 0
            write_atomically(args.output, pieces, force=args.force)
    except StoreError as exc:
        return fail("export", str(exc))
    except OutputError as exc:
        return fail("export", str(exc), code=2)
    sys.stderr.write(f"Wrote session {args.id} as {args.format} to {one_line(args.output)}.\n")
    return 0


def stored_export(store: Any, session_id: int, fmt: Any, *, with_label: bool = False) -> str:
    """A stored session's export, with its replies as they were shown and its state as stored
    (nothing is replayed unless the store lacks them; the TUI's exports too)."""
    return "".join(stored_export_pieces(store, session_id, fmt, with_label=with_label))


def stored_export_pieces(store: Any, session_id: int, fmt: Any, *, with_label: bool = False) -> Iterable[str]:
    """`stored_export` in pieces to write one after the other while the store is open (a long
    session's JSON is 100 MiB: read from the store as it is written)."""
    from assistant.export import export_pieces

    meta = store.meta(session_id)
    events = store.events(session_id)
    # what each format reads: the note (txt) the last turns' replies, up to the plan it summarises;
    # a transcript each turn's replies as it writes them (stored so since schema 8; a turn stored
    # before: its replies without their data), and the summary's plan; JSON all of them whole, read
    # a few dozen turns at a time as they are written
    fragments = store.fragments(session_id, fmt) if fmt in ("md", "html") else {}
    shown = store.shown(session_id, on_demand=fmt in ("txt", "json") or bool(fragments))
    if fmt in ("md", "html") and any(t.seq not in fragments for t in shown):
        shown = store.shown(session_id, light=True)
    label = store.label(session_id) if with_label else ""
    return export_pieces(events, meta, fmt, shown=shown, label=label, state=store.state(session_id, events),
                         fragments={fmt: fragments})


def _read(file: str) -> str:
    """The document as text: read as bytes (whatever the locale), at most MAX_DOCUMENT of them."""
    from assistant.input_limits import read_document

    if file == "-":
        data = read_document(sys.stdin.buffer, "the standard input")
    else:
        with open(file, "rb") as fh:
            data = read_document(fh, file)
    return data.decode("utf-8")


def run_import(args: argparse.Namespace) -> int:
    from assistant.export.document import DocumentError, from_document, label_in, parse, shown_in
    from assistant.store import StoreError, store_target
    from assistant.store.consult import current_grade
    from assistant.store.replaying import replay_turns
    from assistant.store.sessions import AlreadyStored, current_versions
    from assistant.store.shown import REBUILT_ON_IMPORT, ShownTurn

    try:
        document = parse(_read(args.file))
        meta, events = from_document(document)
    except OSError as exc:
        return fail("import", f"cannot read {args.file}: {exc.strerror or exc}", code=2)
    except UnicodeDecodeError:
        return fail("import", f"{args.file} is not UTF-8 text; expected a JSON export", code=2)
    except (DocumentError, ValueError) as exc:
        return fail("import", f"{args.file}: {exc}", code=2)
    replayed = replay_turns(events)
    grade = current_grade(replayed.state)
    shown = shown_in(document, len(events))
    if not shown:  # an export that did not carry what was shown: rebuilt now, and marked so
        app, kb = current_versions()
        shown = [ShownTurn(0, replayed.opening, app, kb, REBUILT_ON_IMPORT),
                 *(ShownTurn(t.number, t.replies, app, kb, REBUILT_ON_IMPORT) for t in replayed.turns)]
    try:
        store = opened("import", store_target(args.data_dir), create=True)
        assert store is not None
        with store:
            stored = store.add(meta, events, grade=grade, shown=shown, label=label_in(document),
                               state=replayed.state)
    except AlreadyStored as exc:
        sys.stdout.write(f"Already stored as session {exc.session_id} (the same session, uid "
                         f"{one_line(meta.uid)}); nothing was imported.\n")
        return 0
    except StoreError as exc:
        return fail("import", str(exc))
    sys.stdout.write(f"Imported session {stored.id} ({len(events)} turns, started {one_line(meta.started)}).\n")
    return 0
