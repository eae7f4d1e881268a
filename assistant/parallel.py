"""Batch lines answered by one worker process per core, written in input order.

Reading clinician free text costs far more than the JSON around it, and each line is
independent, so a long batch is split into chunks answered in forked worker processes (which
inherit the loaded knowledge base). Input is still streamed: at most a few chunks per worker are
in flight, never the whole input. A batch of one chunk, or a machine with one core, is answered
in this process.
"""

from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import TypeVar

Line = TypeVar("Line")
CHUNK = 256  # lines per task: large enough that sending them costs little next to answering them
IN_FLIGHT = 3  # chunks per worker sent ahead: workers never wait, and memory stays bounded

_answer: Callable[[int, object], str] | None = None  # set in each worker by fork


def workers() -> int:
    """Worker processes for a long batch: the cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _chunk(task: tuple[int, list[object]]) -> bytes:
    """A chunk's answers as one block of UTF-8 lines: one pickled bytes object, never re-encoded."""
    first, lines = task
    assert _answer is not None
    return ("\n".join([_answer(first + i, line) for i, line in enumerate(lines)]) + "\n").encode()


def in_order(
    lines: Iterable[Line], answer: Callable[[int, Line], str], *, processes: int | None = None
) -> Iterator[str]:
    """`answer(number, line)` for every line (numbered from 1), in input order."""
    for block in blocks_in_order(lines, answer, processes=processes):
        yield from block.decode().split("\n")[:-1]  # a JSON line holds no raw newline


def blocks_in_order(
    lines: Iterable[Line], answer: Callable[[int, Line], str], *, processes: int | None = None
) -> Iterator[bytes]:
    """The answers as blocks of UTF-8 lines, each ending in a newline, in input order: what a
    writer copies to its output as they come (`in_order` gives them one line at a time)."""
    global _answer
    source = iter(lines)
    first = list(itertools.islice(source, CHUNK))
    count = processes if processes is not None else workers()
    if count <= 1 or len(first) < CHUNK or "fork" not in _methods():
        for n, line in enumerate(itertools.chain(first, source), start=1):
            yield (answer(n, line) + "\n").encode()  # one line at a time, as each comes in
        return
    _answer = answer  # type: ignore[assignment]  # inherited by the forked workers
    chunks = itertools.chain([first], iter(lambda: list(itertools.islice(source, CHUNK)), []))
    numbered = ((1 + i * CHUNK, chunk) for i, chunk in enumerate(chunks))
    pending: deque[Future[bytes]] = deque()
    with ProcessPoolExecutor(max_workers=count, mp_context=get_context("fork")) as pool:
        for task in numbered:
            pending.append(pool.submit(_chunk, task))  # type: ignore[arg-type]
            if len(pending) >= count * IN_FLIGHT:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _methods() -> list[str]:
    from multiprocessing import get_all_start_methods

    return get_all_start_methods()
