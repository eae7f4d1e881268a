"""`crs-assistant quiz`: trainee practice in the terminal UI, the app's quiz mode.

The same app as the consult (its theme and settings, help, palette, quit key), showing the
practice screen (`screens/quiz.py`) with the consult's widgets instead of a consult.
"""

from __future__ import annotations

from pathlib import Path

from assistant import settings as settings_file
from assistant.settings import Settings
from assistant.tui.app import CrsApp
from assistant.tui.screens.quiz import OnFinish, QuizRun


def make_quiz_app(
    seed: int, count: int, prefer: tuple[str, ...] = (), on_finish: OnFinish | None = None, *,
    settings: Settings | None = None, settings_path: Path | None = None, cursor_blink: bool = True,
) -> CrsApp:
    """The app in quiz mode. Settings (the theme) are read from the data folder unless given;
    the persona is not asked: a practice run is a trainee's by definition."""
    if settings is None:
        settings_path = settings_path or settings_file.settings_path()
        settings = settings_file.load(settings_path)
    return CrsApp(settings=settings, settings_path=settings_path, service=None, cursor_blink=cursor_blink,
                  quiz=QuizRun(seed, count, prefer, on_finish))


def run_quiz_app(seed: int, count: int, prefer: tuple[str, ...] = (), on_finish: OnFinish | None = None) -> int:
    from assistant.tui import paste_parser

    paste_parser.install()
    result = make_quiz_app(seed, count, prefer, on_finish).run()
    return result if isinstance(result, int) else 0
