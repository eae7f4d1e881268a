"""The therapy course: counters against a direct count, and no plan offers a dose that breaks a cap."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.assessment import assess
from knowledge.course import Caps, Course, Given
from knowledge.loader import default_kb
from knowledge.planning import tocilizumab_caps
from knowledge.slots import Case

T0 = datetime(2026, 12, 1, tzinfo=UTC)
CASE = {"temperature_c": 39.0, "hypotension": "one-pressor", "oxygen": "high-flow", "weight_kg": 80.0,
        "steroids": "full", "anakinra_mg_day": 0.0}


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def course(hours: list[float], now: float) -> Course:
    return Course(tuple(Given("tocilizumab", at(h)) for h in hours), now=at(now))


def toci_item(c: Course, doses: int) -> tuple[str, str | None]:
    result = assess(Case(**CASE, tocilizumab_doses=min(doses, 8)), default_kb(), c)
    item = next(i for i in result.plan.items if i.action == "tocilizumab")
    return item.text, item.dose


def test_the_caps_are_the_knowledge_bases() -> None:
    assert tocilizumab_caps(default_kb()) == Caps(3, 4, timedelta(hours=8))


def test_a_dose_within_8_hours_waits_and_names_the_clock_time() -> None:
    text, dose = toci_item(course([2], now=6), 1)
    assert dose is None
    assert "last dose was at 02:00" in text and "may be given from 10:00" in text


def test_three_in_24_hours_blocks_the_next_until_the_first_is_24_hours_old() -> None:
    text, dose = toci_item(course([2, 10, 18], now=22), 3)
    assert dose is None
    assert "3 were given in the last 24 hours" in text and "from 02:00 on 2 Dec" in text
    assert toci_item(course([2, 10, 18], now=26), 3)[1] is not None  # 02:00 the next day: allowed


def test_no_dose_after_the_fourth() -> None:
    text, dose = toci_item(course([2, 10, 26, 40], now=80), 4)
    assert dose is None and "give no further tocilizumab" in text
    assert course([2, 10, 26, 40], now=80).toci_next_at(tocilizumab_caps(default_kb())) is None


def test_a_time_given_for_a_counted_dose_is_not_another_dose() -> None:
    caps = tocilizumab_caps(default_kb())
    stated = Course((Given("tocilizumab", at(4), counted=True),), now=at(6), stated_toci=2, stated_at=at(6))
    assert stated.toci_total() == 2 and stated.toci_untimed() == 1
    assert stated.timing(caps) == "wait-interval"  # the last one's time is known: 2 h ago
    later = Course((*stated.given, Given("tocilizumab", at(14))), now=at(14), stated_toci=2, stated_at=at(6))
    assert later.toci_total() == 3  # a dose after the count was stated is another dose


def test_steroids_are_summed_and_each_drug_says_how_long_ago() -> None:
    c = Course((Given("dexamethasone", at(6), 10.0), Given("dexamethasone", at(12), 10.0),
                Given("antipyretic", at(9), 1000.0)), now=at(14))
    assert c.total_mg("dexamethasone") == 20.0
    lines = c.lines(tocilizumab_caps(default_kb()))
    assert "Dexamethasone: 20 mg in total; given 06:00, 12:00; last 2 h ago" in lines
    assert "Antipyretic: given 09:00; last 5 h ago" in lines


doses = st.lists(st.integers(min_value=0, max_value=96 * 60), min_size=0, max_size=7, unique=True)


@settings(max_examples=300, deadline=None)
@given(minutes=doses, after=st.integers(min_value=0, max_value=30 * 60))
def test_counters_equal_a_direct_count_and_no_offered_dose_breaks_a_cap(minutes: list[int], after: int) -> None:
    times = sorted(at(m / 60) for m in minutes)
    now = (times[-1] if times else T0) + timedelta(minutes=after)
    c = Course(tuple(Given("tocilizumab", t) for t in times), now=now)
    caps = tocilizumab_caps(default_kb())
    in_24h = [t for t in times if now - timedelta(hours=24) < t <= now]
    assert c.toci_total() == (len(times) or None)
    assert c.toci_in_24h() == len(in_24h)
    assert c.toci_last() == (times[-1] if times else None)
    _, dose = toci_item(c, len(times))
    if dose is not None:  # offered now: giving it now keeps every cap
        assert len(times) + 1 <= caps.total
        assert len(in_24h) + 1 <= caps.per_24h
        assert not times or now - times[-1] >= caps.interval
    nxt = c.toci_next_at(caps)
    if nxt is not None and nxt > now:  # the named time is the first that keeps every cap
        later = Course(c.given, now=nxt)
        assert toci_item(later, len(times))[1] is not None
        if nxt - timedelta(minutes=1) >= now:
            assert toci_item(Course(c.given, now=nxt - timedelta(minutes=1)), len(times))[1] is None
