"""Start `crs-assistant serve` (and, for the end-to-end tests, nginx) on loopback for a test."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import free_port

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-_]")


def screen_text(data: bytes) -> str:
    """What the terminal bytes say, escape sequences removed (cursor moves become spaces)."""
    return re.sub(r"\s+", " ", ANSI.sub(" ", data.decode("utf-8", "replace")))


@dataclass
class Served:
    process: subprocess.Popen[str]
    port: int
    public_url: str
    data_dir: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def start_serve(public_url: str, data_dir: Path, *extra: str, env: dict[str, str] | None = None) -> Served:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve", "--port", str(port), "--public-url", public_url,
         "--data-dir", str(data_dir), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env or dict(os.environ), cwd="/",
    )
    assert process.stdout is not None
    line = process.stdout.readline()  # printed once the server listens
    assert "listening on" in line, line
    return Served(process, port, public_url, data_dir)


def stop(process: subprocess.Popen[str]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def scratch() -> Iterator[Path]:
    base = Path(tempfile.mkdtemp(prefix="crs-serve-"))
    base.chmod(0o755)
    yield base
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def serve(scratch: Path) -> Iterator[Callable[..., Served]]:
    started: list[Served] = []

    def run(public_url: str = "https://127.0.0.1:8443", *extra: str, env: dict[str, str] | None = None) -> Served:
        served = start_serve(public_url, scratch / "data", *extra, env=env)
        started.append(served)
        return served

    yield run
    for served in started:
        stop(served.process)
