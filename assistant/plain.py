"""`crs-assistant chat`: the consult as plain lines, or JSON Lines, on stdin and stdout.

Works in pipes, over ssh and with screen readers. End of input ends the session cleanly.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TextIO

from assistant.input_limits import InputTooLong, stdin_lines
from assistant.labels import Labeller, label_command, label_reply
from dialogs.engine import begin, step
from dialogs.phrasing import option_numbers
from dialogs.safe_text import inert, inert_data
from dialogs.state import Event, Reply, State, event_time

MAX_LINE = 100_000  # characters read from one input line; the rest is dropped with a notice


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


def converse(
    lines: Iterable[str],
    out: TextIO,
    *,
    jsonl: bool = False,
    prompt: str = "",
    on_event: Callable[[Event, State, Sequence[Reply]], None] | None = None,
    start: tuple[State, list[Reply]] | None = None,
    clock: Callable[[], str | None] = event_time,
    labeller: Labeller | None = None,
) -> State:
    """Run a consult over `lines`; `on_event` sees each event (with the state it led to and the
    replies about to be shown) first."""
    show = json_text if jsonl else plain_text
    state, replies = start or begin()
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
        wanted = label_command(text)
        if wanted is not None:  # not a consult event: the store's label for this session
            out.write(show(label_reply(wanted, labeller)))
            out.write(prompt)
            out.flush()
            continue
        event = Event("text", text, clock())
        state, replies = step(state, event)
        shown = [*notices, *replies]
        if on_event is not None:
            on_event(event, state, shown)
        for reply in shown:
            out.write(show(reply))
        if state.ended:
            break
        out.write(prompt)
        out.flush()
    return state


def run_chat(
    jsonl: bool,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    *,
    on_event: Callable[[Event, State, Sequence[Reply]], None] | None = None,
    start: tuple[State, list[Reply]] | None = None,
    labeller: Labeller | None = None,
) -> int:
    """`on_event` (the session store) commits each event before its replies are written.

    Stdin is read as bytes and decoded as UTF-8 with replacement, whatever the locale."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    prompt = "> " if (stdin.isatty() and not jsonl) else ""
    code = 0
    try:
        converse(stdin_lines(stdin, MAX_LINE), stdout, jsonl=jsonl, prompt=prompt, on_event=on_event, start=start,
                 labeller=labeller)
    except KeyboardInterrupt:
        stdout.write("\n")
    except InputTooLong as exc:
        sys.stderr.write(f"crs-assistant chat: {exc}\n")
        code = 1
    if prompt:
        stdout.write("\n")
    return code
