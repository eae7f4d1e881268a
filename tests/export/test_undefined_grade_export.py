"""An undefined grade in every export (issue 11, point 6): the actions that hold at every
candidate grade, then what each candidate grade adds, saying the choice is the clinician's."""

from __future__ import annotations

import pytest

from assistant.export.render import render
from assistant.export.view import build_view
from tests.export.conftest import scripted

VASOPRESSIN_ONLY = (("text", "39.2"), ("text", "vasopressin only"), ("text", "room air"), ("text", "full"),
                    ("text", "0"), ("text", "no"), ("text", "70 kg"), ("text", "no"), ("text", "no"))


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_each_format_brackets_the_undefined_grade(fmt: str) -> None:
    events, meta = scripted(VASOPRESSIN_ONLY)
    view = build_view(events, meta)
    assert view.summary.status == "undefined"
    text = render(view, fmt)
    assert "The choice of grade is the clinician" in text
    shown = text.upper() if fmt == "txt" else text
    for grade in (2, 3):
        wanted = f"If you grade it as grade {grade}, add"
        assert (wanted.upper() if fmt == "txt" else wanted) in shown
    assert "Vasopressor support" in text and "ICU transfer" in text


def test_the_json_summary_keeps_the_bracket() -> None:
    events, meta = scripted(VASOPRESSIN_ONLY)
    data = build_view(events, meta).summary.data
    assert [b["grade"] for b in data["bracket"]] == [2, 3]
    assert "icu-transfer" in [i["action"] for i in data["bracket"][1]["items"]]
    assert "icu-transfer" not in [i["action"] for i in data["plan"]]
