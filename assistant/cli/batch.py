"""`crs-assistant assess --batch FILE`: many cases as JSON Lines in, one JSON line out for each.

Read as bytes with bounds (`assistant.input_limits`), answered in order, by worker processes
when the input is long (`assistant.parallel`). Each line is a case's slot values, free `text`,
or both, merged by the one rule of `assess` (`merge_text`).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any, TextIO

from assistant.cli.commands.assess import merge_text
from assistant.input_limits import Problem, bad_utf8, loads, raw_lines
from dialogs.safe_text import inert

BATCH_LINE_BYTES = 1024 * 1024  # one case is a few hundred bytes; a longer line is an error for that line


def batch_results(lines: Iterable[str | bytes | Problem]) -> Iterator[str]:
    """Exactly one JSON object per input line, in order, each with its `line` number: a result, an
    error (`error`) or, for a blank line, a skip record (`skipped`). Bytes are decoded strictly as
    UTF-8 (a bad byte is an error for its line only); a Problem is the reader's error for its line."""
    for number, line in enumerate(lines, start=1):
        yield answer_line(number, line)


_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _error(number: int, message: str) -> str:
    return _dumps({"line": number, "error": inert(message)})


def answer_line(number: int, line: str | bytes | Problem) -> str:
    """The one JSON output line for input line `number`."""
    from knowledge.assessment import assess
    from knowledge.case_flags import case_flags
    from knowledge.fast_json import encode
    from knowledge.intake import CaseError, case_from_mapping

    if isinstance(line, Problem):
        return _error(number, line.message)
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            return _error(number, bad_utf8(exc.object, exc))
    if not line.strip():
        return _dumps({"line": number, "skipped": "blank line"})
    try:
        raw = loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
        return _error(number, f"not a JSON object: {msg}")
    except ValueError as exc:  # NumberTooLong, and Python's own limit on integer digits
        return _error(number, f"not a JSON object this program reads: {exc}")
    if not isinstance(raw, dict):
        return _error(number, "not a JSON object: each line must be one object of slot values")
    text = raw.get("text")
    if text is not None and not isinstance(text, str):
        return _error(number, "text: must be a string of clinician free text")
    try:
        if text is not None and len(raw) == 1:  # free text alone: no slot values to validate
            explicit: dict[str, Any] = {}
        else:
            case = case_from_mapping(raw, ignore=frozenset({"text"}))
            explicit = {k: v for k, v in case.__dict__.items() if v is not None}
        merged, extra = merge_text(text, explicit, source="field")
        if "patients" in extra:
            return _error(number, extra["patients"])
        if text is None and merged == explicit:
            flags = case_flags(case)
            head = f'{{"line":{number},' + (f'"flags":{_dumps(flags)},' if flags else "")
            return head + encode(assess(case))[1:]
        merged_case = case_from_mapping(merged)
        result = assess(merged_case)
    except CaseError as exc:
        return _error(number, str(exc))
    flags = case_flags(merged_case)
    head = f'{{"line":{number},' + (f'"flags":{_dumps(flags)},' if flags else "")
    body = encode(result)  # the assessment's JSON, as `to_json` gives it, from cached fragments
    return head + body[1:-1] + ("," + _dumps(extra)[1:] if extra else "}")


def run_batch(source: IO[str] | IO[bytes], out: TextIO) -> int:
    """Stream `source` (bytes, or text for callers that have it) to `out`, one line at a time."""
    write = out.write
    buffer = getattr(source, "buffer", None)
    lines: Iterable[str | bytes | Problem]
    if buffer is not None:
        lines = raw_lines(buffer, BATCH_LINE_BYTES)
    elif isinstance(source, io.TextIOBase):
        lines = source
    else:
        lines = raw_lines(source, BATCH_LINE_BYTES)  # type: ignore[arg-type]
    from assistant.parallel import blocks_in_order

    binary = getattr(out, "buffer", None)
    if binary is not None:
        out.flush()
    for block in blocks_in_order(lines, answer_line):
        if binary is not None:
            binary.write(block)  # UTF-8 already: copied as it is, not decoded and encoded again
        else:
            write(block.decode())
    return 0
