"""`crs-assistant quiz`: trainee practice on case vignettes, in the terminal UI, or with
--plain / --jsonl on stdin and stdout. Progress is kept in the session store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from assistant.cli.args import ascii_whole
from assistant.cli.store_flags import add_store_flags


def _positive(text: str) -> int:
    value = ascii_whole(text, most=200)
    if value is None or value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number from 1 to 200")
    return value


def _seed(text: str) -> int:
    value = ascii_whole(text, most=999_999_999_999)
    if value is None:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number from 0 to 999999999999")
    return value


def add_parser(sub: Any) -> None:
    p = sub.add_parser("quiz", help="trainee practice: grade, next action and dose on case vignettes",
                       description="Practice on curated and generated case vignettes, with feedback from the "
                       "knowledge base. Missed concepts come back sooner (Leitner boxes by concept).")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--plain", action="store_true", help="plain lines on stdin/stdout instead of the UI")
    mode.add_argument("--jsonl", action="store_true", help="JSON Lines out (the chat's message shapes)")
    mode.add_argument("--stats", action="store_true", help="show progress across runs and exit")
    p.add_argument("--seed", type=_seed, help="makes the run reproducible (default: the next run number)")
    p.add_argument("--count", type=_positive, default=8, help="number of cases (default 8)")
    p.add_argument("--export", metavar="PATH", help="write this run's results when it ends (.md or .json)")
    p.add_argument("--force", action="store_true", help="with --export: overwrite an existing file")
    add_store_flags(p, root=False)
    p.add_argument("--no-store", action="store_true", default=argparse.SUPPRESS, help="do not keep progress")
    p.set_defaults(run=run)


def _export_format(path: str) -> str | None:
    suffix = Path(path).suffix.lower()
    return {".md": "md", ".json": "json"}.get(suffix)


def run(args: argparse.Namespace) -> int:
    from assistant.store import SessionStore, StoreError, store_target
    from assistant.store import practice as progress_store
    from knowledge.loader import default_kb

    if args.export is not None:  # checked before the run, not after it
        from assistant.export.files import OutputError, check_output
        from dialogs.safe_text import one_line

        if _export_format(args.export) is None:
            sys.stderr.write(f"crs-assistant quiz: --export: '{one_line(args.export)}' must end in .md or .json\n")
            return 2
        try:
            check_output(args.export, force=args.force)
        except OutputError as exc:
            sys.stderr.write(f"crs-assistant quiz: --export: {one_line(str(exc))}\n")
            return 2
    store: SessionStore | None = None
    try:
        if not getattr(args, "no_store", False):
            store = SessionStore.open(store_target(args.data_dir))
        if args.stats:
            return show_stats(store)
        prefer = progress_store.due_next(store) if store else ()
        seed = args.seed if args.seed is not None else (progress_store.run_count(store) + 1 if store else 1)
        kb_version = default_kb().version

        def finish(state: Any) -> None:
            if store is not None:
                run_id = progress_store.record_run(store, state, kb_version)
                sys.stderr.write(f"crs-assistant quiz: progress saved (run {run_id}; see quiz --stats)\n")
            if args.export is not None:
                _write_export(state, kb_version, args.export, args.force)

        if args.plain or args.jsonl:
            from assistant.cli.plain import run_quiz

            return run_quiz(seed=seed, count=args.count, jsonl=args.jsonl, prefer=prefer, on_finish=finish)
        from assistant.tui.quiz_app import run_quiz_app  # the Textual UI: imported only here

        code: int = run_quiz_app(seed=seed, count=args.count, prefer=prefer, on_finish=finish)
        return code
    except StoreError as exc:
        sys.stderr.write(f"crs-assistant quiz: {exc}\n")
        return 1
    finally:
        if store is not None:
            store.close()


def _write_export(state: Any, kb_version: str, path: str, force: bool) -> None:
    from assistant.export.files import OutputError, write_atomically
    from assistant.export.quiz import export_run
    from dialogs.safe_text import one_line

    fmt = _export_format(path)
    try:
        write_atomically(path, export_run(state, kb_version, "json" if fmt == "json" else "md"), force=force)
    except OutputError as exc:
        sys.stderr.write(f"crs-assistant quiz: --export: {one_line(str(exc))}\n")
        return
    sys.stderr.write(f"crs-assistant quiz: results written to {one_line(path)}\n")


def show_stats(store: Any) -> int:
    from assistant.store import practice as progress_store
    from knowledge.practice import default_practice

    if store is None:
        sys.stderr.write("crs-assistant quiz: --stats needs the store; drop --no-store\n")
        return 2
    p = progress_store.progress(store)
    if p.runs == 0:
        print("No practice runs yet. Start one with: crs-assistant quiz")
        return 0
    titles = {c.id: c.title for c in default_practice()[0]}
    share = f"{100 * p.right / p.answered:.0f}%" if p.answered else "-"
    print(f"{p.runs} run(s), {p.right} of {p.answered} answers right ({share}).")
    print("By concept (weakest first; box 1 = every run, box 5 = every 16th run):")
    for c in p.concepts:
        print(f"  {c.right:>3}/{c.answered:<3} box {c.box}  {titles.get(c.concept, c.concept)}")
    if p.due_next:
        print("Next run practises: " + ", ".join(titles.get(c, c) for c in p.due_next) + ".")
    return 0
