"""Export from the terminal UI: the consult so far, written to the data folder's exports/.

Uses the same exporters as `crs-assistant export` (assistant.export); files are written
atomically under a new name each time, never over an existing file.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from dialogs.state import Event

EXTENSIONS = {"md": "md", "html": "html", "json": "json", "txt": "txt"}
NAMES = {"txt": "consult note", "md": "Markdown transcript", "html": "printable HTML page", "json": "JSON"}


def since_restart(events: Sequence[Event]) -> list[Event]:
    """The current consult's events: those from its last `restart` on (one consult, one export)."""
    from assistant.store.consult import is_restart

    starts = [n for n, e in enumerate(events) if is_restart(e)]
    return list(events[starts[-1]:] if starts else events)


def export_file(events: Sequence[Event], fmt: str, folder: Path, persona: str = "clinician",
                stored: str | None = None) -> tuple[Path, str]:
    """Write the export and return its path and text; raises OutputError with one line.

    `stored`: the stored session's export (its id, start and last-entry times, the replies as
    shown); without it (not stored: --no-store, or nothing answered yet) the consult since its
    last restart gets fresh metadata."""
    from assistant.export import export_session, unsaved_meta, write_atomically

    text = stored if stored is not None else export_session(since_restart(events), unsaved_meta(persona),
                                                            fmt)  # type: ignore[arg-type]
    folder.mkdir(parents=True, exist_ok=True)
    stem = "consult-" + time.strftime("%Y%m%d-%H%M%S")
    path = folder / f"{stem}.{EXTENSIONS[fmt]}"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}.{EXTENSIONS[fmt]}"
        n += 1
    write_atomically(path, text, force=False)
    return path, text
