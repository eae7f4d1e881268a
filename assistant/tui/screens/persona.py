"""First run: "Which best describes you?" clinician (concise plans) or trainee (teaching notes)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from assistant.settings import Persona

CHOICES: tuple[tuple[Persona, str], ...] = (
    ("clinician", "Clinician: concise plans"),
    ("trainee", "Trainee: the same plan with teaching explanations and evidence notes"),
)
QUESTION = "Which best describes you?"


class PersonaScreen(ModalScreen[Persona]):
    """Asked once; the answer is saved in the settings file and can be switched from the palette."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "choose('clinician')", "Clinician", id="persona_clinician", tooltip="Concise plans"),
        Binding("2", "choose('trainee')", "Trainee", id="persona_trainee",
                tooltip="Plans with teaching explanations and evidence notes"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="persona-dialog"):
            yield Static(Content(QUESTION), id="persona-question")
            for n, (persona, label) in enumerate(CHOICES, start=1):
                yield Button(Content.assemble((f"{n} ", "bold"), label), name=persona, compact=True)
            yield Static(Content("Press 1 or 2, or choose with the arrows and Enter. "
                                 "You can switch later from the command palette (Ctrl+P)."), id="persona-hint")

    def on_mount(self) -> None:
        buttons = self.query(Button)  # none if the app is closing already
        if buttons:
            buttons.first().focus()

    def action_choose(self, persona: Persona) -> None:
        self.dismiss(persona)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose("trainee" if event.button.name == "trainee" else "clinician")
