"""Running the terminal UI (`crs-assistant [--resume [ID]]`): the store wiring around the app,
and reopening a consult chosen from the palette. The command line launches it from here."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from assistant.opening import open_or_refuse, saved


class LazyRecorder:
    """Records a new consult, opening the store at its first event rather than at start-up.

    A new consult needs nothing from the store to show its first question, so the store (and
    sqlite3) is not opened before the first paint; the first event opens it and commits, before
    its replies show. If the store cannot be opened, the UI says so in the conversation and goes on.
    """

    def __init__(self, data_dir: str | None) -> None:
        self.data_dir = data_dir
        self.consult: Any = None

    def __call__(self, event: Any, state: Any, replies: Any = None) -> None:
        if self.consult is None:
            from assistant.store.consult import open_consult

            self.consult = open_consult(data_dir=self.data_dir, no_store=False, resume=None)
        if self.consult.recorder is not None:
            self.consult.recorder(event, state, replies)

    @property
    def closed(self) -> list[int]:
        return [] if self.consult is None else list(self.consult.closed)

    @property
    def session_id(self) -> int | None:
        return None if self.consult is None else self.consult.session_id

    def close(self) -> None:
        if self.consult is not None:
            self.consult.close()


def run_tui(args: argparse.Namespace) -> int:
    """The terminal UI, recording through `make_app(on_event=..., start=...)`. Reopening a stored
    consult from the palette closes the app and opens that session here, as --resume does."""
    from assistant.identity import NoUser, current_user, served

    if served():  # a browser tab of `crs-assistant serve`: no consult without an authenticated user
        try:
            current_user()
        except NoUser as exc:
            from assistant.serve.refusal import refuse

            return refuse(str(exc))
    try:
        from assistant.tui import app
    except ModuleNotFoundError as exc:
        if exc.name != "assistant.tui.app":
            raise
        sys.stderr.write("crs-assistant: the terminal UI is not part of this build; use 'crs-assistant chat'\n")
        return 2
    from assistant.tui import paste_parser

    paste_parser.install()  # pastes with ESC in them arrive whole and unchanged (see paste_parser.py)
    while True:
        result, reopen = _run_tui_once(app, args)
        if reopen is None:
            return result
        args = argparse.Namespace(**{**vars(args), "resume": reopen, "no_store": False})


def _run_tui_once(app: Any, args: argparse.Namespace) -> tuple[int, int | None]:
    """One run of the app: its exit status, and the session to reopen next (if one was chosen)."""
    from pathlib import Path

    from assistant.identity import current_user, served
    from assistant.settings import data_dir  # not assistant.store: that package loads the engine
    from assistant.tui.store_access import StoredSessions

    base = Path(args.data_dir).expanduser() if args.data_dir else data_dir()
    # in a browser tab each user keeps their own settings (persona, theme), not the server's
    settings_path = (base / "users" / current_user() if served() else base) / "settings.json"
    if args.resume is None:  # a new consult: the store opens at its first event
        recorder = None if args.no_store else LazyRecorder(args.data_dir)
        sessions = None if recorder is None else StoredSessions(args.data_dir, lambda: recorder.session_id)
        ui = app.make_app(on_event=recorder, settings_path=settings_path, sessions=sessions)
        try:
            result = ui.run()
        finally:
            if recorder is not None:
                recorder.close()
        if recorder is not None:
            saved("", recorder.session_id, recorder.closed)
        return (result if isinstance(result, int) else 0), ui.resume_request
    consult = open_or_refuse(args, "")
    if isinstance(consult, int):
        return consult, None
    try:
        sessions = None if consult.store is None else StoredSessions(args.data_dir, lambda: consult.session_id)
        ui = app.make_app(on_event=consult.recorder, start=consult.start, earlier=consult.earlier,
                          settings_path=settings_path, sessions=sessions)
        result = ui.run()
    finally:
        consult.close()
    return (result if isinstance(result, int) else 0), ui.resume_request
