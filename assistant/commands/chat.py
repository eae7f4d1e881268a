"""`crs-assistant chat [--jsonl]`: the consult on stdin/stdout, without the terminal UI."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(sub: Any) -> None:
    p = sub.add_parser("chat", help="the consult as plain lines on stdin/stdout (pipes, ssh, screen readers)")
    p.add_argument("--jsonl", action="store_true",
                   help="one JSON object per assistant message (type, slot, text, options; plans carry the "
                        "assess JSON); input stays plain lines")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from assistant.plain import run_chat

    return run_chat(jsonl=args.jsonl)
