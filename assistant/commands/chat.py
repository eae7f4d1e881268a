"""`crs-assistant chat [--jsonl] [--resume [ID]] [--no-store]`: the consult on stdin/stdout, without
the terminal UI; and the store wiring for the terminal UI (`crs-assistant [--resume [ID]]`).

Every consult is stored (each event committed before its replies are shown) unless --no-store.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from assistant.commands.sessions import add_store_flags
from assistant.invocation import command


def add_parser(sub: Any) -> None:
    p = sub.add_parser("chat", help="the consult as plain lines on stdin/stdout (pipes, ssh, screen readers)")
    p.add_argument("--jsonl", action="store_true",
                   help="one JSON object per assistant message (type, slot, text, options; plans carry the "
                        "assess JSON); input stays plain lines")
    add_store_flags(p, root=False, resume=True)
    p.set_defaults(run=run)


def _open(args: argparse.Namespace, command: str, turns: bool = True) -> Any:
    """The consult to run (new or resumed, recorded or not), or an exit status after a message.
    `turns`: a resumed consult's earlier turns are shown (the TUI), not only where it stopped."""
    from assistant.store import StoreError
    from assistant.store.consult import open_consult
    from dialogs.safe_text import one_line

    try:
        consult = open_consult(data_dir=args.data_dir, no_store=args.no_store, resume=args.resume, turns=turns)
    except StoreError as exc:
        from assistant.identity import served

        if served() and not command:  # a browser tab: say it on the page, not on the server's stderr
            from assistant.serve.refusal import refuse

            return refuse(str(exc))
        sys.stderr.write(f"crs-assistant{command}: {one_line(str(exc))}\n")
        return 1
    for notice in consult.notices:
        sys.stderr.write(f"crs-assistant{command}: {one_line(notice)}\n")
    return consult


def run(args: argparse.Namespace) -> int:
    from assistant.plain import run_chat
    from assistant.store import StoreError

    consult = _open(args, " chat", turns=False)  # the chat shows where it stopped, not the turns before
    if isinstance(consult, int):
        return consult
    try:
        code = run_chat(jsonl=args.jsonl, on_event=consult.recorder, start=consult.start,
                        labeller=consult.set_label if consult.store is not None else None)
    except StoreError as exc:
        # the event in flight was not committed, and its replies were not shown
        from dialogs.safe_text import one_line

        sys.stderr.write(f"crs-assistant chat: {one_line(str(exc))}\n")
        return 1
    finally:
        consult.close()
    saved(" chat", consult.session_id, consult.closed)
    return code


def saved(name: str, current: int | None, closed: list[int]) -> None:
    """Where the consult went: its session, and those `restart` closed on the way."""
    before = "" if not closed else (f"; restart closed session{'s' if len(closed) > 1 else ''} "
                                    f"{', '.join(map(str, closed))}")
    if current is not None:
        sys.stderr.write(f"crs-assistant{name}: saved as session {current} "
                         f"({command('export', str(current), '--format', 'txt')}){before}\n")


class LazyRecorder:
    """Records a new consult, opening the store at its first event rather than at start-up.

    The terminal UI paints its first question before the engine (and the store, which needs
    it) is imported; the first event then opens the store and commits, before its replies
    show. If the store cannot be opened, the UI says so in the conversation and goes on.
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
        from assistant import app
    except ModuleNotFoundError as exc:
        if exc.name != "assistant.app":
            raise
        sys.stderr.write("crs-assistant: the terminal UI is not part of this build; use 'crs-assistant chat'\n")
        return 2
    from assistant import paste_parser

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
    from assistant.tui_sessions import StoredSessions

    base = Path(args.data_dir).expanduser() if args.data_dir else data_dir()
    # in a browser tab each user keeps their own settings (persona, theme), not the server's
    settings_path = (base / "users" / current_user() if served() else base) / "settings.json"
    if args.resume is None:  # a new consult: first paint before the engine and the store load
        recorder = None if args.no_store else LazyRecorder(args.data_dir)
        sessions = None if recorder is None else StoredSessions(args.data_dir, lambda: recorder.session_id)
        ui = app.make_app(on_event=recorder, defer_engine=True, settings_path=settings_path, sessions=sessions)
        try:
            result = ui.run()
        finally:
            if recorder is not None:
                recorder.close()
        if recorder is not None:
            saved("", recorder.session_id, recorder.closed)
        return (result if isinstance(result, int) else 0), ui.resume_request
    consult = _open(args, "")
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
