"""`crs-assistant serve`: the app in a browser, one process per tab, behind an authenticating proxy.

    crs-assistant serve --public-url https://127.0.0.1:8443 [--port 8000] [--store postgresql://...]
    crs-assistant serve nginx-config --listen 8443 --upstream 127.0.0.1:8000 --cert-dir DIR
                                     (--htpasswd FILE | --auth-request URL) [-o FILE]
    crs-assistant serve add-user HTPASSWD NAME      (the password is read from stdin)
"""

from __future__ import annotations

import argparse
import ipaddress
import sys
from pathlib import Path
from typing import Any

from assistant.cli.commands.sessions import add_store_flags, fail

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port (a number from 1 to 65535)")
    return int(text)


def address(text: str) -> str:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not an IP address (e.g. 127.0.0.1)") from None


def add_parser(sub: Any) -> None:
    p = sub.add_parser("serve", help="serve the app to browsers, behind a reverse proxy that signs users in",
                       description="Runs the terminal UI in browsers through textual-serve, on loopback, one app "
                       "process per tab. A reverse proxy (nginx: 'serve nginx-config') must authenticate users and "
                       "pass the user name in a header; see README, 'Serving a ward'.")
    p.add_argument("--host", default="127.0.0.1", help="loopback address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=port, default=8000, help="port to listen on (default 8000)")
    p.add_argument("--public-url", required=False, metavar="URL",
                   help="the address users open, i.e. the proxy's (e.g. https://ward.example:8443); the websocket's "
                        "Origin must match it")
    p.add_argument("--trusted-proxy", type=address, action="append", metavar="ADDR",
                   help="address the proxy connects from; its user header is believed only from there (default "
                        "127.0.0.1; repeat for several)")
    p.add_argument("--user-header", default="X-Remote-User", metavar="NAME",
                   help="the header carrying the authenticated user (default X-Remote-User)")
    add_store_flags(p, root=False)
    p.set_defaults(run=run_serve)
    actions = p.add_subparsers(dest="serve_command", metavar="ACTION", parser_class=type(p))

    n = actions.add_parser("nginx-config", help="write the nginx configuration for the proxy")
    n.add_argument("--listen", type=port, default=8443, help="HTTPS port users reach (default 8443)")
    n.add_argument("--upstream", default="127.0.0.1:8000", help="where 'crs-assistant serve' listens")
    n.add_argument("--cert-dir", type=Path, required=True,
                   help="folder with cert.pem and key.pem (a self-signed pair is made there if missing)")
    auth = n.add_mutually_exclusive_group(required=True)
    auth.add_argument("--htpasswd", type=Path, help="HTTP basic auth users (see 'serve add-user')")
    auth.add_argument("--auth-request", metavar="URL", help="the identity provider's check URL (nginx auth_request)")
    n.add_argument("--idp-user-header", default="X-User",
                   help="header in which the identity provider names the user (with --auth-request)")
    n.add_argument("--user-header", default="X-Remote-User", help="header passed to the assistant")
    n.add_argument("--server-name", default="localhost")
    n.add_argument("--standalone", type=Path, metavar="STATE_DIR",
                   help="write a whole nginx.conf keeping pid, logs and temp files in STATE_DIR (nginx -c FILE)")
    n.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    n.set_defaults(run=run_nginx_config)

    u = actions.add_parser("add-user", help="add or replace a user in an htpasswd file (password on stdin)")
    u.add_argument("htpasswd", type=Path)
    u.add_argument("name")
    u.set_defaults(run=run_add_user)


def run_serve(args: argparse.Namespace) -> int:
    from urllib.parse import urlsplit

    from assistant.identity import valid_user  # noqa: F401 - fail early if the package is broken

    if args.host not in LOOPBACK:
        return fail("serve", f"--host {args.host}: serve listens on loopback only (127.0.0.1 or ::1); the proxy "
                    "is what faces the network", code=2)
    if not args.public_url or urlsplit(args.public_url).scheme not in ("http", "https") \
            or not urlsplit(args.public_url).hostname:
        return fail("serve", "--public-url is required: the proxy's address users open, e.g. "
                    "https://127.0.0.1:8443", code=2)
    try:
        from assistant.serve.server import Policy, WardServer
    except ModuleNotFoundError as exc:
        return fail("serve", f"the web server needs {exc.name} (pip install textual-serve)", code=2)
    app_args: list[str] = []
    if getattr(args, "data_dir", None):
        app_args += ["--data-dir", str(Path(args.data_dir).expanduser().absolute())]
    # --store was put in the environment by cli.main: every app process inherits it
    policy = Policy(args.public_url, frozenset(args.trusted_proxy or ["127.0.0.1"]), args.user_header)
    WardServer(policy, host=args.host, port=args.port, app_args=app_args).serve()
    return 0


def run_nginx_config(args: argparse.Namespace) -> int:
    from assistant.export import OutputError, write_atomically
    from assistant.serve.nginx import ProxyConfig, make_certificate, render

    try:
        make_certificate(args.cert_dir)
    except (OSError, __import__("subprocess").SubprocessError) as exc:
        return fail("serve nginx-config", f"cannot make a certificate in {args.cert_dir}: {exc}")
    if args.standalone:
        args.standalone.mkdir(parents=True, exist_ok=True)
    try:
        text = render(ProxyConfig(args.listen, args.upstream, args.cert_dir, args.htpasswd, args.auth_request,
                                  args.idp_user_header, args.user_header, args.server_name,
                                  standalone=args.standalone is not None, state_dir=args.standalone))
    except ValueError as exc:
        return fail("serve nginx-config", str(exc), code=2)
    if not args.output or args.output == "-":
        sys.stdout.write(text)
        return 0
    try:
        write_atomically(Path(args.output), text, force=True)
    except OutputError as exc:
        return fail("serve nginx-config", str(exc), code=2)
    sys.stderr.write(f"Wrote the nginx configuration to {args.output} (certificate in {args.cert_dir}).\n")
    return 0


def run_add_user(args: argparse.Namespace) -> int:
    from assistant.identity import ACCEPTED, valid_user
    from assistant.serve.nginx import add_user

    if not valid_user(args.name):
        return fail("serve add-user", f"'{args.name[:64]}' is not a user name this assistant accepts ({ACCEPTED})",
                    code=2)
    password = sys.stdin.readline().rstrip("\n")
    if not password:
        return fail("serve add-user", "no password on stdin (e.g. echo 'secret' | crs-assistant serve add-user "
                    "FILE NAME)", code=2)
    add_user(args.htpasswd, args.name, password)
    sys.stdout.write(f"User {args.name} can sign in (htpasswd {args.htpasswd}).\n")
    return 0
