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


def drawn(needle: str, data: bytes) -> bool:
    """Whether the terminal drew `needle`: spaces are ignored, since a redraw may move the cursor
    (an escape sequence) in the middle of a word."""
    return re.sub(r"\s", "", needle) in re.sub(r"\s", "", screen_text(data))


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


# --- the whole ward: nginx (basic auth over TLS) in front of `crs-assistant serve` ---------------

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
PASSWORDS = {"alice": "alice-pw-1", "bob": "bob-pw-2"}


@dataclass
class Ward:
    served: Served
    nginx: subprocess.Popen[str]
    public_url: str
    state: Path


def crs(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant", *args], input=stdin, capture_output=True, text=True,
                          timeout=120, check=True)


def wait_for_port(port: int, process: subprocess.Popen[str], timeout: float = 30) -> None:
    """Until something accepts connections on the port (the process must still be running)."""
    import socket
    import time

    deadline = time.monotonic() + timeout
    while True:
        assert process.poll() is None, "the server exited"
        with socket.socket() as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        assert time.monotonic() < deadline, f"nothing listens on {port}"
        time.sleep(0.05)  # a readiness poll, not a fixed wait


@pytest.fixture
def ward(scratch: Path) -> Iterator[Ward]:
    if NGINX is None:
        pytest.skip("Debian's nginx is not installed (apt-get install nginx; .ci/run installs it)")
    listen = free_port()
    public_url = f"https://127.0.0.1:{listen}"
    served = start_serve(public_url, scratch / "data")
    htpasswd = scratch / "htpasswd"
    for name, password in PASSWORDS.items():
        crs("serve", "add-user", str(htpasswd), name, stdin=password + "\n")
    conf = scratch / "nginx.conf"
    crs("serve", "nginx-config", "--listen", str(listen), "--upstream", f"127.0.0.1:{served.port}",
        "--cert-dir", str(scratch / "cert"), "--htpasswd", str(htpasswd), "--standalone", str(scratch / "state"),
        "-o", str(conf))
    nginx = subprocess.Popen([NGINX, "-e", str(scratch / "state" / "startup.log"), "-c", str(conf),
                              "-g", "daemon off;"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for_port(listen, nginx)
        yield Ward(served, nginx, public_url, scratch / "state")
    finally:
        stop(nginx)
        stop(served.process)
