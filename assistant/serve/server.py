"""The ward's web server: textual-serve, with the checks it does not make by itself.

textual-serve starts one app process per websocket (browser tab) and relays the terminal over
it. This subclass adds, for every page, websocket and download:

- the user comes from a header (default X-Remote-User) set by the reverse proxy after it has
  authenticated the user; the header is believed only when the request comes from one of the
  proxy's addresses (default 127.0.0.1), and a missing or unusable user is refused with 403;
- the websocket's Origin must be the public origin (the proxy's https://host:port), so another
  site cannot open a consult with the browser's stored credentials (cross-site websocket);
- the app process gets the user in its environment (CRS_ASSISTANT_SERVED=1,
  CRS_ASSISTANT_REMOTE_USER), and refuses to start a consult without one (assistant.identity).
"""

from __future__ import annotations

import asyncio
import logging
import shlex
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from assistant.identity import ACCEPTED, REMOTE_USER_ENV, SERVED_ENV, valid_user

log = logging.getLogger("crs-assistant.serve")


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL, as a browser sends it in Origin (default ports left out)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    default = {"http": 80, "https": 443}.get(scheme)
    return f"{scheme}://{host}" + ("" if port in (None, default) else f":{port}")


@dataclass(frozen=True)
class Policy:
    """Whom the server believes, and which page may open its websocket."""

    public_url: str  # where users reach the proxy, e.g. https://ward.example:8443
    trusted_proxies: frozenset[str] = frozenset({"127.0.0.1"})
    user_header: str = "X-Remote-User"

    @property
    def origin(self) -> str:
        return origin_of(self.public_url)

    def user(self, request: web.Request) -> str:
        """The authenticated user; HTTPForbidden (one line) when the request cannot be believed."""
        if request.remote not in self.trusted_proxies:
            raise web.HTTPForbidden(text=f"crs-assistant serve: requests must come through the ward's proxy "
                                         f"({', '.join(sorted(self.trusted_proxies))}), not {request.remote}\n")
        name = request.headers.get(self.user_header, "").strip()
        if not name:
            raise web.HTTPForbidden(text=f"crs-assistant serve: no authenticated user (the proxy sets "
                                         f"{self.user_header}); no consult was started\n")
        if not valid_user(name):
            raise web.HTTPForbidden(text=f"crs-assistant serve: the user name in {self.user_header} is not "
                                         f"accepted ({ACCEPTED}); no consult was started\n")
        return name

    def check_origin(self, request: web.Request) -> None:
        sent = request.headers.get("Origin", "")
        if not sent or origin_of(sent) != self.origin:
            raise web.HTTPForbidden(text=f"crs-assistant serve: websocket refused: Origin {sent[:80]!r} is not "
                                         f"{self.origin}\n")


class UserAppService(AppService):
    """textual-serve's app process, with the user (and nothing else of the request) in its environment."""

    def __init__(self, command: str, *, extra_env: dict[str, str], **kwargs: Any) -> None:
        super().__init__(command, **kwargs)
        self.extra_env = extra_env

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width=width, height=height)
        environment.pop(REMOTE_USER_ENV, None)
        environment.update(self.extra_env)
        return environment


class WardServer(Server):
    """textual-serve's Server with the ward's policy; `app_args` are passed to every app process."""

    def __init__(self, policy: Policy, *, host: str = "127.0.0.1", port: int = 8000,
                 app_args: Sequence[str] = ()) -> None:
        self.policy = policy
        command = " ".join(shlex.quote(a) for a in (sys.executable, "-m", "assistant", *app_args))
        super().__init__(command, host=host, port=port, title="CRS assistant",
                         public_url=policy.public_url.rstrip("/"))

    def on_startup_message(self) -> str:
        return (f"crs-assistant serve: listening on http://{self.host}:{self.port}/ for the proxy at "
                f"{self.policy.public_url} (user header {self.policy.user_header} trusted from "
                f"{', '.join(sorted(self.policy.trusted_proxies))})")

    async def on_startup(self, app: web.Application) -> None:
        pass  # textual-serve prints its logo here; we say so once the port is bound (serve)

    def serve(self, debug: bool = False) -> None:
        """Run until SIGINT or SIGTERM; one line on stdout once the port accepts connections."""
        import signal

        from aiohttp.web_runner import GracefulExit

        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)

        def leave() -> None:
            raise GracefulExit()

        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, leave)
        web.run_app(self._make_app(), host=self.host, port=self.port, handle_signals=False, loop=loop,
                    print=lambda *_: print(self.on_startup_message(), flush=True))

    def initialize_logging(self) -> None:
        logging.basicConfig(level="DEBUG" if self.debug else "WARNING", format="%(name)s: %(message)s")

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The page (textual-serve's template); `?resume=ID` reopens a stored consult in this tab."""
        self.policy.user(request)
        websocket = self.public_url.replace("https:", "wss:", 1).replace("http:", "ws:", 1) + "/ws"
        resume = request.query.get("resume", "")
        if resume.isdigit() and 0 < int(resume) < 2**31:
            websocket += f"/resume/{int(resume)}"  # the page adds ?width=&height= itself
        context = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": websocket,
            "config": {"static": {"url": f"{self.public_url}/static/"}},
            "application": {"name": self.title},
        }
        response: web.StreamResponse = aiohttp_jinja2.render_template("app_index.html", request, context)
        return response

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        self.policy.user(request)
        response: web.StreamResponse = await Server.handle_download(self, request)
        return response

    async def _make_app(self) -> web.Application:
        app: web.Application = await Server._make_app(self)
        app.router.add_get("/ws/resume/{id}", self.handle_websocket)
        return app

    def app_command(self, request: web.Request) -> str:
        resume = request.match_info.get("id", "")
        if resume.isdigit() and 0 < int(resume) < 2**31:
            return f"{self.command} --resume {int(resume)}"
        return str(self.command)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's handler, after the Origin and the user have been checked."""
        self.policy.check_origin(request)
        user = self.policy.user(request)
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        app_service: AppService | None = None
        try:
            await websocket.prepare(request)
            app_service = UserAppService(
                self.app_command(request), extra_env={SERVED_ENV: "1", REMOTE_USER_ENV: user},
                write_bytes=websocket.send_bytes, write_str=websocket.send_str, close=websocket.close,
                download_manager=self.download_manager, debug=self.debug,
            )
            await app_service.start(width, height)
            try:
                await self._process_messages(websocket, app_service)
            finally:
                await app_service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:
            log.exception(error)
        finally:
            if app_service is not None:
                await app_service.stop()
        return websocket
