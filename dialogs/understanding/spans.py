"""Which characters of the text a reader has already used (so two readers do not read one
number twice). Marking and testing cost the span's length, not the number of spans."""

from __future__ import annotations


class Coverage:
    def __init__(self, length: int) -> None:
        self._used = bytearray(length + 1)

    def add(self, start: int, end: int) -> None:
        self._used[start:end] = b"\x01" * max(0, end - start)

    def touches(self, start: int, end: int) -> bool:
        return any(self._used[start:end])

    def covers(self, pos: int) -> bool:
        return 0 <= pos < len(self._used) and bool(self._used[pos])
