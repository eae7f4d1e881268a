"""`crs-assistant` command line: one parser, subcommands imported only when used.

Headless subcommands never import Textual (checked by tests/test_import_hygiene.py).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn


class OneLineParser(argparse.ArgumentParser):
    """Bad input: exit status 2 and one line naming the flag, the value and what is accepted."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message}\n")


def build_parser() -> OneLineParser:
    from assistant.commands import assess, chat, export, kb, quiz, sessions

    parser = OneLineParser(
        prog="crs-assistant",
        description="Decision support for cytokine release syndrome (CRS) after CAR T-cell or "
        "bispecific therapy. For healthcare professionals.",
    )
    sessions.add_store_flags(parser, root=True, resume=True)
    sub = parser.add_subparsers(dest="command", parser_class=OneLineParser, metavar="COMMAND")
    assess.add_parser(sub)
    chat.add_parser(sub)
    kb.add_parser(sub)
    sessions.add_parser(sub)
    export.add_parser(sub)
    quiz.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from assistant.commands.chat import run_tui  # the Textual UI: imported only there

        return run_tui(args)
    try:
        result: int = args.run(args)
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`): not an error of ours
        return 0
    except KeyboardInterrupt:
        return 130
    return result
