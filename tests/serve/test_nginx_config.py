"""`serve nginx-config` writes a configuration nginx accepts, for basic auth and for auth_request
to an identity provider, passing the user header and the websocket upgrade."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import NGINX


def config(tmp: Path, *auth: str) -> str:
    out = tmp / "nginx.conf"
    subprocess.run([sys.executable, "-m", "assistant", "serve", "nginx-config", "--listen", "18443", "--upstream",
                    "127.0.0.1:18000", "--cert-dir", str(tmp / "cert"), "--standalone", str(tmp / "state"),
                    *auth, "-o", str(out)], check=True, capture_output=True, text=True, timeout=120)
    return out.read_text()


@pytest.mark.parametrize("auth", [("--htpasswd", "HTPASSWD"), ("--auth-request", "https://127.0.0.1:9/check")])
def test_nginx_accepts_the_configuration(scratch: Path, auth: tuple[str, str]) -> None:
    flag, value = auth
    text = config(scratch, flag, str(scratch / "htpasswd") if value == "HTPASSWD" else value)
    assert "proxy_set_header X-Remote-User $crs_user;" in text
    assert "proxy_set_header Upgrade $http_upgrade;" in text
    assert ("auth_request /_crs_auth;" in text) == (flag == "--auth-request")
    assert ("auth_basic_user_file" in text) == (flag == "--htpasswd")
    assert (scratch / "cert" / "cert.pem").exists() and (scratch / "cert" / "key.pem").stat().st_mode & 0o077 == 0
    if NGINX is None:
        pytest.skip("Debian's nginx is not installed (apt-get install nginx; .ci/run installs it)")
    (scratch / "htpasswd").write_text("")
    checked = subprocess.run([NGINX, "-t", "-e", str(scratch / "state" / "t.log"), "-c", str(scratch / "nginx.conf")],
                             capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stderr


def test_one_way_to_authenticate_is_required(scratch: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "assistant", "serve", "nginx-config", "--cert-dir", str(scratch)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "one of the arguments --htpasswd --auth-request is required" in done.stderr
    assert done.stderr.count("\n") == 1
