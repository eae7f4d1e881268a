"""IEC-HS prompt (FACTS-2 section 5): rising ferritin prompts it, with its status; the criteria
are U, so they are said to be not covered, as a caveated note, never as an action."""

from __future__ import annotations

import pytest

from dialogs.understanding import read
from knowledge.assessment import assess, to_json
from knowledge.loader import default_kb
from knowledge.slots import Case


@pytest.mark.parametrize(("text", "rising"), [
    ("ferritin still rising", True), ("rising ferritin despite CRS settling", True),
    ("ferritin 8000 -> 15000", True), ("ferritin 15000 -> 9000", False), ("ferritin falling", False),
])
def test_ferritin_trend_is_read(text: str, rising: bool) -> None:
    assert {f.slot: f.value for f in read(text).findings}.get("ferritin_rising") is rising


def test_rising_ferritin_prompts_iec_hs_with_criteria_not_covered() -> None:
    data = to_json(assess(Case(temperature_c=37.2, anticytokine_given=True, hypotension="none", oxygen="none",
                               ferritin_rising=True)))
    item = next(i for i in data["plan"] if i["action"] == "consider-alternative-causes")
    assert item["statements"][:2] == ["iec-hs-consider", "iec-hs-criteria-not-covered"]
    assert "not covered" in item["text"] and "HINES" in item["refs"]
    assert default_kb().by_id["iec-hs-criteria-not-covered"].status == "U"
    assert default_kb().by_id["iec-hs-criteria-not-covered"].role == "note"
    quiet = to_json(assess(Case(temperature_c=37.2, anticytokine_given=True, hypotension="none", oxygen="none")))
    assert not any("iec-hs-consider" in i["statements"] for i in quiet["plan"])
