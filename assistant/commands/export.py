"""`crs-assistant export ID --format md|html|json|txt [-o PATH] [--force]` and `import FILE`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from assistant.commands.sessions import add_store_flags, fail, opened, session_id, stored
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
    add_store_flags(p, root=False)
    p.set_defaults(run=run_export)

    i = sub.add_parser("import", help="store a session from a JSON export ('-' reads stdin)")
    i.add_argument("file", metavar="FILE")
    add_store_flags(i, root=False)
    i.set_defaults(run=run_import)


def run_export(args: argparse.Namespace) -> int:
    from assistant.export import OutputError, export_session, write_atomically
    from assistant.store import StoreError

    try:
        with stored("export", args.data_dir, args.id) as store:
            meta = store.meta(args.id)
            events = store.events(args.id)
    except StoreError as exc:
        return fail("export", str(exc))
    text = export_session(events, meta, args.format)
    if args.output is None or args.output == "-":
        sys.stdout.write(text)
        return 0
    try:
        write_atomically(args.output, text, force=args.force)
    except OutputError as exc:
        return fail("export", str(exc), code=2)
    sys.stderr.write(f"Wrote session {args.id} as {args.format} to {one_line(args.output)}.\n")
    return 0


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
    from assistant.export.document import DocumentError, loads
    from assistant.store import StoreError, store_target
    from assistant.store.consult import current_grade
    from assistant.store.replaying import replay_turns

    try:
        meta, events = loads(_read(args.file))
    except OSError as exc:
        return fail("import", f"cannot read {args.file}: {exc.strerror or exc}", code=2)
    except UnicodeDecodeError:
        return fail("import", f"{args.file} is not UTF-8 text; expected a JSON export", code=2)
    except (DocumentError, ValueError) as exc:
        return fail("import", f"{args.file}: {exc}", code=2)
    grade = current_grade(replay_turns(events).state)
    try:
        store = opened("import", store_target(args.data_dir), create=True)
        assert store is not None
        with store:
            stored = store.add(meta, events, grade=grade)
    except StoreError as exc:
        return fail("import", str(exc))
    sys.stdout.write(f"Imported session {stored.id} ({len(events)} turns, started {one_line(meta.started)}).\n")
    return 0
