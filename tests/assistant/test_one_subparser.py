"""A run that names its subcommand first builds only that subcommand's parser, and parses
exactly as the parser of every subcommand does."""

from __future__ import annotations

import sys

import pytest

from assistant.cli.main import COMMANDS, build_parser

ARGV = [
    ["assess", "--temp", "101.8F", "--hypotension", "one-pressor", "--format", "json"],
    ["assess", "--text", "Tmax 39, HFNC 40L"],
    ["chat", "--no-store"],
    ["kb", "list", "--product", "axi-cel"],
    ["sessions", "--json"],
    ["export", "3", "--format", "md"],
    ["import", "file.json"],
    ["quiz", "--plain", "--seed", "4"],
    ["serve", "add-user", "users.htpasswd", "ana"],
]


def test_every_command_is_covered() -> None:
    assert {argv[0] for argv in ARGV} == set(COMMANDS)


@pytest.mark.parametrize("argv", ARGV, ids=[" ".join(a[:2]) for a in ARGV])
def test_the_one_subparser_parses_as_the_full_parser(argv: list[str]) -> None:
    narrow = vars(build_parser(only=argv[0]).parse_args(argv))
    full = vars(build_parser().parse_args(argv))
    assert narrow == full


def test_the_one_subparser_imports_no_other_command(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in set(COMMANDS.values()) - {"assess"}:  # the root's store flags are assistant.cli.store_flags'
        monkeypatch.delitem(sys.modules, f"assistant.cli.commands.{module}", raising=False)
    build_parser(only="assess")
    assert not {m for m in sys.modules if m.startswith("assistant.cli.commands.")} - {"assistant.cli.commands.assess"}
