"""Shared test set-up: nothing a test does may touch the developer's own files."""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from knowledge import slot_registry


def pytest_configure(config: pytest.Config) -> None:
    # subprocesses inherit these, so the real program under test is isolated too
    scratch = tempfile.mkdtemp(prefix="crs-tests-")
    os.environ["CRS_ASSISTANT_CACHE"] = os.path.join(scratch, "cache")
    os.environ.setdefault("CRS_ASSISTANT_DATA", os.path.join(scratch, "data"))
    os.environ.pop("CRS_ASSISTANT_STORE", None)  # tests choose their store explicitly
    os.environ.pop("CRS_ASSISTANT_SERVED", None)
    os.environ.pop("CRS_ASSISTANT_REMOTE_USER", None)


Relabel = Callable[[str, str], slot_registry.Registry]


@pytest.fixture
def relabel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Relabel:
    """`relabel(old, new)`: a temporary copy of knowledge/data/slots.toml with the text `old`
    replaced by `new` (each call edits the copy further), loaded and made the registry every
    consumer reads."""

    path = tmp_path / "slots.toml"

    def swap(old: str, new: str) -> slot_registry.Registry:
        text = (path if path.exists() else slot_registry.SLOTS_PATH).read_text(encoding="utf-8")
        assert old in text, f"not in slots.toml: {old!r}"
        path.write_text(text.replace(old, new), encoding="utf-8")
        registry = slot_registry.load_registry(path)
        monkeypatch.setattr(slot_registry, "default_registry", lambda: registry)
        return registry

    return swap


# --- a throwaway PostgreSQL cluster on loopback, for the tests that run against both backends ---

PG_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))


class PgCluster:
    """A PostgreSQL server in a temporary folder, on 127.0.0.1 and a free port, trusting loopback."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.base = Path(tempfile.mkdtemp(prefix="crs-pg-"))
        self.data = self.base / "data"
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        self._databases = itertools.count(1)
        if self.as_root:  # the server refuses to run as root
            shutil.chown(self.base, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "--auth=trust", "--username=postgres", "--encoding=UTF8",
                  "--no-instructions")
        self.start()

    def _run(self, tool: str, *args: str) -> None:
        cmd = [str(self.bin / tool), *args]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120, cwd="/")

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-w", "-t", "60", "-l", str(self.base / "log"),
                  "-o", f"-k {self.base} -p {self.port} -c listen_addresses=127.0.0.1 -c max_connections=200",
                  "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-w", "-m", mode, "stop")

    def restart(self) -> None:
        # -l again: without it the new server would write to (and hold open) our captured pipes
        self._run("pg_ctl", "-D", str(self.data), "-w", "-m", "fast", "-t", "60", "-l", str(self.base / "log"),
                  "restart")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        import psycopg

        name = f"crs_test_{os.getpid()}_{next(self._databases)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def close(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self.stop("immediate")
        shutil.rmtree(self.base, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    if not PG_BIN:
        pytest.skip("PostgreSQL server binaries are not installed (/usr/lib/postgresql/*/bin); "
                    "apt-get install postgresql, as .ci/run does")
    cluster = PgCluster(Path(PG_BIN[-1]))
    yield cluster
    cluster.close()


@pytest.fixture
def pg_url(pg_cluster: PgCluster) -> str:
    """A fresh, empty database on the test cluster."""
    return pg_cluster.new_database()
