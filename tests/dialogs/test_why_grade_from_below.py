"""`why` for a grade known only from below: the shared items rest on "at least N", and the
grades still possible are said as possibilities, not as the clinician's choice."""

from __future__ import annotations

from dialogs.why import why_text
from knowledge.assessment import assess
from knowledge.loader import default_kb
from knowledge.slots import Case


def test_why_says_the_grade_from_below_and_what_each_possible_grade_adds() -> None:
    text = why_text(assess(Case(temperature_c=38.9, oxygen="high-flow", weight_kg=70.0)), default_kb())
    assert "Tocilizumab: ASTCT grade at least 3 (not yet known)" in " ".join(text.split())
    assert "If it is grade 3:" in text and "If it is grade 4:" in text
    assert "not defined" not in text and "If you grade it" not in text
