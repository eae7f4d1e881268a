"""How to run this program again, as a command the user can type: the commands the program
prints ("export 1 --format txt", "--resume 1") must work where they are read, also right after
the Quick start, when `crs-assistant` is only in `.venv/bin` and not on the PATH."""

from __future__ import annotations

import os
import shutil
import sys
from functools import cache
from pathlib import Path

NAME = "crs-assistant"


@cache
def program() -> str:
    """`crs-assistant` when that name on the PATH is this installation; else the script's full
    path; else `python -m assistant` with this interpreter."""
    script = Path(sys.executable).with_name(NAME)
    found = shutil.which(NAME)
    if found is not None and script.exists() and os.path.samefile(found, script):
        return NAME
    if script.exists():
        return str(script)
    return f"{sys.executable} -m assistant"


def command(*args: str) -> str:
    """The command line for `args`, e.g. `command("export", "1", "--format", "txt")`."""
    return " ".join((program(), *args))
