"""The flags every session-aware command shares: --data-dir, --store, --no-store, --resume.

Their own module, so the bare command and `assess` (whose root parser carries them) import
neither the `sessions` command nor the store to declare them.
"""

from __future__ import annotations

import argparse
from typing import Any

from assistant.cli.args import session_id

LATEST = 0  # `--resume` given without an id: the newest session


def add_store_flags(parser: argparse.ArgumentParser, *, root: bool, resume: bool = False) -> None:
    """--data-dir (and --no-store, --resume). On subcommands the default is SUPPRESS, so a value
    given before the subcommand is not overwritten by the subcommand's default."""
    default: Any = None if root else argparse.SUPPRESS
    parser.add_argument("--data-dir", metavar="DIR", default=default,
                        help="where sessions are stored (default: $CRS_ASSISTANT_DATA, else the user data folder)")
    parser.add_argument("--store", metavar="URL", default=default,
                        help="a shared PostgreSQL store, postgresql://USER@HOST/DATABASE (default: "
                             "$CRS_ASSISTANT_STORE; without either, an SQLite file in the data folder)")
    if resume:
        parser.add_argument("--no-store", action="store_true", default=False if root else argparse.SUPPRESS,
                            help="do not store this consult")
        parser.add_argument("--resume", nargs="?", const=LATEST, type=session_id, metavar="ID", default=default,
                            help="continue a stored session where it stopped (no ID: the newest)")
