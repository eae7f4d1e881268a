"""Listing 10,000 stored sessions (issue 5: at most 200 ms).

In process: open the store, read every row newest first, format the table and the JSON. Whole
process: `crs-assistant sessions --json` against `crs-assistant --help` (start-up alone).
Run: .venv/bin/python benchmarks/store_listing.py [RUNS]
"""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import sys
import tempfile
from contextlib import redirect_stdout
from pathlib import Path

from _timing import interleaved
from store_common import median, timed

from assistant.cli.commands.sessions import run_list
from assistant.store import SessionStore

SESSIONS = 10_000
TARGET_MS = 200.0
BIN = Path(sys.executable).parent


def fill(db: Path) -> None:
    """10,000 sessions of 1-40 turns each, written in one transaction (set-up, not measured)."""
    SessionStore.open(db).close()
    conn = sqlite3.connect(db)
    with conn:
        conn.executemany(
            "INSERT INTO sessions (uid, started, app_version, kb_version, persona, turns, last_grade, updated) "
            "VALUES (?, ?, '0.1.0', 'kb', 'clinician', ?, ?, ?)",
            ((f"{n:032x}", f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}T{n % 24:02d}:{n % 60:02d}:00.000Z", 1 + n % 40,
              None if n % 5 == 0 else n % 5, "2026-03-14T09:00:00.000Z") for n in range(SESSIONS)),
        )
    conn.close()


def listing(db: Path, as_json: bool) -> str:
    import argparse

    out = io.StringIO()
    with redirect_stdout(out):
        run_list(argparse.Namespace(data_dir=str(db.parent), json=as_json))
    return out.getvalue()


def section(runs: int = 21) -> str:
    folder = Path(tempfile.mkdtemp(prefix="crs-bench-list-"))
    try:
        db = folder / "sessions.db"
        fill(db)
        assert len(json.loads(listing(db, True))) == SESSIONS
        text_ms = [timed(lambda: listing(db, False)) for _ in range(runs)]
        json_ms = [timed(lambda: listing(db, True)) for _ in range(runs)]
        cli = str(BIN / "crs-assistant")
        whole = interleaved({"help": [cli, "--help"], "list": [cli, "--data-dir", str(folder), "sessions", "--json"]},
                            runs=max(5, runs // 2))
    finally:
        shutil.rmtree(folder)
    best = max(median(text_ms), median(json_ms))
    return f"""## Listing {SESSIONS:,} stored sessions

In process (open the store, read all rows newest first, format), {runs} runs:

| output | median ms | best ms |
| --- | --- | --- |
| `crs-assistant sessions` (table) | {median(text_ms):.1f} | {min(text_ms):.1f} |
| `crs-assistant sessions --json` | {median(json_ms):.1f} | {min(json_ms):.1f} |

**{best:.0f} ms** (target: at most {TARGET_MS:.0f} ms): {"met" if best <= TARGET_MS else "missed"}.

Whole process, as a user runs it (median of {len(whole["list"])} interleaved runs):
`crs-assistant sessions --json` {median(whole["list"]):.0f} ms, of which start-up
(`crs-assistant --help`, the parser and every subcommand module) is {median(whole["help"]):.0f} ms.
"""


if __name__ == "__main__":
    print(section(int(sys.argv[1]) if len(sys.argv) > 1 else 21))
