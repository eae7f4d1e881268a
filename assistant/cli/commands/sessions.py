"""`crs-assistant sessions [--json] [--filter TEXT] | show ID | regrade ID | label ID TEXT | share ID |
unshare ID | delete ID [--yes]`: the stored consults this user may open (their own, and those
shared with the ward).

The flags every session-aware command shares are declared in `assistant.cli.store_flags`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from assistant.store import SessionStore

from assistant.cli.args import session_id
from assistant.cli.store_flags import LATEST, add_store_flags

__all__ = ["LATEST", "add_parser", "add_store_flags", "fail", "opened", "session_id", "stored"]


def add_parser(sub: Any) -> None:
    p = sub.add_parser("sessions", help="list stored consults; show or delete one",
                       description="Stored consults, newest first: id, start time (UTC), turns, last ASTCT grade.")
    add_store_flags(p, root=False)
    p.add_argument("--json", action="store_true",
                   help="a JSON list of objects with id, started, turns, last_grade, author, shared, label, closed, "
                        "preview (newest first)")
    p.add_argument("--filter", metavar="TEXT", default=None,
                   help="only consults whose label or first line contains TEXT (any case)")
    p.set_defaults(run=run_list)
    actions = p.add_subparsers(dest="sessions_command", metavar="ACTION", parser_class=type(p))
    show = actions.add_parser("show", help="one session's metadata and transcript")
    show.add_argument("id", type=session_id)
    add_store_flags(show, root=False)
    show.set_defaults(run=run_show)
    regrade = actions.add_parser("regrade", help="replay one session under today's knowledge base and show what "
                                 "would differ from what was shown (grade, plan items, doses)")
    regrade.add_argument("id", type=session_id)
    add_store_flags(regrade, root=False)
    regrade.set_defaults(run=run_regrade)
    label = actions.add_parser("label", help="label one of your consults in this store ('bed 12'; no TEXT removes it)")
    label.add_argument("id", type=session_id)
    label.add_argument("text", nargs="*", metavar="TEXT")
    add_store_flags(label, root=False)
    label.set_defaults(run=run_label)
    share = actions.add_parser("share", help="share one of your sessions with the ward (every user may open it)")
    share.add_argument("id", type=session_id)
    add_store_flags(share, root=False)
    share.set_defaults(run=run_share, shared=True)
    unshare = actions.add_parser("unshare", help="stop sharing one of your sessions")
    unshare.add_argument("id", type=session_id)
    add_store_flags(unshare, root=False)
    unshare.set_defaults(run=run_share, shared=False)
    delete = actions.add_parser("delete", help="delete one session (asks first unless --yes)")
    delete.add_argument("id", type=session_id)
    delete.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")
    add_store_flags(delete, root=False)
    delete.set_defaults(run=run_delete)


def fail(command: str, message: str, code: int = 1) -> int:
    """One line on stderr; the message may hold paths and values the user typed, so it is made inert."""
    from dialogs.safe_text import one_line

    sys.stderr.write(f"crs-assistant {command}: {one_line(message)}\n")
    return code


def opened(command: str, path: Path | str, *, create: bool = False) -> SessionStore | None:
    """The store at `path` for the current user (None if there is none yet and `create` is false),
    saying so on stderr when opening it upgraded the store (a copy of the old one was kept)."""
    from assistant.store import SessionStore
    from assistant.store.sessions import consult_user

    user = consult_user()
    store = SessionStore.open(path, user=user) if create else SessionStore.open_existing(path, user=user)
    if store is not None and store.backup is not None:
        from dialogs.safe_text import one_line

        sys.stderr.write(f"crs-assistant {command}: the session store was upgraded; a copy of the old one is at "
                         f"{one_line(str(store.backup))}\n")
    return store


def stored(command: str, data_dir: str | None, session_id: int) -> SessionStore:
    """The existing store that should hold `session_id`; StoreError (one line) when there is none."""
    from assistant.store import StoreError, store_target

    path = store_target(data_dir)
    store = opened(command, path)
    if store is None:
        raise StoreError(f"no session {session_id}: nothing is stored in {path} yet")
    return store


def grade_text(grade: int | None) -> str:
    return "-" if grade is None else str(grade)


def run_list(args: argparse.Namespace) -> int:
    from assistant.store import StoreError, store_target
    from assistant.store.backend import describe_target
    from dialogs.safe_text import inert_data, one_line

    try:
        path = store_target(args.data_dir)
        store = opened("sessions", path)
        rows = [] if store is None else store.sessions()
        if store is not None:
            store.close()
    except StoreError as exc:
        return fail("sessions", str(exc))
    wanted = getattr(args, "filter", None)
    if wanted is not None:
        rows = [r for r in rows if r.matches(wanted)]
    out = sys.stdout
    if args.json:
        out.write(json.dumps([inert_data(r.to_json()) for r in rows]) + "\n")
        return 0
    if not rows:
        matching = "" if wanted is None else f" matching '{one_line(wanted)}'"
        out.write(f"No stored sessions{matching} in {one_line(describe_target(path))}.\n")
        return 0
    lines = [f"{'ID':>6}  {'STARTED (UTC)':<19}  {'TURNS':>5}  GRADE  {'BY':<12}  {'LABEL':<12}  FIRST LINE"]
    lines += [f"{r.id:>6}  {one_line(r.started[:19].replace('T', ' ')):<19}  {r.turns:>5}  "
              f"{grade_text(r.last_grade):>5}  "
              f"{(one_line(r.author) or '-') + (' (shared)' if r.shared else ''):<12}  "
              f"{one_line(r.label) or '-':<12}  {one_line(r.preview) or '-'}"
              for r in rows]
    out.write("\n".join(lines) + "\n")
    return 0


def write_transcript(out: TextIO, session_id: int, store: SessionStore) -> None:
    from assistant.cli.plain import plain_text
    from assistant.store.replaying import load_session
    from dialogs.safe_text import inert, one_line

    meta = store.meta(session_id)
    row = store.row(session_id)
    replayed = load_session(store, session_id)
    out.write(f"Session {session_id}, started {one_line(meta.started)} by {one_line(meta.author) or 'an unknown user'}"
              f"{' (shared with the ward)' if meta.shared else ''}: {row.turns} turns, "
              f"last grade {grade_text(row.last_grade)}.\n")
    out.write(f"Recorded with crs-assistant {one_line(meta.app_version)}, knowledge base {one_line(meta.kb_version)}; "
              f"persona {one_line(meta.persona)}; uid {one_line(meta.uid)}.\n")
    if row.label:
        out.write(f"Label: {one_line(row.label)} (this store only).\n")
    if row.closed:
        out.write(f"Closed at {one_line(row.closed)}: 'restart' went on in a new session.\n")
    out.write("\n")
    for reply in replayed.opening:
        out.write(plain_text(reply))
    for turn in replayed.turns:
        said = inert(turn.event.text).replace("\n", "\n  ")
        prefix = "> " if turn.event.kind == "text" else "> [persona] "
        if turn.author and turn.author != meta.author:
            prefix = f"{prefix}[{inert(turn.author)}] "
        out.write(f"\n{prefix}{said}\n")
        for reply in turn.replies:
            out.write(plain_text(reply))


def run_show(args: argparse.Namespace) -> int:
    from assistant.store import StoreError

    try:
        with stored("sessions show", args.data_dir, args.id) as store:
            write_transcript(sys.stdout, args.id, store)
    except StoreError as exc:
        return fail("sessions show", str(exc))
    return 0


def regrade_lines(session_id: int, store: SessionStore) -> tuple[list[str], bool]:
    """`sessions regrade`: the lines to print, and whether anything would differ."""
    from assistant.store.regrade import regrade, side_by_side
    from assistant.store.replaying import replay_turns
    from dialogs.engine import default_consult
    from dialogs.safe_text import one_line

    meta = store.meta(session_id)
    shown = store.shown(session_id)
    today = replay_turns(store.events(session_id))
    diffs = regrade({t.seq: t.replies for t in shown}, {t.number: t.replies for t in today.turns})
    kbs = ", ".join(dict.fromkeys(one_line(t.kb_version) for t in shown)) or one_line(meta.kb_version)
    rebuilt = sorted({t.origin for t in shown if t.origin != "shown"})
    lines = [f"Session {session_id} (started {one_line(meta.started)}): shown with knowledge base {kbs}"
             f"{' (' + ', '.join(rebuilt) + ')' if rebuilt else ''}; replayed with today's, "
             f"{default_consult().kb.version}."]
    plans = sum(1 for t in shown if any(r.kind == "plan" for r in t.replies))
    if not diffs:
        lines.append(f"No difference: today's knowledge base gives the same grade, plan items and doses "
                     f"({plans} plan{'s' if plans != 1 else ''} shown).")
        return lines, False
    lines += [one_line(line) for line in side_by_side(diffs)]
    lines.append(f"{len(diffs)} turn{'s' if len(diffs) != 1 else ''} would differ ({plans} plan"
                 f"{'s' if plans != 1 else ''} shown).")
    return lines, True


def run_regrade(args: argparse.Namespace) -> int:
    from assistant.store import StoreError

    try:
        with stored("sessions regrade", args.data_dir, args.id) as store:
            lines, _ = regrade_lines(args.id, store)
    except StoreError as exc:
        return fail("sessions regrade", str(exc))
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def run_label(args: argparse.Namespace) -> int:
    from assistant.store import StoreError
    from dialogs.safe_text import one_line

    try:
        with stored("sessions label", args.data_dir, args.id) as store:
            label = store.set_label(args.id, " ".join(args.text))
    except StoreError as exc:
        return fail("sessions label", str(exc))
    sys.stdout.write(f"Session {args.id} is labelled '{one_line(label)}' (in this store only).\n" if label
                     else f"Session {args.id} has no label.\n")
    return 0


def run_share(args: argparse.Namespace) -> int:
    from assistant.store import StoreError

    command = "sessions share" if args.shared else "sessions unshare"
    try:
        with stored(command, args.data_dir, args.id) as store:
            store.share(args.id, args.shared)
    except StoreError as exc:
        return fail(command, str(exc))
    sys.stdout.write(f"Session {args.id} is {'now shared with the ward' if args.shared else 'no longer shared'}.\n")
    return 0


def confirm(question: str, stdin: TextIO, stderr: TextIO) -> bool:
    stderr.write(question)
    stderr.flush()
    answer = stdin.readline()
    return answer.strip().lower() in ("y", "yes")


def run_delete(args: argparse.Namespace) -> int:
    from assistant.store import StoreError

    try:
        with stored("sessions delete", args.data_dir, args.id) as store:
            row = store.row(args.id)
            if not args.yes:
                if not sys.stdin.isatty():
                    return fail("sessions delete", f"not deleting session {args.id} without confirmation: there is "
                                "no terminal to ask on; add --yes to delete it", code=2)
                from dialogs.safe_text import one_line

                question = (f"Delete session {row.id} (started {one_line(row.started)}, {row.turns} turns)? "
                            "This cannot be undone. [y/N] ")
                if not confirm(question, sys.stdin, sys.stderr):
                    sys.stderr.write(f"Kept session {row.id}.\n")
                    return 1
            store.delete(args.id)
    except StoreError as exc:
        return fail("sessions delete", str(exc))
    sys.stdout.write(f"Deleted session {args.id}.\n")
    return 0
