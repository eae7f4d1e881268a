"""Opening a consult for a front end (`chat` and the terminal UI): new or resumed, recorded or
not, with the one-line refusals; and the line that says where it was saved."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from assistant.invocation import command


def open_or_refuse(args: argparse.Namespace, command: str, turns: bool = True) -> Any:
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


def saved(name: str, current: int | None, closed: list[int]) -> None:
    """Where the consult went: its session, and those `restart` closed on the way."""
    before = "" if not closed else (f"; restart closed session{'s' if len(closed) > 1 else ''} "
                                    f"{', '.join(map(str, closed))}")
    if current is not None:
        sys.stderr.write(f"crs-assistant{name}: saved as session {current} "
                         f"({command('export', str(current), '--format', 'txt')}){before}\n")
