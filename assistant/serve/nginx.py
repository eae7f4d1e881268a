"""The reverse proxy's configuration (nginx.conf.j2), a self-signed certificate, and htpasswd users."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

TEMPLATE = Path(__file__).with_name("nginx.conf.j2")


@dataclass(frozen=True)
class ProxyConfig:
    listen: int  # the HTTPS port users reach, e.g. 8443
    upstream: str  # where `crs-assistant serve` listens, e.g. 127.0.0.1:8000
    cert_dir: Path  # holds cert.pem and key.pem
    htpasswd: Path | None = None  # basic auth users; or:
    auth_request: str | None = None  # the identity provider's check URL (auth_request)
    idp_user_header: str = "X-User"  # the header the identity provider answers with
    user_header: str = "X-Remote-User"  # what the assistant reads
    server_name: str = "localhost"
    standalone: bool = False  # a whole nginx.conf (pid, logs, temp files in state_dir)
    state_dir: Path | None = None


HEADER = re.compile(r"[A-Za-z][A-Za-z0-9-]{0,63}")


def render(config: ProxyConfig) -> str:
    import jinja2

    if (config.htpasswd is None) == (config.auth_request is None):
        raise ValueError("choose one way to authenticate: an htpasswd file or an auth_request URL")
    for header in (config.user_header, config.idp_user_header):
        if not HEADER.fullmatch(header):
            raise ValueError(f"{header!r} is not a header name (letters, digits and -)")
    env = jinja2.Environment(autoescape=False, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    template = env.from_string(TEMPLATE.read_text(encoding="utf-8"))
    state = config.state_dir or config.cert_dir
    return template.render(
        listen=config.listen, upstream=config.upstream, cert_dir=config.cert_dir.absolute(),
        htpasswd=config.htpasswd.absolute() if config.htpasswd else None, auth_request=config.auth_request,
        idp_user_header=config.idp_user_header, user_header=config.user_header, server_name=config.server_name,
        standalone=config.standalone, state_dir=state.absolute(),
    )


def make_certificate(cert_dir: Path, host: str = "127.0.0.1", days: int = 365) -> tuple[Path, Path]:
    """A self-signed certificate for `host` (openssl), unless cert.pem and key.pem already exist."""
    cert_dir.mkdir(parents=True, exist_ok=True)
    cert, key = cert_dir / "cert.pem", cert_dir / "key.pem"
    if cert.exists() and key.exists():
        return cert, key
    alt = f"IP:{host}" if re.fullmatch(r"[0-9.]+|[0-9a-fA-F:]+", host) else f"DNS:{host}"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", str(days),
         "-keyout", str(key), "-out", str(cert), "-subj", f"/CN={host}", "-addext", f"subjectAltName={alt}"],
        check=True, capture_output=True, timeout=120,
    )
    key.chmod(0o600)
    return cert, key


def add_user(htpasswd: Path, name: str, password: str) -> None:
    """Add or replace `name` in an nginx htpasswd file (SHA-512 crypt, made by openssl passwd -6)."""
    hashed = subprocess.run(["openssl", "passwd", "-6", "-stdin"], input=password, capture_output=True, text=True,
                            check=True, timeout=30).stdout.strip()
    lines = htpasswd.read_text(encoding="utf-8").splitlines() if htpasswd.exists() else []
    kept = [line for line in lines if line.split(":", 1)[0] != name]
    htpasswd.parent.mkdir(parents=True, exist_ok=True)
    htpasswd.write_text("\n".join([*kept, f"{name}:{hashed}"]) + "\n", encoding="utf-8")
    htpasswd.chmod(0o644)  # nginx's worker (www-data) reads it
