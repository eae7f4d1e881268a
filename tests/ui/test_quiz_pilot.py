"""The practice run in the terminal UI, driven with Pilot."""

from __future__ import annotations

from textual.widgets import Button, Input

from assistant.tui.quiz_app import QuizApp, QuizMessage
from dialogs.quiz.session import QuizState


def texts(app: QuizApp) -> list[str]:
    return [str(m.render()) for m in app.query(QuizMessage)]


async def test_case_question_and_options_then_feedback_by_number_key() -> None:
    app = QuizApp(seed=5, count=2)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        shown = texts(app)
        assert any(t.startswith("Case 1 of 2:") for t in shown)
        assert "What is the ASTCT CRS grade?" in shown[-1]
        assert [b.name for b in app.query(Button)][:2] == ["Grade 0 (criteria not met)", "Grade 1"]
        _, question = app.state.current  # type: ignore[misc]
        await pilot.press(str(question.correct + 1))
        await pilot.pause()
        assert any(t.startswith("Correct.") for t in texts(app))
        assert app.state.position == 1


async def test_typed_answer_and_wrong_feedback_names_the_right_answer() -> None:
    app = QuizApp(seed=5, count=1)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        _, question = app.state.current  # type: ignore[misc]
        wrong = (question.correct + 1) % len(question.options)
        app.query_one(Input).focus()
        app.query_one(Input).value = question.options[wrong]
        await pilot.press("enter")
        await pilot.pause()
        assert any(t.startswith(f"Not quite. The answer is: {question.options[question.correct]}.")
                   for t in texts(app))


async def test_in_the_answer_box_digits_are_text_and_alt_digit_still_chooses() -> None:
    app = QuizApp(seed=5, count=1)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("tab")
        assert isinstance(app.focused, Input)
        await pilot.press("1", "2")
        assert app.query_one(Input).value == "12" and app.state.position == 0
        await pilot.press("alt+1")
        await pilot.pause()
        assert app.state.position == 1


async def test_finishing_the_run_shows_the_score_and_saves_once() -> None:
    saved: list[QuizState] = []
    app = QuizApp(seed=3, count=1, on_finish=saved.append)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        for _ in range(len(app.state.queue)):
            await pilot.press("1")
            await pilot.pause()
        assert app.state.current is None
        assert any(t.startswith("Score:") for t in texts(app))
        assert len(saved) == 1 and saved[0].finished
        await pilot.press("ctrl+q")
    assert len(saved) == 1


async def test_quit_mid_run_scores_what_was_answered() -> None:
    saved: list[QuizState] = []
    app = QuizApp(seed=3, count=3, on_finish=saved.append)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("ctrl+q")
    assert len(saved) == 1 and len(saved[0].answers) == 1


async def test_markup_in_typed_answers_is_shown_literally() -> None:
    app = QuizApp(seed=5, count=1)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.query_one(Input).focus()
        app.query_one(Input).value = "[red]x[/red] [@click=app.quit]y"
        await pilot.press("enter")
        await pilot.pause()
        assert any("[red]x[/red] [@click=app.quit]y" in t for t in texts(app))
        assert app.is_running
