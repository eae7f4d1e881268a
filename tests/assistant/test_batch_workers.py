"""A long batch is answered by worker processes: the output is the same lines, in the same order,
as answering it in one process, and input is never read far ahead of output."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from assistant import parallel as batch_workers
from assistant.cli.batch import answer_line
from assistant.parallel import in_order

LINES = [
    json.dumps({"text": "Tmax 101.8F, levo + vaso, HFNC 40L"}),
    "",
    json.dumps({"temperature_c": 38.4, "hypotension": "none", "oxygen": "low-flow"}),
    "not json",
    json.dumps({"text": "Bed 12: T 38.9, 2L NC. Bed 14: levo + vaso, intubated"}),
    json.dumps({"text": "s/p toci x2 and dex 10 q6h, T 37.2, BiPAP, levo 0.05"}),
]


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch_workers, "CHUNK", 4)


@pytest.mark.slow
def test_workers_answer_like_one_process_in_input_order(small_chunks: None) -> None:
    lines = LINES * 7
    alone = list(in_order(lines, answer_line, processes=1))
    together = list(in_order(lines, answer_line, processes=2))
    assert together == alone
    assert [json.loads(out)["line"] for out in together] == list(range(1, len(lines) + 1))


@pytest.mark.slow
def test_input_is_streamed_not_slurped(small_chunks: None) -> None:
    read = 0

    def source() -> Iterator[str]:
        nonlocal read
        for line in LINES * 50:
            read += 1
            yield line

    answers = in_order(source(), answer_line, processes=2)
    next(answers)
    # the first answer comes before the input is read to its end: a few chunks per worker in flight
    assert read <= batch_workers.CHUNK * (2 * batch_workers.IN_FLIGHT + 2)
    assert len(list(answers)) == len(LINES) * 50 - 1


def test_a_short_batch_is_answered_in_this_process() -> None:
    assert list(in_order(LINES, answer_line, processes=8)) == [answer_line(n, x) for n, x in enumerate(LINES, 1)]
