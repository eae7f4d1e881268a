"""Strict arguments: no abbreviations, no empty or '--' values, no contradictory repeats, ASCII digits only.

Each refusal is exit status 2 and one line naming the flag.
"""

from __future__ import annotations

import json

import pytest

from assistant.cli.main import main


def refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as exited:
        main(list(argv))
    assert exited.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1, captured.err
    return captured.err


@pytest.mark.parametrize("argv", [
    ["assess", "--tem", "38"],
    ["assess", "--hypo", "none"],
    ["assess", "--form", "json"],
    ["sessions", "--js"],
    ["export", "1", "--for", "md"],
    ["--data", "/tmp/x", "sessions"],
])
def test_abbreviations_are_refused(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    err = refused(capsys, *argv)
    assert "unrecognized arguments" in err or "invalid choice" in err


@pytest.mark.parametrize("flag", ["--temp", "--weight", "--tocilizumab-doses", "--anakinra-mg-day", "--hypotension",
                                  "--oxygen", "--steroids", "--text", "--format", "--batch", "--data-dir"])
@pytest.mark.parametrize("form", ["equals-dashes", "empty", "equals-empty"])
def test_dashes_and_empty_values_name_the_flag(capsys: pytest.CaptureFixture[str], flag: str, form: str) -> None:
    argv = {"equals-dashes": [f"{flag}=--"], "empty": [flag, ""], "equals-empty": [f"{flag}="]}[form]
    err = refused(capsys, "assess", *argv)
    assert flag in err


@pytest.mark.parametrize("argv", [
    ["sessions", "show", ""],
    ["export", "", "--format", "md"],
    ["export", "1", "-o", ""],
    ["import", ""],
    ["chat", "--resume="],
    ["quiz", "--seed="],
])
def test_empty_values_elsewhere(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    refused(capsys, *argv)


@pytest.mark.parametrize(("argv", "named"), [
    (["--temp", "38", "--temp", "39"], "--temp"),
    (["--icans", "--no-icans"], "--no-icans"),
    (["--neutropenic", "--not-neutropenic"], "--not-neutropenic"),
    (["--anticytokine-given", "--no-anticytokine-given"], "--no-anticytokine-given"),
    (["--oxygen", "none", "--oxygen", "high-flow"], "--oxygen"),
    (["--format", "json", "--format", "text"], "--format"),
])
def test_contradictory_repeats_are_refused(capsys: pytest.CaptureFixture[str], argv: list[str], named: str) -> None:
    err = refused(capsys, "assess", *argv)
    assert named in err and "contradicts" in err


def test_the_same_value_twice_is_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", "--temp", "38", "--temp", "38", "--icans", "--icans", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["slots"]["temperature_c"] == 38.0 and result["slots"]["icans"] is True


@pytest.mark.parametrize("argv", [
    ["assess", "--temp", "٣٨"],
    ["assess", "--temp", "३८.५"],
    ["assess", "--weight", "٧٠"],
    ["assess", "--tocilizumab-doses", "٢"],
    ["assess", "--tocilizumab-doses", "²"],
    ["assess", "--anakinra-mg-day", "٤٠٠"],
    ["assess", "--anakinra-mg-day", "1e3"],
    ["assess", "--anakinra-mg-day", "nan"],
    ["assess", "--anakinra-mg-day", "1_00"],
    ["sessions", "show", "²"],
    ["sessions", "show", "٣"],
    ["quiz", "--seed", "٣"],
    ["quiz", "--count", "³"],
])
def test_only_ascii_digits(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    refused(capsys, *argv)


@pytest.mark.parametrize("argv", [
    ["sessions", "show", str(2**63)],
    ["sessions", "delete", str(2**63), "--yes"],
    ["export", str(2**63)],
    ["chat", "--resume", str(2**63)],
    ["--resume", str(2**63)],
    ["sessions", "show", "9" * 5000],
])
def test_ids_beyond_sqlite_are_refused_as_arguments(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    err = refused(capsys, *argv)
    assert "is not a session id" in err


def test_the_largest_id_is_simply_not_found(capsys: pytest.CaptureFixture[str], tmp_path: object) -> None:
    assert main(["sessions", "show", str(2**63 - 1), "--data-dir", str(tmp_path)]) == 1
    assert "no session" in capsys.readouterr().err


def test_refusal_echoes_are_inert(capsys: pytest.CaptureFixture[str]) -> None:
    err = refused(capsys, "assess", "--temp", "\x1b]52;c;aGk=\x07\x1b[2J\x9b31m")
    assert "\x1b" not in err and "\x9b" not in err and "\x07" not in err
    assert "\\x1b" in err


@pytest.mark.parametrize("argv", [["assess", "\n"], ["assess", "--temp", "38\n\n39"], ["kb", "show", "a\nb"],
                                  ["sessions", "show", "1\n2"]])
def test_a_newline_in_what_was_typed_keeps_the_refusal_one_line(capsys: pytest.CaptureFixture[str],
                                                                 argv: list[str]) -> None:
    """Found by the fuzz harness: argparse echoes the argument, newline and all."""
    err = refused(capsys, *argv) if argv[0] != "kb" else _kb_show(capsys, argv)
    assert "\\n" in err


def _kb_show(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    return err


@pytest.mark.parametrize("argv", [
    ["--data-dir", "/tmp/a", "sessions", "--data-dir", "/tmp/b"],
    ["--data-dir", "/tmp/a", "sessions", "show", "1", "--data-dir", "/tmp/b"],
    ["--resume", "2", "chat", "--resume", "3"],
])
def test_contradictions_across_the_subcommand_are_refused(capsys: pytest.CaptureFixture[str],
                                                         argv: list[str]) -> None:
    assert "contradicts" in refused(capsys, *argv)


def test_the_same_folder_before_and_after_the_subcommand_is_fine(capsys: pytest.CaptureFixture[str],
                                                                 tmp_path: object) -> None:
    assert main(["--data-dir", str(tmp_path), "sessions", "--data-dir", str(tmp_path), "--json"]) == 0
    assert capsys.readouterr().out == "[]\n"
