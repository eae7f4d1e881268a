"""Store fixtures: a fresh store per test on each backend (an SQLite file, and a database on a
throwaway PostgreSQL cluster), a fixed clock, and the real program in a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from itertools import count
from pathlib import Path
from typing import Any

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


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """Which backend the test runs against: every test using `target` or `store` runs on both."""
    return str(request.param)


@pytest.fixture
def target(backend: str, data_dir: Path, request: pytest.FixtureRequest) -> Path | str:
    """The store to open: an SQLite file in the data folder, or a fresh PostgreSQL database."""
    if backend == "sqlite":
        return data_dir / "sessions.db"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def db(data_dir: Path) -> Path:
    """The SQLite file (for the tests about the file itself)."""
    return data_dir / "sessions.db"


@pytest.fixture
def store(target: Path | str) -> Iterator[SessionStore]:
    with SessionStore.open(target, clock=fixed_clock()) as opened:
        yield opened


Raw = Callable[[str], list[tuple[object, ...]]]


@pytest.fixture
def raw(target: Path | str) -> Iterator[Raw]:
    """Run SQL on the store behind the program's back, through a connection of its own."""
    import sqlite3

    conns: list[Any] = []

    def run(sql: str) -> list[tuple[object, ...]]:
        if isinstance(target, Path):
            conn: Any = sqlite3.connect(target, isolation_level=None)
        else:
            import psycopg

            conn = psycopg.connect(target, autocommit=True)
        conns.append(conn)
        cur = conn.execute(sql)
        return [tuple(r) for r in cur.fetchall()] if cur.description else []

    yield run
    for conn in conns:
        conn.close()


def target_env(target: Path | str, data_dir: Path, **extra: str) -> dict[str, str]:
    """The program's environment for this store (CRS_ASSISTANT_STORE for PostgreSQL)."""
    env = program_env(data_dir, **extra)
    if isinstance(target, str):
        env["CRS_ASSISTANT_STORE"] = target
    return env


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
