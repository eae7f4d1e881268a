"""Store fixtures: a fresh data folder per test, a fixed clock, and the real program in a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from itertools import count
from pathlib import Path

import pytest

from assistant.store import SessionStore

UNPRIVILEGED = 65534  # 'nobody': root ignores file permissions, so read-only tests run as this user


def fixed_clock() -> Callable[[], str]:
    ticks = count()
    return lambda: f"2026-03-14T09:{(n := next(ticks)) // 60 % 60:02d}:{n % 60:02d}.000Z"


@pytest.fixture
def data_dir() -> Iterator[Path]:
    """A data folder that an unprivileged user can reach (pytest's tmp_path is private to root)."""
    base = Path(tempfile.mkdtemp(prefix="crs-store-"))
    base.chmod(0o755)
    yield base / "data"
    for folder in (base, *base.rglob("*")):
        if folder.is_dir():
            folder.chmod(0o755)
    shutil.rmtree(base)


@pytest.fixture
def db(data_dir: Path) -> Path:
    return data_dir / "sessions.db"


@pytest.fixture
def store(db: Path) -> Iterator[SessionStore]:
    with SessionStore.open(db, clock=fixed_clock()) as opened:
        yield opened


def program_env(data_dir: Path | None, **extra: str) -> dict[str, str]:
    env = {**os.environ, **extra}
    if data_dir is not None:
        env["CRS_ASSISTANT_DATA"] = str(data_dir)
    return env


Cli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def cli(data_dir: Path) -> Cli:
    """Run `crs-assistant ARGS` in a fresh interpreter with this test's data folder."""

    def run(*args: str, stdin: str = "", unprivileged: bool = False, env: dict[str, str] | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
        preexec = None
        environment = env or program_env(data_dir)
        if unprivileged and os.geteuid() == 0:
            environment = {**environment, "CRS_ASSISTANT_CACHE": "off", "HOME": "/tmp"}

            def preexec() -> None:
                os.setgid(UNPRIVILEGED)
                os.setuid(UNPRIVILEGED)

        return subprocess.run([sys.executable, "-m", "assistant", *args], input=stdin, capture_output=True,
                              text=True, env=environment, timeout=timeout, preexec_fn=preexec, cwd="/")

    return run
