"""Bracketed pastes read whole, escape characters and all.

Textual's XTermParser (8.2) collects a bracketed paste one character at a time, and at each ESC
inside it starts matching an escape sequence: the characters it reads while matching are not added
to the paste but re-sent as key presses once 32 have gone by (ESC itself becomes '^'). A pasted
text holding ESC was therefore altered, and a 50 kB one became tens of thousands of key events,
each an edit and a refresh of the prompt: 5 to 6 minutes (`benchmarks/paste_parse.py` measures
it). This parser takes everything between the paste markers (ESC[200~ ... ESC[201~) verbatim,
across reads, and hands it over as one `events.Paste`; everything else goes to Textual's parser.

`install()` makes Textual's Linux drivers use it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from textual import constants, events
from textual._xterm_parser import BRACKETED_PASTE_END, BRACKETED_PASTE_START, XTermParser
from textual.message import Message

MAX_PASTE = 4 * 1024 * 1024  # characters kept of one paste (the reader reads 4,000 of them); the rest is dropped


def _partial_suffix(data: str, marker: str, shortest: int) -> int:
    """The length of the longest end of `data` that is a beginning of `marker` (at least `shortest`)."""
    for size in range(min(len(marker) - 1, len(data)), shortest - 1, -1):
        if data.endswith(marker[:size]):
            return size
    return 0


class PasteSafeParser(XTermParser):
    """XTermParser, but a bracketed paste is passed on verbatim as one Paste event."""

    def __init__(self, debug: bool = False, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(debug)
        self._paste: list[str] | None = None  # the paste being read, while between the markers
        self._pasted = 0
        self._held = ""  # a marker's beginning at the end of the last read, kept until the next one
        self._held_at = 0.0
        self._clock = clock

    def tick(self) -> Iterable[Message]:
        """Outside a paste, a held beginning (a lone ESC: the Escape key) goes on after ESCAPE_DELAY."""
        if self._held and self._paste is None and self._clock() - self._held_at >= constants.ESCAPE_DELAY:
            held, self._held = self._held, ""
            if held == "\x1b":  # nothing followed in ESCAPE_DELAY: the Escape key, at once
                return [events.Key("escape", "\x1b"), *super().tick()]
            return [*self._outside(held), *super().tick()]
        return super().tick()

    def feed(self, data: str) -> Iterable[Message]:
        if not data:  # end of input
            tail, self._held = self._held, ""
            return [*self._outside(tail), *super().feed("")] if tail else super().feed("")
        data, self._held = self._held + data, ""
        out: list[Message] = []
        while data:
            if self._paste is None:
                start = data.find(BRACKETED_PASTE_START)
                if start < 0:
                    # keep back a possible split marker (a lone ESC goes on at the next tick, see tick)
                    keep = _partial_suffix(data, BRACKETED_PASTE_START, 1)
                    data, self._held = (data[:-keep], data[-keep:]) if keep else (data, "")
                    self._held_at = self._clock()
                    out.extend(self._outside(data))
                    break
                out.extend(self._outside(data[:start]))
                self._paste, self._pasted = [], 0
                data = data[start + len(BRACKETED_PASTE_START):]
                continue
            end = data.find(BRACKETED_PASTE_END)
            if end < 0:
                keep = _partial_suffix(data, BRACKETED_PASTE_END, 1)
                data, self._held = (data[:-keep], data[-keep:]) if keep else (data, "")
                self._add(data)
                break
            self._add(data[:end])
            out.append(events.Paste("".join(self._paste)))
            self._paste = None
            data = data[end + len(BRACKETED_PASTE_END):]
        return out

    def _add(self, text: str) -> None:
        assert self._paste is not None
        room = MAX_PASTE - self._pasted
        if room > 0 and text:
            self._paste.append(text[:room])
            self._pasted += min(room, len(text))

    def _outside(self, data: str) -> list[Message]:
        return list(super().feed(data)) if data else []


def install() -> None:
    """Make Textual's Linux drivers (full screen and inline) read input with PasteSafeParser."""
    from textual.drivers import linux_driver, linux_inline_driver

    for module in (linux_driver, linux_inline_driver):
        setattr(module, "XTermParser", PasteSafeParser)  # noqa: B010 - the drivers look it up at each start
