"""`crs-assistant` command line: one parser, subcommands imported only when used.

Headless subcommands never import Textual (checked by tests/test_import_hygiene.py).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from assistant.cli.args import StrictParser
from assistant.content_failure import load_failure

OneLineParser = StrictParser  # bad input: exit status 2 and one line (see assistant/cli/args.py)


def root_parser() -> OneLineParser:
    """The flags of the bare command (which opens the terminal UI)."""
    from assistant.cli.store_flags import add_store_flags

    parser = OneLineParser(
        prog="crs-assistant",
        description="Decision support for cytokine release syndrome (CRS) after CAR T-cell or "
        "bispecific therapy. For healthcare professionals.",
    )
    from assistant import __version__

    parser.add_argument("--version", action="version", version=f"crs-assistant {__version__}",
                        help="print the program's version and exit")
    add_store_flags(parser, root=True, resume=True)
    return parser


# each subcommand and the module of assistant/cli/commands/ that declares it, in the order of the help
COMMANDS = {"assess": "assess", "chat": "chat", "kb": "kb", "sessions": "sessions", "export": "export",
            "import": "export", "quiz": "quiz", "serve": "serve"}


def build_parser(only: str | None = None) -> OneLineParser:
    """The parser of every subcommand, or only of subcommand `only` (a key of COMMANDS): a run
    that names its subcommand first never imports nor builds the others (about 20 ms of a cold
    start)."""
    import importlib

    parser = root_parser()
    sub = parser.add_subparsers(dest="command", parser_class=OneLineParser, metavar="COMMAND")
    modules = dict.fromkeys(COMMANDS.values()) if only is None else {COMMANDS[only]: None}
    for module in modules:
        importlib.import_module(f"assistant.cli.commands.{module}").add_parser(sub)
    return parser


def utf8_output() -> None:
    """stdout and stderr write UTF-8 whatever the locale (LC_ALL=C with PYTHONUTF8=0 would make them
    ASCII, and a plan's 'µ' a crash). What UTF-8 cannot hold (a lone surrogate that escaped `inert`)
    is written as a backslash escape, never raised."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            reconfigure(encoding="utf-8", errors="backslashreplace")
        except (ValueError, OSError):  # a stream that cannot change encoding now: keep it as it is
            continue


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    utf8_output()
    try:
        return _main(argv)
    except Exception as exc:
        from knowledge.slot_registry import SlotRegistryError  # only when something went wrong

        if not isinstance(exc, SlotRegistryError):
            raise
        return _broken_registry(exc, checking=argv[:2] == ["kb", "check"])


def _main(argv: list[str]) -> int:
    if argv and argv[0] in COMMANDS:  # the subcommand first: no flag before it can take it as a value
        args = build_parser(only=argv[0]).parse_args(argv)
    elif argv:
        args = build_parser().parse_args(argv)
    else:  # the bare command: the UI, without building every subcommand's parser (~10 ms of start-up)
        args = root_parser().parse_args(argv)
        args.command = None
    command = "crs-assistant" + (f" {args.command}" if args.command else "")
    if getattr(args, "store", None):  # --store: every store opened below (and by children) is this one
        import os

        from assistant.store.backend import STORE_ENV

        os.environ[STORE_ENV] = args.store
    try:
        if args.command is None:
            from assistant.tui.run import run_tui  # the Textual UI: imported only there

            return run_tui(args)
        if _advises(args):  # every dialog data file is checked first: a broken one is refused here, in one line
            from dialogs.data_files import ensure_content

            ensure_content()
        result: int = args.run(args)
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`): not an error of ours
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        message = load_failure(exc)
        if message is None:
            raise
        sys.stderr.write(f"{command}: {message}\n")
        return 2
    return result


def _advises(args: object) -> bool:
    """The commands that advise or show content (the terminal UI checks it as its engine loads)."""
    command = getattr(args, "command", None)
    return command in ("assess", "chat", "quiz") or (command == "kb" and getattr(args, "kb_command", None)
                                                     in ("list", "show"))


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
