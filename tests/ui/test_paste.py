"""Pastes: a large paste holding ESC is read whole by the terminal parser, shown and stored as its
inert rendering, and processed in well under a second."""

from __future__ import annotations

import random
import time
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from textual import events
from textual._xterm_parser import XTermParser

from assistant.tui.paste_parser import PasteSafeParser
from assistant.tui.widgets.conversation import Conversation
from assistant.tui.widgets.prompt import Prompt
from dialogs.safe_text import inert

START, END = "\x1b[200~", "\x1b[201~"


def hostile_paste(size: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    parts = ["fever 39 ", "\x1b[31m", "\x1b]52;c;aGk=\x07", "levo\n", "\x1b", "\x1b[201", "\x9b2J", "[b]x[/b] "]
    return "".join(rng.choice(parts) for _ in range(size // 4))[:size]


def feed(parser: XTermParser, data: str, chunks: list[int]) -> list[Any]:
    out: list[Any] = []
    at = 0
    for size in [*chunks, len(data)]:
        out.extend(parser.feed(data[at:at + size]))
        at += size
        if at >= len(data):
            break
    out.extend(parser.tick())
    return out


def test_textual_alone_alters_a_paste_with_escapes_into_key_presses() -> None:
    """Where the time went: Textual's parser re-sends what follows each ESC as key presses."""
    body = hostile_paste(5_000)
    produced = feed(XTermParser(), START + body + END, [4096])
    keys = [e for e in produced if isinstance(e, events.Key)]
    assert len(keys) > 1_000  # each one an edit and a refresh of the prompt
    assert [e.text for e in produced if isinstance(e, events.Paste)] != [body]


def test_our_parser_reads_a_50kb_paste_whole_and_fast() -> None:
    body = hostile_paste(50_000)
    started = time.perf_counter()
    produced = feed(PasteSafeParser(), START + body + END, [4096] * 20)
    assert time.perf_counter() - started < 0.1
    assert [type(e) for e in produced] == [events.Paste]
    assert produced[0].text == body


@settings(max_examples=150, deadline=None)
@given(body=st.text(alphabet=st.sampled_from(["a", "\x1b", "[", "2", "0", "1", "~", "\n", "é"]), max_size=60),
       before=st.sampled_from(["", "x", "\x1b[A"]), after=st.sampled_from(["", "y", "\x1b[B"]),
       cuts=st.lists(st.integers(min_value=1, max_value=7), max_size=30))
def test_a_paste_split_anywhere_across_reads_arrives_whole(body: str, before: str, after: str,
                                                          cuts: list[int]) -> None:
    body = body.replace(END, "")  # a terminal never puts the end marker inside a paste
    if body.endswith(END[:-1]) or any(body.endswith(END[:n]) and after.startswith(END[n:]) for n in range(1, 6)):
        return
    produced = feed(PasteSafeParser(), before + START + body + END + after, cuts)
    pastes = [e.text for e in produced if isinstance(e, events.Paste)]
    assert pastes == [body]
    reference = feed(XTermParser(), before + after, [])
    keys = [e.key for e in produced if isinstance(e, events.Key)]
    assert keys == [e.key for e in reference if isinstance(e, events.Key)]


def test_a_lone_escape_key_goes_on_after_the_escape_delay() -> None:
    from textual import constants

    now = [0.0]
    parser = PasteSafeParser(clock=lambda: now[0])
    assert list(parser.feed("\x1b")) == []  # it may be the start of a paste marker split across reads
    assert [e for e in parser.tick() if isinstance(e, events.Key)] == []
    now[0] += constants.ESCAPE_DELAY
    produced = [*parser.tick(), *parser.feed("")]
    assert [e.key for e in produced if isinstance(e, events.Key)] == ["escape"]


async def test_a_50kb_paste_with_escapes_is_shown_and_stored_inert_within_a_second(app_factory) -> None:
    recorded: list[Any] = []
    app = app_factory(on_event=lambda event, state, replies: recorded.append(event))
    body = hostile_paste(50_000)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        prompt = app.screen.query_one(Prompt)
        prompt.focus()
        started = time.perf_counter()
        prompt.post_message(events.Paste(body))
        await pilot.pause()
        expected = inert(body)
        assert prompt.text == expected
        await pilot.press("enter")
        await pilot.pause()
        elapsed = time.perf_counter() - started
        assert [e.text for e in recorded] == [expected]
        assert "\x1b" not in recorded[0].text and "\x9b" not in recorded[0].text
        mine = [m for m in app.screen.query_one(Conversation).messages if "\\x1b[31m" in m.copy_text]
        assert mine, "the paste is shown, inert"
        assert elapsed < 1.0, f"{elapsed:.2f} s"
