"""The plain-lines front ends: `crs-assistant chat` (the consult) and `quiz --plain | --jsonl`
(a practice run), as plain lines or JSON Lines on stdin and stdout, through one loop.

Works in pipes, over ssh and with screen readers. End of input ends the session cleanly.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TextIO, TypeVar

from assistant.consult_service import ConsultService
from assistant.input_limits import InputTooLong, stdin_lines
from dialogs.phrasing import option_numbers
from dialogs.quiz.session import QuizState, quiz_begin, quiz_step, summary_reply
from dialogs.safe_text import inert, inert_data
from dialogs.state import Reply, State

MAX_LINE = 100_000  # characters read from one input line; the rest is dropped with a notice

S = TypeVar("S")


def plain_text(reply: Reply) -> str:
    text = inert(reply.text)
    if reply.kind == "error":
        text = "! " + text.replace("\n", "\n  ")
    if reply.options:
        numbers = option_numbers(reply.options)
        text += "\n" + "\n".join(f"  {n}) {inert(o)}" for n, o in zip(numbers, reply.options, strict=True))
    return text + "\n"


def json_text(reply: Reply) -> str:
    return json.dumps(inert_data(reply.to_dict()), ensure_ascii=False) + "\n"


def run_lines(
    lines: Iterable[str],
    out: TextIO,
    first: tuple[S, Sequence[Reply]],
    answer: Callable[[S, str], tuple[S, Sequence[Reply]]],
    done: Callable[[S], bool],
    *,
    jsonl: bool = False,
    prompt: str = "",
) -> S:
    """The one loop of every plain-lines front end: show the opening replies, then for each line
    (cut at MAX_LINE characters, with a notice) show what `answer` replies, until `done`."""
    show = json_text if jsonl else plain_text
    state, replies = first
    for reply in replies:
        out.write(show(reply))
    out.write(prompt)
    out.flush()
    for raw in lines:
        text = raw.rstrip("\r\n")
        notices: list[Reply] = []
        if len(text) > MAX_LINE:
            text = text[:MAX_LINE]
            notices.append(Reply("error", f"That line was cut to its first {MAX_LINE:,} characters."))
        state, replies = answer(state, text)
        for reply in (*notices, *replies):
            out.write(show(reply))
        if done(state):
            break
        out.write(prompt)
        out.flush()
    return state


def run_plain(name: str, jsonl: bool, loop: Callable[[Iterable[str], TextIO, str], object],
              stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Run `loop` over stdin (read as bytes and decoded as UTF-8 with replacement, whatever the
    locale): a prompt on a terminal, Ctrl+C ends it quietly, an endless line is one message."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    prompt = "> " if (stdin.isatty() and not jsonl) else ""
    code = 0
    try:
        loop(stdin_lines(stdin, MAX_LINE), stdout, prompt)
    except KeyboardInterrupt:
        stdout.write("\n")
    except InputTooLong as exc:
        sys.stderr.write(f"crs-assistant {name}: {exc}\n")
        code = 1
    if prompt:
        stdout.write("\n")
    return code


def converse(
    lines: Iterable[str],
    out: TextIO,
    service: ConsultService | None = None,
    *,
    jsonl: bool = False,
    prompt: str = "",
) -> State:
    """Run a consult over `lines` through the consult service (default: a new consult, not
    recorded). Each step is recorded before its replies are written; a step that could not be
    (or an engine that raised) stops the loop with that exception, its replies unwritten."""
    service = service or ConsultService()
    opening = service.load().replies

    def answer(service: ConsultService, text: str) -> tuple[ConsultService, Sequence[Reply]]:
        answered = service.answer(text)
        if answered.problem is not None:
            raise answered.problem
        return service, answered.replies

    run_lines(lines, out, (service, opening), answer,
              lambda service: service.state.ended, jsonl=jsonl, prompt=prompt)
    return service.state


def run_chat(jsonl: bool, stdin: TextIO | None = None, stdout: TextIO | None = None, *,
             service: ConsultService | None = None) -> int:
    """The chat over stdin and stdout; the service records each event before its replies are written."""
    return run_plain("chat", jsonl, lambda lines, out, prompt: converse(lines, out, service, jsonl=jsonl,
                                                                        prompt=prompt), stdin, stdout)


def run_quiz(
    *, seed: int, count: int, jsonl: bool, prefer: tuple[str, ...] = (),
    on_finish: Callable[[QuizState], None] | None = None,
    stdin: TextIO | None = None, stdout: TextIO | None = None,
) -> int:
    """A practice run through the same loop; the end of input mid-run scores what was answered."""

    def loop(lines: Iterable[str], out: TextIO, prompt: str) -> QuizState:
        state = run_lines(lines, out, quiz_begin(seed, count, prefer), quiz_step, lambda s: s.finished,
                          jsonl=jsonl, prompt=prompt)
        if not state.finished and state.answers:
            out.write((json_text if jsonl else plain_text)(summary_reply(state)))
        if on_finish is not None and state.answers:
            on_finish(state)
        return state

    return run_plain("quiz", jsonl, loop, stdin, stdout)
