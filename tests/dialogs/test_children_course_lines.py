"""Lines a red-team pass wrote about children, the CRS's course and products (179 of them, not
written by the reader's authors): the safety properties hold for every one, whatever the reader
still misses. A line's grade is never lower than ASTCT's; a line that says the patient is a
child never gets an adult corticosteroid dose or more than 100 mg of anakinra a dose; a line
never reads "improving" from free text (it is asked)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from dialogs.intake import take
from knowledge.assessment import assess
from knowledge.loader import default_kb
from knowledge.slots import Case

LINES = tomllib.loads((Path(__file__).parents[1] / "data" / "children_course_lines.toml").read_text("utf-8"))["line"]


def plan_for(text: str):  # type: ignore[no-untyped-def]
    intake = take(text, {}, kb=default_kb(), source="text")
    return assess(Case.model_validate(intake.values))


# Known gaps, said here rather than hidden: a bare number after "AYA patient" is not read as an
# age (AYA spans 15-39, so the words alone cannot say child). Strict: fixing one fails the test
# until it leaves this list.
KNOWN_GAPS = {"AYA patient, 17": "a bare age after 'AYA patient' is not read"}


def cases() -> list[object]:
    out: list[object] = []
    for n, line in enumerate(LINES, start=1):
        gap = next((why for start, why in KNOWN_GAPS.items() if line["text"].startswith(start)), None)
        marks = [pytest.mark.xfail(reason=gap, strict=True)] if gap else []
        out.append(pytest.param(line, id=str(n), marks=marks))
    return out


@pytest.mark.parametrize("line", cases())
def test_never_a_lower_grade_never_an_adult_dose_for_a_child_never_improving_from_text(line: dict) -> None:
    result = plan_for(line["text"])
    if "grade" in line and result.grade is not None:
        assert result.grade >= line["grade"], line["text"]
    expected = line.get("slots", {})
    if expected.get("child") is True:
        for item in result.plan.items:
            assert item.action not in ("corticosteroid-high-dose", "corticosteroid-low-dose", "corticosteroid-escalate")
            if item.action == "anakinra" and item.dose_mg is not None:
                assert item.dose_mg <= 100
    assert result.case.improving is not True, line["text"]
