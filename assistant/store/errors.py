"""Store failures as one clear line each: locked, read-only, damaged, newer, missing.

Nothing here deletes, truncates or recreates a file: the message tells the user what to do.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class StoreError(Exception):
    """A session-store problem, already worded for the user as one line."""


class SessionNotFound(StoreError):
    pass


def describe(path: Path, exc: BaseException) -> str:
    """One line naming the file, what is wrong, and what to do; the data is never touched."""
    detail = str(exc).strip() or type(exc).__name__
    lowered = detail.lower()
    if "locked" in lowered or "busy" in lowered:
        return (f"the session store {path} is locked by another program ({detail}); nothing was changed. "
                "Try again when it has finished, or use --no-store")
    if "readonly" in lowered or "read-only" in lowered or "permission denied" in lowered:
        return (f"the session store {path} is read-only ({detail}); nothing was changed. "
                "Use --data-dir to choose a writable place, or --no-store")
    if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        return (f"the session store {path} is damaged or not a crs-assistant database ({detail}); it was left "
                "untouched. Move it aside or restore a backup, or use --data-dir or --no-store")
    if "unable to open" in lowered:
        return (f"cannot open the session store {path} ({detail}); check that its folder exists and is "
                "accessible, or use --data-dir or --no-store")
    if "full" in lowered or "i/o" in lowered:
        return f"cannot write the session store {path} ({detail}); nothing more was saved. Free space or use --data-dir"
    return f"the session store {path} failed ({detail}); nothing was deleted"


@contextmanager
def translated(path: Path) -> Iterator[None]:
    """Turn sqlite3 and OS errors raised inside into a StoreError with a one-line message."""
    try:
        yield
    except StoreError:
        raise
    except (sqlite3.Error, OSError) as exc:
        raise StoreError(describe(path, exc)) from exc
