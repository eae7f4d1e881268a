"""The practice run in the terminal UI (the app's quiz mode), driven with Pilot: what is shown in
the conversation and the quick replies, and what is saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Button

from assistant.settings import Settings
from assistant.tui.app import CrsApp
from assistant.tui.quiz_app import make_quiz_app
from assistant.tui.screens.quiz import QuizScreen
from assistant.tui.widgets.conversation import Conversation
from assistant.tui.widgets.prompt import Prompt
from assistant.tui.widgets.quick_replies import QuickReplies
from dialogs.quiz.session import QuizState, quiz_begin


def quiz_app(tmp_path: Path, seed: int, count: int, **kwargs: Any) -> CrsApp:
    return make_quiz_app(seed, count, settings=Settings(persona="trainee"), settings_path=tmp_path / "settings.json",
                         cursor_blink=False, **kwargs)


def texts(app: CrsApp) -> list[str]:
    return [str(m.render()) for m in app.screen.query_one(Conversation).messages]


def options(app: CrsApp) -> list[str]:
    return [str(b.label) for b in app.screen.query_one(QuickReplies).query(Button) if b.display]


def right_answer(seed: int, count: int) -> tuple[int, tuple[str, ...]]:
    """The first question's right option (from 1) and its options, from the quiz session itself."""
    state, _ = quiz_begin(seed, count)
    _, question = state.current  # type: ignore[misc]
    return question.correct + 1, question.options


async def test_the_quiz_is_a_mode_of_the_consult_app_with_its_widgets(tmp_path: Path) -> None:
    app = quiz_app(tmp_path, 5, 2)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app, CrsApp) and isinstance(app.screen, QuizScreen)
        shown = texts(app)
        assert any(t.startswith("Case 1 of 2:") for t in shown)
        assert "What is the ASTCT CRS grade?" in shown[-1]
        assert options(app)[:2] == ["1 Grade 0 (criteria not met)", "2 Grade 1"]
        assert app.screen.query_one(Prompt) is not None


async def test_a_number_key_chooses_while_the_options_have_focus_and_the_feedback_shows(tmp_path: Path) -> None:
    right, _ = right_answer(5, 2)
    app = quiz_app(tmp_path, 5, 2)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press(str(right))
        await pilot.pause()
        assert any(t.startswith("Correct.") for t in texts(app))
        assert any(t.startswith("You") for t in texts(app)), "the choice shows as the trainee's turn"


async def test_a_typed_wrong_answer_names_the_right_one(tmp_path: Path) -> None:
    right, opts = right_answer(5, 1)
    wrong = opts[right % len(opts)]
    app = quiz_app(tmp_path, 5, 1)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        prompt = app.screen.query_one(Prompt)
        prompt.focus()
        prompt.insert(wrong)
        await pilot.press("enter")
        await pilot.pause()
        assert any(t.startswith(f"Not quite. The answer is: {opts[right - 1]}.") for t in texts(app))


async def test_in_the_prompt_digits_are_text_and_alt_digit_still_chooses(tmp_path: Path) -> None:
    app = quiz_app(tmp_path, 5, 1)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        prompt = app.screen.query_one(Prompt)
        prompt.focus()
        await pilot.press("1", "2")
        assert prompt.text == "12"
        assert not any(t.startswith(("Correct.", "Not quite.")) for t in texts(app))
        await pilot.press("alt+1")
        await pilot.pause()
        assert any(t.startswith(("Correct.", "Not quite.")) for t in texts(app))


async def test_finishing_the_run_shows_the_score_and_saves_once(tmp_path: Path) -> None:
    saved: list[QuizState] = []
    state, _ = quiz_begin(3, 1)
    app = quiz_app(tmp_path, 3, 1, on_finish=saved.append)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        for _ in range(len(state.queue)):
            await pilot.press("alt+1")
            await pilot.pause()
        assert any(t.startswith("Score:") for t in texts(app))
        assert options(app) == [], "no options once the run is over"
        assert len(saved) == 1 and saved[0].finished
        await pilot.press("ctrl+q")
    assert len(saved) == 1


async def test_quit_mid_run_scores_what_was_answered(tmp_path: Path) -> None:
    saved: list[QuizState] = []
    app = quiz_app(tmp_path, 3, 3, on_finish=saved.append)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("alt+1")
        await pilot.pause()
        await pilot.press("ctrl+q")
    assert len(saved) == 1 and len(saved[0].answers) == 1


async def test_markup_in_typed_answers_is_shown_literally(tmp_path: Path) -> None:
    app = quiz_app(tmp_path, 5, 1)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        prompt = app.screen.query_one(Prompt)
        prompt.focus()
        prompt.insert("[red]x[/red] [@click=app.quit]y")
        await pilot.press("enter")
        await pilot.pause()
        assert any("[red]x[/red] [@click=app.quit]y" in t for t in texts(app))
        assert app.is_running


async def test_consult_commands_are_not_offered_in_a_practice_run(tmp_path: Path) -> None:
    app = quiz_app(tmp_path, 5, 1)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert app.check_action("export", ("txt",)) is False
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen) and app.is_running
