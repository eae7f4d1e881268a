"""The backstop for "never a lower grade": a vasopressor or device named as now, after the value
read for its slot and implying more support, that no slot reader placed makes the slot asked."""

from __future__ import annotations

from dialogs.understanding.results import Mention, Note
from dialogs.understanding.unheeded import unplaced
from dialogs.understanding.utterance import prepare


def _span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def test_a_device_left_over_after_a_lower_value_is_unplaced() -> None:
    text = "t 38.5, 2l nc, bipap"
    u = prepare(text, None)
    read = Mention("oxygen", "low-flow", *_span(text, "2l nc"), "low flow")
    found = unplaced(u, [read], {"oxygen": read})
    assert found["oxygen"].name == "bipap"


def test_a_pressor_left_over_after_no_hypotension_is_unplaced() -> None:
    text = "bp ok, norad"
    u = prepare(text, None)
    read = Mention("hypotension", "none", *_span(text, "bp ok"), "no hypotension")
    assert unplaced(u, [read], {"hypotension": read})["hypotension"].name == "norepinephrine"


def test_placed_negated_past_earlier_or_lesser_terms_are_not_unplaced() -> None:
    text = "was on bipap, hfnc 40l, no cpap, nc"
    u = prepare(text, None)
    read = Mention("oxygen", "high-flow", *_span(text, "hfnc 40l"), "high flow")
    assert unplaced(u, [read], {"oxygen": read}) == {}  # bipap past, cpap negated, nc lower
    text = "bipap, then 2l nc"
    u = prepare(text, None)
    read = Mention("oxygen", "low-flow", *_span(text, "2l nc"), "low flow")
    assert unplaced(u, [read], {"oxygen": read}) == {}  # bipap named before the value read
    text = "2l nc, bipap"
    u = prepare(text, None)
    read = Mention("oxygen", "low-flow", *_span(text, "2l nc"), "low flow")
    note = Note(*_span(text, "bipap"), "read as something")
    assert unplaced(u, [read, note], {"oxygen": read}) == {}  # a reader placed it
