"""Reading input with bounds, whatever the locale: stdin and files are read as bytes, one line at a time.

- a line is never longer than `max_bytes` in memory: the rest of it is read and dropped;
- a line longer than `MAX_SKIP` bytes (e.g. /dev/zero, which has no newline) ends the input with a
  clear message instead of filling the memory;
- text is UTF-8: decoded with replacement for chat and quiz (one bad byte does not stop a consult),
  strictly per line for `assess --batch` (a bad line is an error for that line only);
- integers in JSON have at most `MAX_DIGITS` digits (Python refuses above 4,300 with an error
  that would end a batch or an import);
- an import document is at most `MAX_DOCUMENT` bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

MAX_SKIP = 16 * 1024 * 1024  # bytes of one line read and dropped before the input is given up
MAX_DIGITS = 30  # digits in one JSON integer (every count or id fits in 19)
MAX_DOCUMENT = 64 * 1024 * 1024  # bytes of one import document


@dataclass(frozen=True)
class Problem:
    """A line that could not be read; `final` when nothing after it is read either."""

    message: str
    final: bool = False
    head: bytes = b""  # the first bytes of an over-long line


class InputTooLong(Exception):
    """The input was given up (one line longer than MAX_SKIP bytes); the message is one line."""


def raw_lines(stream: IO[bytes], max_bytes: int) -> Iterator[bytes | Problem]:
    """Each line without its line ending, or a Problem for a line longer than `max_bytes`."""
    number = 0
    while True:
        data = stream.readline(max_bytes + 1)
        if not data:
            return
        number += 1
        if len(data) <= max_bytes or data.endswith(b"\n"):
            yield data.removesuffix(b"\n").removesuffix(b"\r")
            continue
        head, dropped = data[:max_bytes], len(data)
        while True:
            chunk = stream.readline(1024 * 1024)
            dropped += len(chunk)
            if not chunk or chunk.endswith(b"\n"):
                break
            if dropped > MAX_SKIP:
                yield Problem(f"line {number} is longer than {MAX_SKIP:,} bytes (is this a text file?); "
                              "stopped reading", final=True)
                return
        yield Problem(f"line {number} is longer than {max_bytes:,} bytes; it was skipped", head=head)


def decoded_lines(stream: IO[bytes], max_chars: int) -> Iterator[str]:
    """Lines decoded as UTF-8 with replacement. An over-long line comes cut, still longer than
    `max_chars` (so the consult says it cut it); InputTooLong ends the input."""
    for line in raw_lines(stream, 4 * max_chars + 4):  # 4 bytes at most for each character kept
        if isinstance(line, Problem):
            if line.final:
                raise InputTooLong(line.message)
            line = line.head
        yield line.decode("utf-8", errors="replace")


def stdin_lines(stream: Any, max_chars: int) -> Iterable[str]:
    """Lines of a text stream, read through its bytes (`stream.buffer`) when it has them."""
    buffer = getattr(stream, "buffer", None)
    return stream if buffer is None else decoded_lines(buffer, max_chars)


def bad_utf8(data: bytes, exc: UnicodeDecodeError) -> str:
    return f"not UTF-8 text: byte 0x{data[exc.start]:02x} at column {exc.start + 1}"


class NumberTooLong(ValueError):
    pass


def _int(text: str) -> int:
    if len(text) > MAX_DIGITS + 1 or len(text.lstrip("-")) > MAX_DIGITS:
        raise NumberTooLong(f"a number with more than {MAX_DIGITS} digits")
    return int(text)


def _constant(name: str) -> Any:
    raise NumberTooLong(f"{name} is not a number JSON allows")


def loads(text: str) -> Any:
    """json.loads with bounded integers and no NaN or Infinity; NumberTooLong (a ValueError) says why."""
    return json.loads(text, parse_int=_int, parse_constant=_constant)


def read_document(stream: IO[bytes], name: str) -> bytes:
    """At most MAX_DOCUMENT bytes of `stream`; ValueError (one line) when there are more."""
    data = stream.read(MAX_DOCUMENT + 1)
    if len(data) > MAX_DOCUMENT:
        raise ValueError(f"{name} is larger than {MAX_DOCUMENT // (1024 * 1024)} MiB; a session export never is")
    return data
