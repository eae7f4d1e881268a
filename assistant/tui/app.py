"""The Textual app: `make_app(...)` builds it for the CLI and for the tests alike.

The UI has no clinical logic: the consult screen talks to the consult service
(`assistant.consult_service`), which steps the engine and records each step before its replies
are shown (`on_event(event, state, replies)`; they are stored as shown); `start` resumes a
stored session.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.theme import Theme

from assistant import settings as settings_file
from assistant.consult_service import ConsultService, ContentFailed, Engine, Recorder, Start, StepFn
from assistant.invocation import command
from assistant.settings import PERSONAS, Persona, Settings

if TYPE_CHECKING:
    from assistant.consult_service import ExportSource, SessionAccess
    from assistant.store.replaying import Earlier
    from assistant.tui.screens.quiz import QuizRun

OnEvent = Recorder

LIGHT_THEME = "textual-light"
DARK_THEME = "textual-dark"


class LoadFailedScreen(Screen[None]):
    """Shown instead of the consult when the knowledge base (or the dialog) fails its checks:
    nothing is advised, and any key quits with exit status 2."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape,enter,ctrl+q,ctrl+c", "app.quit", "Quit", priority=True),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        from textual.widgets import Static

        yield Static(f"CRS assistant cannot advise.\n\n{self.message}\n\nPress q to quit (exit status 2).",
                     id="load-failed", markup=False)


class CrsApp(App[int]):
    """CRS assistant: a chat consult in the terminal."""

    TITLE = "CRS assistant"
    BINDING_GROUP_TITLE = "App"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True, tooltip="Quit the assistant"),
        Binding("f1", "help", "Help", id="help", tooltip="Keys, binding ids and consult commands"),
        Binding("ctrl+p", "command_palette", "Commands", id="command_palette", priority=True,
                tooltip="Open the command palette: consult, persona, theme, view"),
        Binding("ctrl+c", "help_quit", show=False, system=True),
        Binding("ctrl+s", "export('txt')", "Export note", id="export_note", show=False,
                tooltip="Write the consult note to the data folder's exports/ and copy it"),
    ]

    def __init__(
        self,
        *,
        settings: Settings,
        settings_path: Path | None,
        service: ConsultService | None,
        cursor_blink: bool = True,
        quiz: QuizRun | None = None,
        load_failure: str | None = None,
    ) -> None:
        super().__init__()
        self.quiz = quiz  # a practice run: the app's quiz mode, instead of a consult
        if quiz is not None:
            self.title = "CRS practice"
        self.service = service  # the consult (None in quiz mode): the consult screen's only way to it
        self.resume_request: int | None = None  # a stored consult to reopen after this app closes
        self.settings = settings
        self.settings_path = settings_path
        self.cursor_blink = cursor_blink
        self.load_failure = load_failure  # why the engine could not load (its content failed its checks)
        if settings.keymap:
            self.set_keymap(settings.keymap)
        self.theme = settings.theme if settings.theme in self.available_themes else DARK_THEME

    @property
    def engine(self) -> Engine | None:
        """The loaded dialog engine; None in quiz mode or when the content failed its checks."""
        return None if self.service is None else self.service.engine

    @property
    def session(self) -> ConsultService:
        """The consult (its `state`, its `events`); RuntimeError when there is none."""
        if self.service is None or self.service.engine is None:
            raise RuntimeError("the engine has not loaded yet")
        return self.service

    def get_default_screen(self) -> Screen[None]:
        if self.load_failure is not None:
            return LoadFailedScreen(self.load_failure)
        if self.quiz is not None:
            from assistant.tui.screens.quiz import QuizScreen

            return QuizScreen(self.quiz)
        from assistant.tui.screens.consult import ConsultScreen

        assert self.service is not None
        return ConsultScreen(self.service, persona=self.settings.persona, cursor_blink=self.cursor_blink,
                             remember_persona=self.remember_persona)

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

    async def action_quit(self) -> None:
        if self.load_failure is not None:
            self.exit(2, return_code=2)
            return
        from assistant.tui.screens.quiz import QuizScreen

        for screen in self.screen_stack:
            if isinstance(screen, QuizScreen):  # a practice run quit midway is scored and saved first
                await screen.finish()
        await super().action_quit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("export", "session_info", "label_prompt", "open_session"):
            return self.quiz is None  # a consult's actions; a practice run has its own results
        return True

    # --- actions -------------------------------------------------------------------

    def action_export(self, fmt: str) -> None:
        """Write the consult so far in one format to <data folder>/exports/ (the note is also copied).

        The export is built and written in a worker thread: a long consult takes a while to render,
        and the UI goes on meanwhile; the notice comes when the file is written."""
        if self.service is None or not self.service.loaded:
            return
        folder = (self.settings_path.parent if self.settings_path is not None else settings_file.data_dir()) / "exports"
        source = self.service.export_source()  # the consult as it is now, not as it is when written
        self.run_worker(lambda: self._export_now(fmt, folder, source), name=f"export {fmt}",
                        group="export", thread=True, exit_on_error=False)

    def _export_now(self, fmt: str, folder: Path, source: ExportSource) -> None:
        """In the worker thread: build and write the export, then tell the UI thread."""
        from assistant.export import OutputError
        from assistant.store import StoreError
        from assistant.tui.exporting import export_file

        try:
            path, text = export_file(source.events, fmt, folder, persona=source.persona, stored=source.stored(fmt))
        except (OutputError, OSError, StoreError) as exc:
            self.call_from_thread(self.notify, f"Export failed: {exc}", severity="error")
            return
        self.call_from_thread(self._exported, fmt, path, text)

    def _exported(self, fmt: str, path: Path, text: str) -> None:
        from assistant.identity import served
        from assistant.tui.exporting import NAMES

        if served():  # in a browser tab the file is the browser's to save, not the server's
            import io

            self.deliver_text(io.StringIO(text), save_filename=path.name, open_method="download")
            self.notify(f"{NAMES[fmt].capitalize()} sent to your browser as {path.name}", title="Export")
            return
        if fmt == "txt":
            self.copy_to_clipboard(text)
        self.notify(f"{NAMES[fmt].capitalize()} written to {path}" + (" and copied" if fmt == "txt" else ""),
                    title="Export")

    @property
    def sessions(self) -> SessionAccess | None:
        """The session store, when this consult is stored."""
        return None if self.service is None else self.service.sessions

    def action_session_info(self) -> None:
        if self.sessions is None:
            self.notify("This consult is not stored (--no-store).", title="Sessions")
            return
        current = self.sessions.current()
        if current is None:
            self.notify("Not stored yet: a consult is stored from its first answer.", title="Sessions")
            return
        self.notify(f"Stored as session {current}. Export: {command('export', str(current), '--format', 'txt')}. "
                    f"Resume later: {command('--resume', str(current))}.", title="Sessions", timeout=10)

    def action_label_prompt(self) -> None:
        """Palette "sessions: label this consult": the prompt starts a /label line to finish."""
        from assistant.tui.widgets.prompt import Prompt

        prompt = self.screen.query_one(Prompt)
        prompt.text = "/label "
        prompt.move_cursor(prompt.document.end)
        prompt.focus()

    def action_open_session(self) -> None:
        from assistant.store import StoreError
        from assistant.tui.screens.sessions import SessionsScreen

        if self.sessions is None:
            return
        try:
            rows = self.sessions.stored()
        except StoreError as exc:
            self.notify(f"The stored consults could not be read: {exc}", severity="error", title="Sessions")
            return
        current = self.sessions.current()
        if not [row for row in rows if row.id != current]:
            self.notify("No other stored consults yet.", title="Sessions")
            return
        self.push_screen(SessionsScreen(rows, current), self._reopen)

    def _reopen(self, session_id: int | None) -> None:
        if session_id is None:
            return
        from assistant.identity import served

        if served():  # in a browser tab: load the page again on that consult (a new app process)
            self.open_url(f"?resume={session_id}", new_tab=False)
            return
        self.resume_request = session_id
        self.exit(0)

    def action_help(self) -> None:
        from assistant.tui.screens.help import HelpScreen, help_markdown

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen(help_markdown(self.binding_owners(), self.settings.keymap)))

    def binding_owners(self) -> list[type]:
        from assistant.tui.screens.consult import ConsultScreen
        from assistant.tui.widgets.case_panel import SlotList
        from assistant.tui.widgets.messages import ChatMessage
        from assistant.tui.widgets.prompt import Prompt
        from assistant.tui.widgets.quick_replies import QuickReplies

        if self.quiz is not None:
            from assistant.tui.screens.quiz import QuizScreen

            return [CrsApp, QuizScreen, Prompt, ChatMessage, QuickReplies]
        return [CrsApp, ConsultScreen, Prompt, ChatMessage, QuickReplies, SlotList]

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        from assistant.tui.screens.consult import ConsultScreen

        consult = screen if isinstance(screen, ConsultScreen) else None
        questions = self.service.questions() if consult is not None and self.service is not None else []
        if consult is not None:
            send = consult.send_text
            yield SystemCommand("consult: new", "Start a new consult (/restart)", lambda: send("/restart"))
            yield SystemCommand("consult: back", "Undo the last answer (/back)", lambda: send("/back"))
            yield SystemCommand("consult: plan", "Show the current plan again (/plan, F2)", lambda: send("/plan"))
            yield SystemCommand("consult: why", "The grade's basis and the rules behind the plan (/why)",
                                lambda: send("/why"))
            yield SystemCommand("consult: references", "The references behind the current answer (/refs)",
                                lambda: send("/refs"))
            yield SystemCommand("consult: summary", "The case so far (/summary)", lambda: send("/summary"))
            for slot, question in questions:
                yield SystemCommand(
                    f"consult: change {slot}", f"Answer again: {question}",
                    lambda slot=slot: send(f"/change {slot}"), discover=False,
                )
            for persona in PERSONAS:
                detail = "concise plans" if persona == "clinician" else "plans with teaching and evidence notes"
                yield SystemCommand(f"persona: {persona}", f"Switch to {persona}: {detail}",
                                    lambda persona=persona: consult.switch_persona(persona))
            yield SystemCommand("view: case panel", "Show or hide the 'Case so far' panel", consult.action_toggle_case)
        if consult is not None:
            for fmt, what in (("txt", "consult note (80 columns, copied too)"), ("md", "Markdown transcript"),
                              ("html", "printable HTML page"), ("json", "JSON (re-importable)")):
                yield SystemCommand(f"export: {what}", f"Write the consult as {what} to the data folder's exports/",
                                    lambda fmt=fmt: self.action_export(fmt))
        if consult is not None and self.sessions is not None:
            yield SystemCommand("sessions: this consult",
                                "This consult's session number, and how to export or resume it",
                                self.action_session_info)
            yield SystemCommand("sessions: open a stored consult", "Reopen a stored consult where it stopped",
                                self.action_open_session)
            yield SystemCommand("sessions: label this consult",
                                "Name this consult in the local store, e.g. 'bed 12' (/label TEXT)",
                                self.action_label_prompt)
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
    cursor_blink: bool = True,
    earlier: Earlier | None = None,
    sessions: SessionAccess | None = None,
    clock: Callable[[], str | None] | None = None,
) -> CrsApp:
    """Build the app around its consult service.

    `settings_path` defaults to settings.json in the data dir; `settings`, when given, is used
    instead of reading it. `start` resumes a session (its state and replies, e.g. from
    `replay`); `on_event(event, state, replies)` runs after each step, before its replies show (persist
    there); `step` replaces the engine's step (tests). The engine is loaded here, before the app
    paints (`ConsultService.load`); content that fails its checks gives an app that shows why and
    exits with status 2.
    `earlier` holds a resumed session's turns (replayed by the store), shown above where it stopped
    and covered by an export.
    `sessions` reaches the session store (palette "sessions:", the prompt's history across runs,
    `label`).
    `clock` gives the time each event is stamped with (default: now, in the local offset; None
    from it: no time, as events stored before times were kept).
    """
    if settings is None:
        settings_path = settings_path or settings_file.settings_path()
        settings = settings_file.load(settings_path)
    service = ConsultService(start=start, step=step, recorder=on_event, sessions=sessions, earlier=earlier,
                             clock=clock, labeller=None if sessions is None else sessions.set_label)
    try:
        service.load(warm=True)  # warm the grading and planning caches the side panel uses
    except ContentFailed as exc:
        return CrsApp(settings=settings, settings_path=settings_path, service=service, cursor_blink=cursor_blink,
                      load_failure=str(exc))
    return CrsApp(settings=settings, settings_path=settings_path, service=service, cursor_blink=cursor_blink)


def run_app(args: argparse.Namespace) -> int:
    app = make_app()
    result = app.run()
    return result if isinstance(result, int) else 0
