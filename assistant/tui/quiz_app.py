"""`crs-assistant quiz`: trainee practice in the terminal UI.

The screen renders the quiz session's replies and sends what the trainee chooses; scoring,
feedback and scheduling live in `dialogs.quiz`. Options are buttons chosen with number keys
(1-9) or by typing; all text is shown literally.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Header, Input, Static

from assistant.tui.widgets.disclaimer import Disclaimer
from dialogs.quiz.session import QuizState, quiz_begin, quiz_step
from dialogs.safe_text import inert
from dialogs.state import Reply

OnFinish = Callable[[QuizState], None]


class QuizMessage(Static):
    """One message of the practice run; its text is literal, never markup."""

    DEFAULT_CSS = """
    QuizMessage { padding: 0 1; margin: 0 0 1 0; }
    QuizMessage.-case { border-left: thick $accent; background: $boost; }
    QuizMessage.-right { border-left: thick $success; }
    QuizMessage.-wrong { border-left: thick $error; }
    QuizMessage.-you { color: $text-muted; }
    """

    def __init__(self, text: str, classes: str = "") -> None:
        super().__init__(Content(inert(text)), classes=classes)


class QuizApp(App[int]):
    TITLE = "CRS practice"
    CSS = """
    #log { height: 1fr; }
    #log:focus { border-left: tall $accent; }
    #options { height: auto; max-height: 8; layout: vertical; }
    #options > Button { width: 1fr; height: 1; min-width: 0; text-align: left; content-align: left middle; }
    Disclaimer { color: $text-muted; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"choose({n})", f"Option {n}", id=f"quiz_option_{n}", show=False,
                  tooltip=f"Choose option {n}") for n in range(1, 10)),
        *(Binding(f"alt+{n}", f"choose({n})", f"Option {n}", id=f"quiz_option_alt_{n}", show=False, priority=True,
                  tooltip=f"Choose option {n} from anywhere") for n in range(1, 10)),
        Binding("ctrl+q", "quit_run", "Quit", id="quiz_quit", tooltip="End the run and show the score"),
        Binding("f1", "show_help", "Help", id="quiz_help", tooltip="How the practice run works"),
    ]

    def __init__(self, seed: int, count: int, prefer: tuple[str, ...] = (), on_finish: OnFinish | None = None,
                 dark: bool = True) -> None:
        super().__init__()
        self.state, self._opening = quiz_begin(seed, count, prefer)
        self.on_finish = on_finish
        self.finished_saved = False
        self.theme = "textual-dark" if dark else "textual-light"

    def compose(self) -> ComposeResult:
        yield Header()
        yield VerticalScroll(id="log", can_focus=True)
        yield Horizontal(id="options")
        yield Input(placeholder="Press 1-9 to answer, or Tab here to type the answer and Enter", id="answer")
        yield Disclaimer()
        yield Footer()

    async def on_mount(self) -> None:
        await self.show(self._opening)
        self.query_one("#log").focus()

    async def show(self, replies: list[Reply]) -> None:
        log = self.query_one("#log", VerticalScroll)
        options: tuple[str, ...] = ()
        for reply in replies:
            classes = ""
            if reply.data and "case" in reply.data:
                classes = "-case"
            elif reply.data and "correct" in reply.data:
                classes = "-right" if reply.data["correct"] else "-wrong"
            text = reply.text
            if reply.kind == "question":
                options = reply.options
            await log.mount(QuizMessage(text, classes=classes))
        await self.set_options(options if not self.state.finished else ())
        log.scroll_end(animate=False)
        if self.state.finished:
            self._save()
            self.query_one(Input).placeholder = "Run finished: Ctrl+Q to leave"

    async def set_options(self, options: tuple[str, ...]) -> None:
        bar = self.query_one("#options", Horizontal)
        await bar.remove_children()
        buttons = [Button(Content.assemble((f"{n} ", "bold"), inert(o)), compact=True, name=o)
                   for n, o in enumerate(options[:9], start=1)]
        for button in buttons:
            button.can_focus = False  # Tab goes from the run to the answer box; digits choose
        await bar.mount_all(buttons)

    async def answer(self, text: str) -> None:
        if self.state.finished:
            return
        options = [str(b.name) for b in self.query("#options Button")]
        shown = f"{text}) {options[int(text) - 1]}" if text.isdigit() and 0 < int(text) <= len(options) else text
        await self.query_one("#log", VerticalScroll).mount(QuizMessage(f"You: {shown}", classes="-you"))
        self.state, replies = quiz_step(self.state, text)
        await self.show(replies)

    def _save(self) -> None:
        if not self.finished_saved and self.on_finish is not None and self.state.answers:
            self.finished_saved = True
            self.on_finish(self.state)

    @on(Input.Submitted, "#answer")
    async def submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        event.input.value = ""
        if text:
            await self.answer(text)

    @on(Button.Pressed)
    async def pressed(self, event: Button.Pressed) -> None:
        buttons = list(self.query("#options Button"))
        await self.answer(str(buttons.index(event.button) + 1))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose":
            return bool(self.query("#options Button"))
        return True

    async def action_choose(self, number: int) -> None:
        if number <= len(self.query("#options Button")):
            await self.answer(str(number))

    async def action_quit_run(self) -> None:
        if not self.state.finished and self.state.answers:
            self.state, replies = quiz_step(self.state, "quit")
            await self.show(replies)
        self._save()
        self.exit(0)

    async def action_show_help(self) -> None:
        await self.show([Reply("info", "Read the case, then choose an answer with 1-9 or type it. Feedback "
                                       "cites the knowledge base. Ctrl+Q ends the run and shows the score.")])


def run_quiz_app(seed: int, count: int, prefer: tuple[str, ...] = (), on_finish: OnFinish | None = None) -> int:
    from assistant.tui import paste_parser

    paste_parser.install()
    result = QuizApp(seed, count, prefer, on_finish).run()
    return result or 0
