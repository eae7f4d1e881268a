"""Room air or no oxygen said of the patient's baseline ("not on home O2", "normally on RA") is no
support now: the red-team pass of writer s32 (transfer requests) found it wiping the cannula named
before it. The rows are ours."""

from __future__ import annotations

import pytest

from tests.dialogs.conftest import read_value as value


@pytest.mark.parametrize(
    ("text", "oxygen"),
    [
        ("T 38.6, 2L NC (no home O2 at baseline), BP ok", "low-flow"),
        ("Tmax 38.7; currently Optiflow 40L; no home oxygen requirement; BP fine", "high-flow"),
        ("T 38.4 on 5 L; normally on room air; no pressors", "low-flow"),
        ("febrile 38.9 on 6L NC - not on O2 at home - BP 100/60", "low-flow"),
        ("T 39, NRB 15L, RA at baseline, normotensive", "high-flow"),
        ("BiPAP since 02:00, room air prior to admission, T 38.5", "positive-pressure"),
        # the baseline alone says nothing of now: asked
        ("T 38.5, BP 120/70, no home O2", None),
        # "never needed oxygen" includes now
        ("T 38.4, never needed O2, BP 120/72", "none"),
        ("T 38.8 RA at home, now 3L NC, BP ok", "low-flow"),
    ],
)
def test_room_air_at_baseline_is_not_the_support_now(text: str, oxygen: str | None) -> None:
    assert value(text, "oxygen") == oxygen
