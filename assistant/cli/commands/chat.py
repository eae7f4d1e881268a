"""`crs-assistant chat [--jsonl] [--resume [ID]] [--no-store]`: the consult on stdin/stdout, without
the terminal UI (which `assistant.tui.run` wires to the store the same way).

Every consult is stored (each event committed before its replies are shown) unless --no-store.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from assistant.cli.store_flags import add_store_flags
from assistant.opening import open_or_refuse, saved


def add_parser(sub: Any) -> None:
    p = sub.add_parser("chat", help="the consult as plain lines on stdin/stdout (pipes, ssh, screen readers)")
    p.add_argument("--jsonl", action="store_true",
                   help="one JSON object per assistant message (type, slot, text, options; plans carry the "
                        "assess JSON); input stays plain lines")
    add_store_flags(p, root=False, resume=True)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from assistant.cli.plain import run_chat
    from assistant.consult_service import ConsultService
    from assistant.store import StoreError

    consult = open_or_refuse(args, " chat", turns=False)  # the chat shows where it stopped, not the turns before
    if isinstance(consult, int):
        return consult
    service = ConsultService.recording(consult)
    try:
        code = run_chat(jsonl=args.jsonl, service=service)
    except StoreError as exc:
        # the event in flight was not committed, and its replies were not shown
        from dialogs.safe_text import one_line

        sys.stderr.write(f"crs-assistant chat: {one_line(str(exc))}\n")
        return 1
    finally:
        service.close()
    saved(" chat", service.session_id, service.closed)
    return code
