"""The backstop for "never a lower grade": a vasopressor or device named as now, after the value
read for its slot and implying more support, that no slot reader placed makes the slot asked."""

from __future__ import annotations

from dialogs.understanding.results import Mention, Note
from dialogs.understanding.unheeded import stepped_down, unplaced
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


def _stepped(text: str, higher: tuple[str, str], lower: tuple[str, str]) -> dict[str, Mention]:
    u = prepare(text, None)
    first = Mention("oxygen", higher[1], *_span(text, higher[0]), higher[1])
    last = Mention("oxygen", lower[1], *_span(text, lower[0]), lower[1])
    return stepped_down(u, [first, last], {"oxygen": last})


def test_a_lower_support_said_of_another_time_is_stepped_down() -> None:
    found = _stepped("tmax 39, hfnc 40l, bp ok; pta: ra", ("hfnc 40l", "high-flow"), ("ra", "none"))
    assert found["oxygen"].value == "high-flow"


def test_a_lower_support_said_as_now_is_not_stepped_down() -> None:
    assert _stepped("bipap overnight, now 4l nc", ("bipap", "positive-pressure"), ("4l nc", "low-flow")) == {}


def test_a_lower_support_with_no_other_time_is_not_stepped_down() -> None:
    assert _stepped("hfnc 40l; nc 4l", ("hfnc 40l", "high-flow"), ("nc 4l", "low-flow")) == {}


def test_the_reader_asks_rather_than_grading_from_the_other_time() -> None:
    from dialogs.understanding import read

    reading = read("Tmax 39, HFNC 40L, BP ok; outpatient: RA")
    assert "oxygen" not in {f.slot for f in reading.findings}
    assert any("another time or a plan" in p for p in reading.problems)
