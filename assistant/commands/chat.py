"""`crs-assistant chat [--jsonl] [--resume [ID]] [--no-store]`: the consult on stdin/stdout, without
the terminal UI; and the store wiring for the terminal UI (`crs-assistant [--resume [ID]]`).

Every consult is stored (each event committed before its replies are shown) unless --no-store.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from assistant.commands.sessions import add_store_flags


def add_parser(sub: Any) -> None:
    p = sub.add_parser("chat", help="the consult as plain lines on stdin/stdout (pipes, ssh, screen readers)")
    p.add_argument("--jsonl", action="store_true",
                   help="one JSON object per assistant message (type, slot, text, options; plans carry the "
                        "assess JSON); input stays plain lines")
    add_store_flags(p, root=False, resume=True)
    p.set_defaults(run=run)


def _open(args: argparse.Namespace, command: str) -> Any:
    """The consult to run (new or resumed, recorded or not), or an exit status after a message."""
    from assistant.store import StoreError
    from assistant.store.consult import open_consult

    try:
        consult = open_consult(data_dir=args.data_dir, no_store=args.no_store, resume=args.resume)
    except StoreError as exc:
        sys.stderr.write(f"crs-assistant{command}: {exc}\n")
        return 1
    for notice in consult.notices:
        sys.stderr.write(f"crs-assistant{command}: {notice}\n")
    return consult


def run(args: argparse.Namespace) -> int:
    from assistant.plain import run_chat
    from assistant.store import StoreError

    consult = _open(args, " chat")
    if isinstance(consult, int):
        return consult
    try:
        code = run_chat(jsonl=args.jsonl, on_event=consult.recorder, start=consult.start)
    except StoreError as exc:
        # the event in flight was not committed, and its replies were not shown
        sys.stderr.write(f"crs-assistant chat: {exc}\n")
        return 1
    finally:
        consult.close()
    if consult.session_id is not None:
        sys.stderr.write(f"crs-assistant chat: saved as session {consult.session_id} "
                         f"(crs-assistant export {consult.session_id} --format txt)\n")
    return code


def run_tui(args: argparse.Namespace) -> int:
    """The terminal UI, recording through `make_app(on_event=..., start=...)`."""
    try:
        from assistant import app
    except ModuleNotFoundError as exc:
        if exc.name != "assistant.app":
            raise
        sys.stderr.write("crs-assistant: the terminal UI is not part of this build; use 'crs-assistant chat'\n")
        return 2
    consult = _open(args, "")
    if isinstance(consult, int):
        return consult
    try:
        result = app.make_app(on_event=consult.recorder, start=consult.start).run()
    finally:
        consult.close()
    return result if isinstance(result, int) else 0
