"""`sessions regrade` and `kb impact` compare two plans by grade, plan items and doses, and read
whatever an imported document holds without failing."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from assistant.store.regrade import Difference, compare, regrade, side_by_side
from dialogs.state import Reply


def plan(grade: int | None, *items: tuple[str, str | None]) -> dict[str, Any]:
    return {"grade": grade, "plan": [{"label": label, "dose": dose} for label, dose in items]}


def test_grade_items_and_doses_are_each_named() -> None:
    shown = plan(3, ("Tocilizumab", "656 mg"), ("ICU transfer", None))
    today = plan(2, ("Tocilizumab", "560 mg"), ("Dexamethasone", "10 mg"))
    assert compare(shown, today) == (
        Difference("grade", "3", "2"),
        Difference("plan item", "ICU transfer", "-"),
        Difference("plan item", "-", "Dexamethasone"),
        Difference("dose: Tocilizumab", "656 mg", "560 mg"),
    )
    assert compare(shown, shown) == ()


def test_turns_are_compared_where_either_side_has_a_plan_and_printed_side_by_side() -> None:
    same = Reply("plan", "p", data=plan(3, ("Tocilizumab", "656 mg")))
    changed = Reply("plan", "p", data=plan(3, ("Tocilizumab", "700 mg")))
    diffs = regrade({1: (Reply("info", "x"),), 2: (same,), 3: (same,)}, {1: (Reply("info", "x"),), 2: (same,),
                                                                        3: (changed,), 4: (same,)})
    assert [d.turn for d in diffs] == [3, 4]
    table = side_by_side(diffs)
    assert table[0].split() == ["TURN", "WHAT", "AS", "SHOWN", "|", "TODAY"]
    assert table[1].split() == ["3", "dose:", "Tocilizumab", "656", "mg", "|", "700", "mg"]
    assert table[2].split()[:4] == ["4", "grade", "no", "plan"]


def test_malformed_plan_data_is_read_as_far_as_it_goes() -> None:
    odd: dict[str, Any] = {"grade": [1], "plan": ["not an item", {"dose": 5}, {"label": None, "action": "x"}]}
    assert compare(odd, None)[0] == Difference("grade", "[1]", "no plan")
    assert compare({"plan": "nothing"}, {"plan": None}) == ()  # both undecided, neither has items


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_label_lines_are_read_whole_and_other_lines_are_left_to_the_consult(text: str) -> None:
    from assistant.labels import label_command

    wanted = label_command(f"/label {text}")
    assert wanted is not None and wanted == text.strip()
    if not text.lstrip().lower().startswith(("label", "/label")):
        assert label_command(text) is None  # never taken from the consult
