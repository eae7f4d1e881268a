"""The consult screen's boundary: it needs the consult service (its `ConsultPort`) and nothing
of the app around it, so it runs the same in a bare Textual app."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from textual.app import App
from textual.screen import Screen

import assistant.tui
from assistant.consult_service import ConsultService
from assistant.settings import Persona
from assistant.tui.screens.consult import ConsultScreen
from assistant.tui.widgets.conversation import Conversation
from dialogs.state import Event, Reply, State


def no_clock() -> str | None:
    return None


async def test_the_consult_screen_runs_on_the_service_alone_in_a_bare_app(send) -> None:  # type: ignore[no-untyped-def]
    recorded: list[Event] = []
    remembered: list[Persona] = []

    def recorder(event: Event, state: State, replies: Sequence[Reply]) -> None:
        recorded.append(event)

    service = ConsultService(recorder=recorder, clock=no_clock)
    service.load()

    class Bare(App[None]):
        CSS_PATH = str(Path(assistant.tui.__file__).parent / "app.tcss")

        def get_default_screen(self) -> Screen[None]:
            return ConsultScreen(service, persona="clinician", cursor_blink=False,
                                 remember_persona=remembered.append)

    app = Bare()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await send(pilot, "39.2")
        shown = [m.copy_text for m in app.screen.query_one(Conversation).messages]
        assert shown[-2] == "39.2" and "vasopressor" in shown[-1].lower()
        screen = app.screen
        assert isinstance(screen, ConsultScreen)
        screen.switch_persona("trainee")
        await pilot.pause()
        await pilot.pause()
    assert recorded == [Event("text", "39.2"), Event("persona", "trainee")]
    assert remembered == ["trainee"] and service.state.persona == "trainee"
