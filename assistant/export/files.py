"""Writing an export to a file: atomically, never over an existing file unless forced."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


class OutputError(Exception):
    """The output path cannot be used; one line for the user."""


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def write_atomically(path: Path, text: str, *, force: bool = False) -> None:
    """Write `text` to a temporary file beside `path`, sync it, then move it into place.

    Readers see the old file or the whole new one, never half of it. Without `force` an existing
    file is left alone (the final link fails rather than replace it, even in a race).
    """
    if path.is_dir():
        raise OutputError(f"{path} is a folder; give a file name")
    parent = path.parent
    if not parent.is_dir():
        raise OutputError(f"{parent} does not exist; create the folder first or choose another path")
    if path.exists() and not force:
        raise OutputError(f"{path} already exists; add --force to overwrite it")
    try:
        fd, tmp = tempfile.mkstemp(dir=parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"cannot write in {parent}: {_reason(exc)}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if force:
            with contextlib.suppress(OSError):
                os.chmod(tmp, path.stat().st_mode & 0o777)  # keep an overwritten file's permissions
            os.replace(tmp, path)
        else:
            _place_new(Path(tmp), path)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {_reason(exc)}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _place_new(tmp: Path, path: Path) -> None:
    """Move `tmp` to `path` only if `path` does not exist (a hard link cannot replace a file)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise OutputError(f"{path} already exists; add --force to overwrite it") from None
    except OSError:  # a file system without hard links: check, then rename
        if path.exists():
            raise OutputError(f"{path} already exists; add --force to overwrite it") from None
        os.replace(tmp, path)
