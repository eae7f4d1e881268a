"""The Textual app: `make_app(...)` builds it for the CLI and for the tests alike.

The UI has no clinical logic: it sends `Event`s to the dialog engine and renders the `Reply`s.
`Session` is the seam for persistence (issue 5): `on_event(event, state)` runs after each
step and before its replies are shown, and `start` resumes a replayed session.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.theme import Theme

from assistant import settings as settings_file
from assistant.settings import PERSONAS, Persona, Settings

if TYPE_CHECKING:
    from dialogs.engine import Consult
    from dialogs.state import Event, Reply, State

StepFn = Callable[["State", "Event"], tuple["State", list["Reply"]]]
OnEvent = Callable[["Event", "State"], None]
Start = tuple["State", list["Reply"]]

LIGHT_THEME = "textual-light"
DARK_THEME = "textual-dark"


def _default_step(state: State, event: Event) -> tuple[State, list[Reply]]:
    from dialogs.engine import step

    return step(state, event)


@dataclass
class Session:
    """The consult as the UI drives it: a state, a step that never raises, and the persistence hook."""

    state: State
    step: StepFn = _default_step
    on_event: OnEvent | None = None
    events: list[Event] = field(default_factory=list)

    def send(self, event: Event) -> list[Reply]:
        """Step the engine. An exception becomes an error reply; the state is then unchanged."""
        from dialogs.state import Reply

        try:
            state, replies = self.step(self.state, event)
        except Exception as exc:  # the app must stay up whatever the engine does
            return [Reply("error", f"Internal error in the consult engine ({type(exc).__name__}: {exc}). "
                                   "Nothing was changed; please try again or rephrase.")]
        notices: list[Reply] = []
        if self.on_event is not None:
            try:
                self.on_event(event, state)
            except Exception as exc:
                notices.append(Reply("error", f"This step could not be saved ({type(exc).__name__}: {exc})."))
        self.state = state
        self.events.append(event)
        return [*notices, *replies]


class CrsApp(App[int]):
    """CRS assistant: a chat consult in the terminal."""

    TITLE = "CRS assistant"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True, tooltip="Quit the assistant"),
        Binding("f1", "help", "Help", id="help", tooltip="Keys, binding ids and consult commands"),
        Binding("ctrl+p", "command_palette", "Commands", id="command_palette", priority=True,
                tooltip="Open the command palette: consult, persona, theme, view"),
        Binding("ctrl+c", "help_quit", show=False, system=True),
    ]

    def __init__(
        self,
        *,
        settings: Settings,
        settings_path: Path | None,
        session: Session,
        start_replies: list[Reply],
        consult: Consult,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.settings_path = settings_path
        self.session = session
        self.start_replies = start_replies
        self.consult = consult
        self.cursor_blink = cursor_blink
        if settings.keymap:
            self.set_keymap(settings.keymap)
        self.theme = settings.theme if settings.theme in self.available_themes else DARK_THEME

    def get_default_screen(self) -> Screen[None]:
        from assistant.screens.consult import ConsultScreen

        return ConsultScreen()

    # --- settings ------------------------------------------------------------------

    def _save(self, settings: Settings) -> None:
        self.settings = settings
        if self.settings_path is not None and not settings_file.save(settings, self.settings_path):
            self.notify("Could not save settings in the data folder.", severity="warning")

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: Theme) -> None:
        if self.settings.theme != theme.name:
            self._save(self.settings.with_theme(theme.name))

    def remember_persona(self, persona: Persona) -> None:
        self._save(self.settings.with_persona(persona))

    # --- actions -------------------------------------------------------------------

    def action_help(self) -> None:
        from assistant.screens.help import HelpScreen, help_markdown

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen(help_markdown(self.binding_owners(), self.settings.keymap)))

    def binding_owners(self) -> list[type]:
        from assistant.screens.consult import ConsultScreen
        from assistant.widgets.case_panel import SlotRow
        from assistant.widgets.messages import ChatMessage
        from assistant.widgets.prompt import Prompt
        from assistant.widgets.quick_replies import QuickReplies

        return [CrsApp, ConsultScreen, Prompt, ChatMessage, QuickReplies, SlotRow]

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        from assistant.screens.consult import ConsultScreen

        consult = screen if isinstance(screen, ConsultScreen) else None
        if consult is not None:
            send = consult.send_text
            yield SystemCommand("consult: new", "Start a new consult (/restart)", lambda: send("/restart"))
            yield SystemCommand("consult: back", "Undo the last answer (/back)", lambda: send("/back"))
            yield SystemCommand("consult: why", "The grade's basis and the rules behind the plan (/why)",
                                lambda: send("/why"))
            yield SystemCommand("consult: references", "The references behind the current answer (/refs)",
                                lambda: send("/refs"))
            yield SystemCommand("consult: summary", "The case so far (/summary)", lambda: send("/summary"))
            for question in self.consult.spec.questions:
                slot = question.slot
                yield SystemCommand(
                    f"consult: change {slot}", f"Answer again: {question.question}",
                    lambda slot=slot: send(f"/change {slot}"), discover=False,
                )
            for persona in PERSONAS:
                detail = "concise plans" if persona == "clinician" else "plans with teaching and evidence notes"
                yield SystemCommand(f"persona: {persona}", f"Switch to {persona}: {detail}",
                                    lambda persona=persona: consult.switch_persona(persona))
            yield SystemCommand("view: case panel", "Show or hide the 'Case so far' panel", consult.action_toggle_case)
        yield SystemCommand("theme: dark", "Use the dark theme", lambda: setattr(self, "theme", DARK_THEME))
        yield SystemCommand("theme: light", "Use the light theme", lambda: setattr(self, "theme", LIGHT_THEME))
        yield SystemCommand("theme: choose", "Pick any installed theme", self.action_change_theme)
        yield SystemCommand("help: keys", "Keys, binding ids and commands (F1)", self.action_help)
        yield SystemCommand("app: quit", "Quit the assistant", self.action_quit)


def make_app(
    *,
    settings_path: Path | None = None,
    settings: Settings | None = None,
    on_event: OnEvent | None = None,
    start: Start | None = None,
    step: StepFn | None = None,
    consult: Consult | None = None,
    cursor_blink: bool = True,
) -> CrsApp:
    """Build the app. `settings_path` defaults to settings.json in the data dir; `settings`, when
    given, is used instead of reading it. `start` resumes a session (state and its replies);
    `step` replaces the engine (tests); `on_event` persists each event before its replies show."""
    from dialogs.engine import begin, default_consult

    consult = consult or default_consult()
    if settings is None:
        settings_path = settings_path or settings_file.settings_path()
        settings = settings_file.load(settings_path)
    state, replies = start if start is not None else begin(consult)
    session = Session(state=state, step=step or _default_step, on_event=on_event)
    return CrsApp(settings=settings, settings_path=settings_path, session=session, start_replies=list(replies),
                  consult=consult, cursor_blink=cursor_blink)


def run_app(args: argparse.Namespace) -> int:
    app = make_app()
    result = app.run()
    return result if isinstance(result, int) else 0
