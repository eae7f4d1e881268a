"""Strict command-line arguments, shared by every subcommand.

`StrictParser` is the parser class of `crs-assistant` and all its subcommands:

- no abbreviations (`--tem` is not `--temp`);
- a value that is empty or only `--` (`--temp=--`, `--weight ""`) is an error naming the flag;
- a flag given twice with different values (`--temp 38 --temp 39`, `--icans --no-icans`) is an
  error naming both; the same value twice is accepted;
- every error is one line (`crs-assistant assess: ...`), exit status 2, with what the user typed
  made inert (`dialogs.safe_text.one_line`).

The value parsers below accept ASCII digits only: `str.isdigit` and `int` also take Arabic-Indic,
Devanagari or superscript digits, which nobody types on purpose in a dose or an id.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from contextvars import ContextVar
from typing import Any, NoReturn

from dialogs.safe_text import one_line

# SQLite's INTEGER is a signed 64-bit number: a larger id cannot name a stored session
MAX_ID = 2**63 - 1
_WHOLE = re.compile(r"[0-9]+", re.ASCII)
_DECIMAL = re.compile(r"[0-9]{1,9}(?:\.[0-9]{1,9})?", re.ASCII)
_SEEN = "_strict_seen"  # the namespace attribute listing the flags given so far (removed after parsing)
# the flags given before a subcommand (`--data-dir A sessions --data-dir B`), while it parses its own
_OUTER: ContextVar[dict[str, tuple[str, Any]]] = ContextVar("outer_flags", default={})  # noqa: B039 - never mutated


def ascii_whole(text: str, *, most: int) -> int | None:
    """`text` as a whole number from 0 to `most` written in ASCII digits, else None (never raises)."""
    if not _WHOLE.fullmatch(text) or len(text) > len(str(most)):
        return None
    value = int(text)
    return value if value <= most else None


def ascii_decimal(text: str) -> float | None:
    """`text` as a plain decimal number in ASCII digits (no sign, exponent, 'nan' or '1_000'), else None."""
    return float(text) if _DECIMAL.fullmatch(text) else None


def session_id(text: str) -> int:
    """A session id as typed: a positive whole number that SQLite can hold."""
    value = ascii_whole(text, most=MAX_ID)
    if value is None or value < 1:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a session id (a whole number from 1 to {MAX_ID}; see 'crs-assistant sessions')"
        )
    return value


def _flag(action: argparse.Action) -> str:
    return "/".join(action.option_strings) or action.metavar or action.dest  # type: ignore[return-value]


def _strict(action_class: type[argparse.Action]) -> type[argparse.Action]:
    """`action_class`, refusing a second, different value for the same destination."""

    class Strict(action_class):  # type: ignore[valid-type, misc]
        def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                     option_string: str | None = None) -> None:
            seen: dict[str, tuple[str, Any]] = namespace.__dict__.setdefault(_SEEN, {})
            super().__call__(parser, namespace, values, option_string)
            after = getattr(namespace, self.dest, None)
            given = option_string or _flag(self)
            outer = _OUTER.get()
            before = seen.get(self.dest) or outer.get(self.dest)
            if before is not None and before[1] != after:
                first, earlier = before
                parser.error(f"argument {given}: contradicts {first} given earlier "
                             f"({_shown(earlier)} then {_shown(after)}); give it once")
            seen[self.dest] = (given, after)

    Strict.__name__ = f"Strict{action_class.__name__}"
    return Strict


def _shown(value: Any) -> str:
    return f"'{value}'" if isinstance(value, str) else str(value)


_STRICT_CLASSES: dict[type[argparse.Action], type[argparse.Action]] = {}
# actions whose repeats are meant (counting, appending) or that end the parse (help, version)
_REPEATABLE = (argparse._AppendAction, argparse._AppendConstAction, argparse._CountAction,
               argparse._HelpAction, argparse._VersionAction, argparse._SubParsersAction,
               argparse._ExtendAction)


class _StrictSubParsers(argparse._SubParsersAction):  # type: ignore[type-arg]
    """Lets the subcommand's flags see the ones given before it (see `_OUTER`)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        token = _OUTER.set({**_OUTER.get(), **namespace.__dict__.get(_SEEN, {})})
        try:
            super().__call__(parser, namespace, values, option_string)
        finally:
            _OUTER.reset(token)


def _columns() -> int:
    """The terminal's width as `shutil.get_terminal_size` finds it: COLUMNS, else stdout's terminal, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):  # no stdout, or not a terminal
        return 80


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, at the width it would choose, found without importing `shutil`:
    argparse makes a formatter for every flag declared (to check its metavar), and shutil brings
    its compression modules (8 million instructions of a cold `assess` that shows no help)."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


class StrictParser(argparse.ArgumentParser):
    """Bad input: exit status 2 and one line naming the flag, the value and what is accepted."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)
        self.register("action", "parsers", _StrictSubParsers)

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {one_line(message)}\n")

    def _add_action(self, action: Any) -> Any:
        kind = type(action)
        if not isinstance(action, _REPEATABLE) and action.option_strings:
            strict = _STRICT_CLASSES.get(kind)
            if strict is None:  # one class per kind of action, made once (not for each flag)
                strict = _STRICT_CLASSES[kind] = _strict(kind)
            action.__class__ = strict
        return super()._add_action(action)

    def _get_values(self, action: argparse.Action, arg_strings: list[str]) -> Any:
        # argparse drops a '--' value, so `--weight=--` would silently become [] (or a TypeError later)
        if action.option_strings and arg_strings == ["--"]:
            self.error(f"argument {_flag(action)}: '--' is not a value; give one")
        if "" in arg_strings and action.nargs not in (argparse.PARSER, argparse.REMAINDER):
            self.error(f"argument {_flag(action)}: an empty value is not accepted; give one")
        return super()._get_values(action, arg_strings)

    def parse_known_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                         namespace: argparse.Namespace | None = None) -> tuple[argparse.Namespace, list[str]]:
        parsed, rest = super().parse_known_args(args, namespace)
        parsed.__dict__.pop(_SEEN, None)
        return parsed, rest
