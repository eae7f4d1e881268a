"""Two oxygen supports said as now in one line, with nothing between them that says which one is
now: the higher counts ("never a lower grade") and the echo names the lower one as also said. With
a change, a time, or a reason before the higher one, the later one is the support now. Each row
fails when that phrasing is no longer read so."""

from __future__ import annotations

import pytest

from dialogs.understanding import read
from tests.dialogs.conftest import read_value as value


@pytest.mark.parametrize(
    ("text", "oxygen", "also"),
    [
        ("hfnc 40L, RA", "high-flow", "RA"),
        ("HFNC 40L, 38.4 ra", "high-flow", "ra"),
        ("T 38.5 hfnc 40L ra, no pressors", "high-flow", "ra"),
        ("NC 4L, RA, T 38.5, no pressors", "low-flow", "RA"),
        ("T 38.5 on hfnc 40L. ra. no pressors", "high-flow", "ra"),
        ("Tmax 39, NRB 15L, BP 100/60, RA", "high-flow", "RA"),
        ("T 38.5 HFNC 40L and room air", "high-flow", "room air"),
    ],
)
def test_the_higher_of_two_supports_with_nothing_between_counts_and_the_echo_says_so(
    text: str, oxygen: str, also: str
) -> None:
    reading = read(text)
    assert value(text, "oxygen") == oxygen
    said = " ".join([*(f.echo for f in reading.findings), *reading.notes])
    assert f"'{also}' also said" in said


@pytest.mark.parametrize(
    ("text", "oxygen"),
    [
        ("T 38.4, 2L NC -> RA this am", "none"),
        ("T 38.4, 0000 2L NC; 0400 RA", "none"),
        ("T 38.6, pt refusing BiPAP, on NRB 15L", "high-flow"),
        ("T 38.5, pt refused NRB, on 4L NC", "low-flow"),
        ("T 38.5, HFNC 40L earlier, now RA", "none"),
        ("T 38.5, weaned from HFNC to RA", "none"),
    ],
)
def test_a_change_a_time_or_a_reason_makes_the_later_support_the_one_now(text: str, oxygen: str) -> None:
    assert value(text, "oxygen") == oxygen
