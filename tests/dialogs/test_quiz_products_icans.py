"""Quiz questions about products and ICANS, generated from the same engine as the consult."""

from __future__ import annotations

from dialogs.quiz.cases import from_vignette
from dialogs.quiz.questions import ICANS_OPTIONS, questions_for
from dialogs.quiz.session import _explain
from knowledge.assessment import assess
from knowledge.practice import default_practice


def case(vid: str):  # type: ignore[no-untyped-def]
    return from_vignette(next(v for v in default_practice()[1] if v.id == vid))


def test_icans_question_answer_is_the_engines_icans_grade() -> None:
    for vid, grade in (("v32-axicel-icans-aphasia", 3), ("v33-tisacel-icans-voice", 2)):
        c = case(vid)
        (q,) = [q for q in questions_for(c, 1) if q.kind == "icans"]
        assert assess(c.slots).icans.grade == grade
        assert q.options == ICANS_OPTIONS and q.correct == grade
        feedback = _explain(q, c, q.correct, True)
        assert "ICANS grade basis:" in feedback and "ICE" in feedback


def test_no_icans_question_without_icans() -> None:
    assert not [q for q in questions_for(case("v30-epcoritamab-c1d15"), 1) if q.kind == "icans"]


def test_product_question_answer_is_the_labels_action_for_the_grade_without_giving_the_grade_away() -> None:
    c = case("v30-epcoritamab-c1d15")
    (q,) = [q for q in questions_for(c, 1) if q.kind == "product"]
    right = q.options[q.correct]
    assert "Premedicate the next dose" in right
    assert not any(o.lower().startswith("epcoritamab label") for o in q.options)  # the grade lead is cut
    assert len(set(q.options)) == len(q.options) >= 3
    c4 = case("v31-tarlatamab-two-pressors")
    (q4,) = [q for q in questions_for(c4, 1) if q.kind == "product"]
    assert q4.options[q4.correct].startswith("discontinue tarlatamab permanently")


def test_question_order_grade_first_so_later_questions_give_nothing_away() -> None:
    kinds = [q.kind for q in questions_for(case("v30-epcoritamab-c1d15"), 1)]
    assert kinds.index("grade") < kinds.index("product")


def test_dose_feedback_shows_the_arithmetic_from_the_case_weight() -> None:
    c = case("v30-epcoritamab-c1d15")
    (q,) = [q for q in questions_for(c, 1) if q.kind == "dose"]
    feedback = _explain(q, c, q.correct, True)
    assert "Arithmetic: 8 mg/kg x 74 kg = 592 mg" in feedback
    assert q.options[q.correct] == "592 mg"


def test_feedback_never_invents_a_temperature_the_vignette_did_not_give() -> None:
    c = case("v32-axicel-icans-aphasia")  # "Afebrile since tocilizumab yesterday"
    (q,) = [q for q in questions_for(c, 1) if q.kind == "grade"]
    feedback = _explain(q, c, q.correct, True)
    assert "37.0" not in feedback and "no fever (afebrile)" in feedback
