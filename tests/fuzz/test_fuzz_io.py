"""The fuzz harness: hostile argv, stdin bytes (as a strict UTF-8 and as an ASCII "C" locale would
give them), `assess --batch` lines and import documents, through the real command entry point.

What must hold for every case: no exception escapes `main` (a traceback), the exit status is 0, 1
or 2, an exit 2 is one line on stderr, everything written is valid UTF-8 without a raw control or
reordering character, and a batch answers each input line with exactly one numbered output line.

Bounded in the normal suite (a few hundred cases, well under a minute); the long form by hand:

    CRS_FUZZ_EXAMPLES=5000 CRS_FUZZ_REPORT=fuzz.json .venv/bin/python -m pytest -q -p no:xdist tests/fuzz

`CRS_FUZZ_REPORT` writes how many cases each target ran and how many tracebacks it found.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.cli.batch import run_batch
from assistant.cli.main import main

pytestmark = pytest.mark.fuzz

EXAMPLES = int(os.environ.get("CRS_FUZZ_EXAMPLES", "0")) or None
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
RAN: Counter[str] = Counter()
TRACEBACKS: Counter[str] = Counter()


def budget(default: int) -> Any:
    return settings(max_examples=EXAMPLES or default, deadline=None, derandomize=EXAMPLES is None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large])


@pytest.fixture(scope="module", autouse=True)
def report() -> Iterator[None]:
    yield
    target = os.environ.get("CRS_FUZZ_REPORT")
    if target:
        with contextlib.suppress(OSError):
            previous = json.loads(Path(target).read_text())
            RAN.update(previous.get("cases", {}))
            TRACEBACKS.update(previous.get("tracebacks", {}))
        Path(target).write_text(json.dumps({"cases": RAN, "tracebacks": TRACEBACKS}, indent=1, sort_keys=True))


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    """Every relative path a case names lands here; the data folder too."""
    base = Path(tempfile.mkdtemp(prefix="crs-fuzz-"))
    old = Path.cwd()
    os.chdir(base)
    try:
        yield base
    finally:
        os.chdir(old)


class Run:
    def __init__(self, code: int, out: bytes, err: bytes) -> None:
        self.code, self.out, self.err = code, out, err


def run(target: str, argv: list[str], stdin: bytes = b"", *, ascii_locale: bool = False) -> Run:
    """`main(argv)` with stdin and stdout as byte streams behind text wrappers: strict UTF-8, or
    ASCII with surrogateescape (what LC_ALL=C with PYTHONUTF8=0 gives)."""
    encoding, errors = ("ascii", "surrogateescape") if ascii_locale else ("utf-8", "strict")
    out, err = io.BytesIO(), io.BytesIO()
    stdin_text = io.TextIOWrapper(io.BytesIO(stdin), encoding=encoding, errors=errors)
    stdout_text = io.TextIOWrapper(out, encoding=encoding, errors=errors, write_through=True)
    stderr_text = io.TextIOWrapper(err, encoding=encoding, errors=errors, write_through=True)
    RAN[target] += 1
    with mock.patch.object(sys, "stdin", stdin_text), mock.patch.object(sys, "stdout", stdout_text), \
            mock.patch.object(sys, "stderr", stderr_text), \
            mock.patch("assistant.tui.run.run_tui", lambda args: 0), \
            mock.patch("assistant.tui.quiz_app.run_quiz_app", lambda **kwargs: 0):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
        except BaseException:
            TRACEBACKS[target] += 1
            raise
        finally:
            stdout_text.flush()
            stderr_text.flush()
    return Run(code, out.getvalue(), err.getvalue())


def check(result: Run) -> tuple[str, str]:
    assert result.code in (0, 1, 2), result.code
    out, err = result.out.decode("utf-8"), result.err.decode("utf-8")  # valid UTF-8, or this raises
    assert not RAW.search(out), out[:300]
    assert not RAW.search(err), err[:300]
    assert "Traceback" not in err
    if result.code == 2:
        assert err.count("\n") == 1, err
    return out, err


# --- argv ----------------------------------------------------------------------------------------

HOSTILE = ["", "--", "-", "٣٨", "३८", "²", "1e3", "nan", "inf", "-1", "0", "1", "7", "38", "101.5F", "70kg",
           str(2**63), str(2**63 - 1), "9" * 40, "\x1b]52;c;aGk=\x07", "\x1b[2J", "\x9b31m", "\u202e", "\ud800",
           "\x00", "[b]x[/b]", "none", "high-flow", "full", "json", "md", "txt", "out.md", "out.json", "dir/",
           "n" * 300, "fifo.md", "a b", "é"]
FLAGS = ["--temp", "--tem", "--weight", "--tocilizumab-doses", "--anakinra-mg-day", "--hypotension", "--oxygen",
         "--steroids", "--text", "--format", "--icans", "--no-icans", "--neutropenic", "--not-neutropenic",
         "--anticytokine-given", "--no-anticytokine-given", "--json", "--force", "-o", "--output", "--seed",
         "--count", "--export", "--stats", "--plain", "--jsonl", "--resume", "--no-store", "--yes", "--help"]
COMMANDS = [["assess"], ["sessions"], ["sessions", "show"], ["sessions", "delete"], ["export"], ["import"],
            ["chat", "--no-store"], ["chat", "--jsonl", "--no-store"], ["kb", "show"], ["quiz", "--plain"],
            ["quiz", "--jsonl"], ["quiz"]]
TOKEN = st.one_of(st.sampled_from(HOSTILE), st.sampled_from(FLAGS),
                  st.builds(lambda f, v: f"{f}={v}", st.sampled_from(FLAGS), st.sampled_from(HOSTILE)),
                  st.text(max_size=12))
SAFE_PATH = re.compile(r"^(/|\.\.|~)|/\.\.")


@budget(200)
@given(command=st.sampled_from(COMMANDS), rest=st.lists(TOKEN, max_size=8))
def test_argv(workdir: Path, command: list[str], rest: list[str]) -> None:
    if any(SAFE_PATH.search(token.split("=", 1)[-1]) for token in rest) or "--data-dir" in " ".join(rest):
        return  # never a path outside the scratch folder
    if "--help" in rest or "-h" in rest:
        return  # help is several lines on purpose
    if command[0] == "sessions" and command[1:] == ["delete"] and "--yes" not in rest:
        rest = [*rest, "--yes"]
    check(run("argv", [*command, *rest, "--data-dir", str(workdir / "data")] if command[0] != "kb"
              else [*command, *rest]))


# --- stdin bytes ---------------------------------------------------------------------------------

LINE_BYTES = st.one_of(
    st.binary(max_size=60),
    st.sampled_from([b"39", b"101.8F", b"Tmax 101.8F, levo + vaso, HFNC 40L", b"/why", b"/back", b"/\x1b[2J",
                     b"\xff\xfe", b"\xc0\x9b31m", b"\xed\xa0\x80", b"\x1b]52;c;aGk=\x07", b"1", b"2", b"unknown",
                     b"/quit", b"restart", b"/change oxygen", "é µ ٣".encode()]),
)


@budget(60)
@given(lines=st.lists(LINE_BYTES, max_size=12), jsonl=st.booleans(), ascii_locale=st.booleans())
def test_chat_stdin_bytes(workdir: Path, lines: list[bytes], jsonl: bool, ascii_locale: bool) -> None:
    argv = ["chat", "--no-store", *(["--jsonl"] if jsonl else [])]
    out, _ = check(run("chat stdin", argv, b"\n".join(lines) + b"\n", ascii_locale=ascii_locale))
    if jsonl:
        for line in out.splitlines():
            json.loads(line)


@budget(40)
@given(lines=st.lists(LINE_BYTES, max_size=8), ascii_locale=st.booleans())
def test_quiz_stdin_bytes(workdir: Path, lines: list[bytes], ascii_locale: bool) -> None:
    check(run("quiz stdin", ["quiz", "--plain", "--no-store", "--seed", "3", "--count", "2"],
              b"\n".join(lines) + b"\n", ascii_locale=ascii_locale))


# --- batch lines ---------------------------------------------------------------------------------

SLOTS = ["temperature_c", "anticytokine_given", "hypotension", "oxygen", "steroids", "tocilizumab_doses",
         "anakinra_mg_day", "weight_kg", "neutropenic", "icans", "text", "colour"]
JSON_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10**40), max_value=10**40),
              st.floats(allow_nan=False), st.text(max_size=20),
              st.sampled_from(["101.5F", "154lb", "none", "high-flow", "full", "one-pressor", "levo + vaso"])),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
BATCH_LINE = st.one_of(
    st.dictionaries(st.sampled_from(SLOTS), JSON_VALUE, max_size=6).map(lambda d: json.dumps(d).encode()),
    st.binary(max_size=80),
    st.sampled_from([b"", b"   ", b"{", b"[]", b"NaN", b'{"tocilizumab_doses": 1' + b"0" * 4300 + b"}",
                     b'{"temperature_c": Infinity}', b'{"text": "\xff"}', b"[" * 5000, b'{"tocilizumab_doses": 7}']),
)


@budget(150)
@given(lines=st.lists(BATCH_LINE, max_size=10), newline=st.sampled_from([b"\n", b"\r\n"]), final=st.booleans())
def test_batch_lines(lines: list[bytes], newline: bytes, final: bool) -> None:
    lines = [line.replace(b"\n", b" ").replace(b"\r", b" ") for line in lines]
    data = newline.join(lines) + (newline if final or not lines or lines[-1] == b"" else b"")
    expected = data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)
    out = io.StringIO()
    RAN["batch lines"] += 1
    try:
        assert run_batch(io.BytesIO(data), out) == 0
    except BaseException:
        TRACEBACKS["batch lines"] += 1
        raise
    text = out.getvalue()
    text.encode("utf-8")
    assert not RAW.search(text)
    results = [json.loads(line) for line in text.splitlines()]
    assert [r["line"] for r in results] == list(range(1, expected + 1))
    for r in results:
        assert ("grade" in r) + ("error" in r) + ("skipped" in r) == 1, r


# --- import documents ----------------------------------------------------------------------------


def _document() -> dict[str, Any]:
    from assistant.export import export_session
    from tests.export.conftest import scripted

    events, meta = scripted()
    result: dict[str, Any] = json.loads(export_session(events, meta, "json"))
    return result


DOCUMENT = _document()
MUTATION = st.sampled_from(HOSTILE) | JSON_VALUE


@budget(100)
@given(path=st.lists(st.sampled_from(["session", "events", 0, 1, "uid", "started", "kind", "text", "at", "format",
                                      "version", "persona", "app_version", "kb_version", "derived"]), max_size=3),
       value=MUTATION, raw=st.booleans(), garbage=st.binary(max_size=40))
def test_import_documents(workdir: Path, path: list[Any], value: Any, raw: bool, garbage: bytes) -> None:
    document = json.loads(json.dumps(DOCUMENT))
    node: Any = document
    for key in path[:-1]:
        node = node.get(key) if isinstance(node, dict) and isinstance(key, str) else (
            node[key] if isinstance(node, list) and isinstance(key, int) and key < len(node) else None)
        if node is None:
            break
    if node is not None and path:
        key = path[-1]
        in_dict = isinstance(node, dict) and isinstance(key, str)
        if in_dict or (isinstance(node, list) and isinstance(key, int) and key < len(node)):
            node[key] = value
    document.setdefault("session", {})
    if isinstance(document["session"], dict):
        document["session"]["uid"] = os.urandom(16).hex()  # a new session each time, not "already stored"
    data = garbage + json.dumps(document).encode() if raw else json.dumps(document, ensure_ascii=False).encode(
        "utf-8", "surrogatepass")
    target = workdir / "doc.json"
    target.write_bytes(data)
    out, _ = check(run("import", ["import", str(target), "--data-dir", str(workdir / "data")]))
    if out.startswith("Imported session"):
        session = out.split()[2]
        for argv in (["sessions"], ["sessions", "show", session], ["export", session, "--format", "txt"]):
            check(run("import", [*argv, "--data-dir", str(workdir / "data")]))


@budget(30)
@given(stdin=st.binary(max_size=200), ascii_locale=st.booleans())
def test_import_from_stdin_bytes(workdir: Path, stdin: bytes, ascii_locale: bool) -> None:
    check(run("import", ["import", "-", "--data-dir", str(workdir / "data")], stdin, ascii_locale=ascii_locale))
