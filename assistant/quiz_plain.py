"""`crs-assistant quiz --plain | --jsonl`: a practice run on stdin and stdout (same shapes as chat)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TextIO

from assistant.plain import json_text, plain_text
from dialogs.quiz.session import QuizState, quiz_begin, quiz_step, summary_reply


def run_quiz_lines(
    lines: Iterable[str], out: TextIO, *, seed: int, count: int, jsonl: bool, prefer: tuple[str, ...] = (),
    prompt: str = "", on_finish: Callable[[QuizState], None] | None = None,
) -> QuizState:
    show = json_text if jsonl else plain_text
    state, replies = quiz_begin(seed, count, prefer)
    for reply in replies:
        out.write(show(reply))
    out.write(prompt)
    out.flush()
    for raw in lines:
        state, replies = quiz_step(state, raw.rstrip("\r\n")[:10_000])
        for reply in replies:
            out.write(show(reply))
        if state.finished:
            break
        out.write(prompt)
        out.flush()
    if not state.finished and state.answers:  # end of input mid-run: score what was answered
        out.write(show(summary_reply(state)))
    if on_finish is not None and state.answers:
        on_finish(state)
    return state
