#!/usr/bin/env python3
"""Set up and run crs-assistant with nothing but Python 3.11+.

    python3 dev.py start [ARGS...]   set up .venv (first run) and start the assistant
    python3 dev.py test [PYTEST ARGS...]   set up .venv with test tools and run every check

The virtual environment is rebuilt when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


def _stamp(extra: str) -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    return f"{extra}-{digest}"


def ensure_venv(extra: str) -> None:
    stamp_file = VENV / ".crs-stamp"
    wanted = _stamp(extra)
    if stamp_file.exists() and stamp_file.read_text() in (wanted, _stamp("test")):
        return
    if not PY.exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    target = f".[{extra}]" if extra else "."
    print(f"Installing crs-assistant{'' if not extra else ' with ' + extra + ' tools'} into .venv ...", flush=True)
    subprocess.run(
        [str(PY), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", target],
        cwd=ROOT,
        check=True,
    )
    stamp_file.write_text(wanted)


def run(cmd: list[str]) -> int:
    print("$ " + " ".join(cmd), flush=True)
    return subprocess.run(cmd, cwd=ROOT).returncode


def start(args: list[str]) -> int:
    ensure_venv("")
    return subprocess.run([str(BIN / "crs-assistant"), *args]).returncode


def test(args: list[str]) -> int:
    ensure_venv("test")
    checks = [
        [str(BIN / "ruff"), "check", "assistant", "dialogs", "knowledge", "tests", "benchmarks", "dev.py"],
        [str(BIN / "mypy")],
        [str(BIN / "lint-imports")],
        [str(BIN / "crs-assistant"), "kb", "check"],
    ]
    for cmd in checks:
        if run(cmd) != 0:
            return 1
    return run([str(PY), "-m", "pytest", *args])


def main() -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script is what tells users on older Pythons
        print(f"crs-assistant needs Python 3.11 or newer; this is {sys.version.split()[0]}")
        return 2
    if len(sys.argv) < 2 or sys.argv[1] not in ("start", "test"):
        print(__doc__)
        return 2
    return {"start": start, "test": test}[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
