"""Writing an export to a file: atomically, never over an existing file unless forced."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path


class OutputError(Exception):
    """The output path cannot be used; one line for the user."""


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISLNK, "a symbolic link"))


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        return 255


def check_output(path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """The file to write, checked before anything is written (or anything runs); OutputError otherwise.

    Refused, one line each: an empty name, a trailing '/', a folder, a missing parent folder, a name
    longer than the file system allows, an existing file without `force`, and, even with `force`,
    anything that is not a regular file (a FIFO, a device, a socket, a symbolic link).
    """
    text = os.fspath(path)
    if not text:
        raise OutputError("no file name given")
    target = Path(text)
    if text.endswith(("/", os.sep)) or target.name in ("", ".", ".."):
        raise OutputError(f"{text} names a folder; give a file name")
    parent = target.parent
    try:
        if not parent.is_dir():
            raise OutputError(f"{parent} does not exist or is not a folder; create it first or choose another path")
        longest = _name_max(parent)
        if len(os.fsencode(target.name)) > longest:
            raise OutputError(f"the file name is too long ({len(target.name)} characters; this file system allows "
                              f"{longest} bytes); choose a shorter one")
        try:
            info: os.stat_result | None = os.lstat(target)
        except FileNotFoundError:
            info = None
    except OSError as exc:
        raise OutputError(f"cannot use {text}: {_reason(exc)}") from None
    if info is None:
        return target
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{target} is a folder; give a file name")
    for test, kind in _KINDS:
        if test(info.st_mode):
            raise OutputError(f"{target} is {kind}, not a regular file; it is never replaced. Choose another name")
    if not force:
        raise OutputError(f"{target} already exists; add --force to overwrite it")
    return target


def write_atomically(path: str | os.PathLike[str], text: str | Iterable[str], *, force: bool = False) -> None:
    """Write `text` (or its pieces, one after the other) to a temporary file beside `path`, sync it,
    then move it into place.

    Readers see the old file or the whole new one, never half of it. Without `force` an existing
    file is left alone (the final link fails rather than replace it, even in a race); with it, only
    a regular file is replaced (see `check_output`). Characters UTF-8 cannot hold (lone surrogates)
    are written as backslash escapes, which a JSON reader turns back into the same string.
    """
    target = check_output(path, force=force)
    parent = target.parent
    try:
        fd, tmp = tempfile.mkstemp(dir=parent, prefix=f".{target.name[:32]}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"cannot write in {parent}: {_reason(exc)}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="\n") as fh:
            for piece in [text] if isinstance(text, str) else text:
                fh.write(piece)
            fh.flush()
            os.fsync(fh.fileno())
        if force:
            with contextlib.suppress(OSError):
                os.chmod(tmp, target.stat().st_mode & 0o777)  # keep an overwritten file's permissions
            os.replace(tmp, target)
        else:
            _place_new(Path(tmp), target)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {_reason(exc)}") from None
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
