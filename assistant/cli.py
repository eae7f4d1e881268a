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


def root_parser() -> OneLineParser:
    """The flags of the bare command (which opens the terminal UI)."""
    from assistant.commands import sessions

    parser = OneLineParser(
        prog="crs-assistant",
        description="Decision support for cytokine release syndrome (CRS) after CAR T-cell or "
        "bispecific therapy. For healthcare professionals.",
    )
    from assistant import __version__

    parser.add_argument("--version", action="version", version=f"crs-assistant {__version__}",
                        help="print the program's version and exit")
    sessions.add_store_flags(parser, root=True, resume=True)
    return parser


def build_parser() -> OneLineParser:
    from assistant.commands import assess, chat, export, kb, quiz, sessions

    parser = root_parser()
    sub = parser.add_subparsers(dest="command", parser_class=OneLineParser, metavar="COMMAND")
    assess.add_parser(sub)
    chat.add_parser(sub)
    kb.add_parser(sub)
    sessions.add_parser(sub)
    export.add_parser(sub)
    quiz.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        return _main(argv)
    except Exception as exc:
        from knowledge.slot_registry import SlotRegistryError  # only when something went wrong

        if not isinstance(exc, SlotRegistryError):
            raise
        return _broken_registry(exc, checking=argv[:2] == ["kb", "check"])


def _main(argv: list[str]) -> int:
    if argv:
        args = build_parser().parse_args(argv)
    else:  # the bare command: the UI, without building every subcommand's parser (~10 ms of start-up)
        args = root_parser().parse_args(argv)
        args.command = None
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


def _broken_registry(exc: Exception, *, checking: bool) -> int:
    """The slot registry (knowledge/data/slots.toml) cannot be loaded: every command stops, saying why."""
    problems: list[str] = getattr(exc, "problems", [str(exc)])
    if checking:  # `kb check` lists the problems as it lists any other
        print(f"{len(problems)} problem(s) in the knowledge base:")
        for p in problems:
            print(f"  - {p}")
    else:
        sys.stderr.write(f"crs-assistant: the slot registry cannot be loaded: {problems[0]}"
                         f"{f' (and {len(problems) - 1} more)' if len(problems) > 1 else ''}; "
                         "'crs-assistant kb check' lists them\n")
    return 1
