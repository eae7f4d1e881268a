"""Input that cannot crash it: bytes on stdin in any locale, over-long lines, huge numbers, strict batch types.

Every `assess --batch` input line gets exactly one output line carrying its number.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli.batch import run_batch
from assistant.input_limits import MAX_SKIP

GOOD = b'{"temperature_c": 38.5, "oxygen": "positive-pressure"}'
LOCALES = [
    {"LC_ALL": "C", "PYTHONUTF8": "0"},
    {"LC_ALL": "C.UTF-8", "PYTHONUTF8": "0"},
    {"LC_ALL": "C.UTF-8", "PYTHONUTF8": "1"},
]


def program(*args: str, stdin: bytes = b"", env: dict[str, str] | None = None,
            stdin_file: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k != "LANG"}
    environment.update(env or {})
    if stdin_file is not None:
        with stdin_file.open("rb") as fh:
            return subprocess.run([sys.executable, "-m", "assistant", *args], stdin=fh, capture_output=True,
                                  env=environment, timeout=120)
    return subprocess.run([sys.executable, "-m", "assistant", *args], input=stdin, capture_output=True,
                          env=environment, timeout=120)


def batch_bytes(data: bytes) -> list[dict[str, object]]:
    out = io.StringIO()
    assert run_batch(io.BytesIO(data), out) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_every_line_gets_one_numbered_output_line() -> None:
    lines = [GOOD, b"", b"   ", b"{bad", b"\xff\xfe" + GOOD, b"[1]", GOOD + b"\r"]
    results = batch_bytes(b"\n".join(lines) + b"\n")
    assert [r["line"] for r in results] == [1, 2, 3, 4, 5, 6, 7]
    assert results[0]["grade"] == 4 and results[6]["grade"] == 4
    assert results[1] == {"line": 2, "skipped": "blank line"} and results[2]["skipped"] == "blank line"
    assert "error" in results[3] and "error" in results[5]
    assert results[4] == {"line": 5, "error": "not UTF-8 text: byte 0xff at column 1"}


def test_a_last_line_without_newline_is_answered() -> None:
    assert [r["line"] for r in batch_bytes(GOOD + b"\n" + GOOD)] == [1, 2]


@pytest.mark.parametrize("digits", [31, 4301, 100_000])
def test_huge_integers_are_an_error_for_their_line_only(digits: int) -> None:
    huge = b'{"tocilizumab_doses": 1' + b"0" * (digits - 1) + b"}"
    results = batch_bytes(b"\n".join([GOOD, huge, GOOD]) + b"\n")
    assert [r["line"] for r in results] == [1, 2, 3]
    assert "more than 30 digits" in str(results[1]["error"])
    assert results[2]["grade"] == 4


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused(value: str) -> None:
    (result,) = batch_bytes(f'{{"temperature_c": {value}}}\n'.encode())
    assert "error" in result and result["line"] == 1


@pytest.mark.parametrize(("field", "value"), [
    ("tocilizumab_doses", True), ("tocilizumab_doses", False), ("tocilizumab_doses", 1.0), ("tocilizumab_doses", "2"),
    ("anakinra_mg_day", True), ("anakinra_mg_day", "400"), ("neutropenic", 1), ("neutropenic", "yes"),
    ("icans", 0), ("anticytokine_given", "true"), ("oxygen", 1), ("weight_kg", True), ("temperature_c", True),
])
def test_batch_types_are_strict(field: str, value: object) -> None:
    (result,) = batch_bytes(json.dumps({field: value}).encode() + b"\n")
    assert result["line"] == 1 and str(result["error"]).startswith(f"{field}:"), result


def test_a_value_beyond_a_cap_is_accepted_but_flagged() -> None:
    seven, four = batch_bytes(b'{"tocilizumab_doses": 7}\n{"tocilizumab_doses": 4}\n')
    assert seven["slots"]["tocilizumab_doses"] == 7  # type: ignore[index]
    (flag,) = seven["flags"]  # type: ignore[misc]
    assert flag.startswith("tocilizumab_doses: 7 is more than the 4 doses in total")
    assert "flags" not in four


def test_flags_in_single_assess(capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cli.main import main

    assert main(["assess", "--tocilizumab-doses", "7", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["flags"][0].startswith("tocilizumab_doses: 7")
    assert main(["assess", "--tocilizumab-doses", "7"]) == 0
    assert "! tocilizumab_doses: 7 is more than" in capsys.readouterr().out


def test_an_over_long_line_is_an_error_for_that_line_only() -> None:
    long = b'{"text": "' + b"a" * (2 * 1024 * 1024) + b'"}'
    results = batch_bytes(b"\n".join([GOOD, long, GOOD]) + b"\n")
    assert [r["line"] for r in results] == [1, 2, 3]
    assert "longer than" in str(results[1]["error"]) and results[2]["grade"] == 4


def test_a_line_without_end_stops_with_a_clear_error() -> None:
    results = batch_bytes(GOOD + b"\n" + b"\0" * (MAX_SKIP + 10))
    assert [r["line"] for r in results] == [1, 2]
    assert "stopped reading" in str(results[1]["error"])


@pytest.mark.slow
@pytest.mark.parametrize("command", [["assess", "--batch", "-"], ["chat", "--no-store"],
                                     ["chat", "--no-store", "--jsonl"], ["quiz", "--plain", "--no-store"]])
def test_dev_zero_on_stdin_ends_with_a_clear_error(command: list[str]) -> None:
    proc = program(*command, stdin_file=Path("/dev/zero"))
    assert b"Traceback" not in proc.stderr and b"MemoryError" not in proc.stderr
    assert b"stopped reading" in proc.stderr + proc.stdout
    proc.stdout.decode("utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("env", LOCALES, ids=lambda e: "-".join(e.values()))
def test_invalid_utf8_on_stdin_in_any_locale(env: dict[str, str]) -> None:
    data = b"\n".join([GOOD, b"\xff\xfe\x80", b'{"text": "fever \xe9\xff 39"}', GOOD]) + b"\n"
    proc = program("assess", "--batch", "-", stdin=data, env=env)
    assert proc.returncode == 0, proc.stderr
    results = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    assert [r["line"] for r in results] == [1, 2, 3, 4]
    assert results[0]["grade"] == 4 and results[3]["grade"] == 4
    assert "not UTF-8" in results[1]["error"] and "not UTF-8" in results[2]["error"]
    chat = program("chat", "--no-store", "--jsonl", stdin=b"\xff\x9b31m\x1b[2J/\xc0\x9bfoo\n39\n", env=env)
    assert chat.returncode == 0 and b"Traceback" not in chat.stderr
    text = chat.stdout.decode("utf-8")  # valid UTF-8
    assert "\x1b" not in text and "\x9b" not in text
    for line in text.splitlines():
        json.loads(line)
    plain = program("chat", "--no-store", stdin="\u00b5 \xff 39\n".encode("latin-1"), env=env)
    assert plain.returncode == 0 and b"Traceback" not in plain.stderr
    plain.stdout.decode("utf-8")
    quiz = program("quiz", "--plain", "--no-store", "--seed", "1", "--count", "1", stdin=b"\xff\n2\n", env=env)
    assert quiz.returncode == 0 and b"Traceback" not in quiz.stderr
    quiz.stdout.decode("utf-8")


@pytest.mark.slow
def test_unknown_command_echo_is_inert_in_plain_and_jsonl() -> None:
    hostile = b"/\x1b]52;c;aGk=\x07\x1b[2J\xc2\x9b31m\xed\xa0\x80\n"
    for args in (["chat", "--no-store"], ["chat", "--no-store", "--jsonl"]):
        proc = program(*args, stdin=hostile, env={"LC_ALL": "C.UTF-8", "PYTHONUTF8": "0"})
        text = proc.stdout.decode("utf-8")
        assert "Unknown command" in text
        assert not any(c in text for c in "\x1b\x07\x9b"), text
