"""The ward end to end: nginx signs the user in (basic auth over TLS) and passes the user to
`crs-assistant serve`; Debian's chromium logs in, enters a shorthand case, sees the plan drawn,
exports the note and resumes the consult; the proxy turns away the unauthenticated and a
foreign Origin."""

from __future__ import annotations

import asyncio
import base64
import os
import ssl
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from assistant.store import SessionStore

from .conftest import PASSWORDS, Ward, drawn, screen_text

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-popup-blocking"]  # textual-serve delivers a download by opening a tab (README: allow pop-ups)

pytestmark = pytest.mark.slow


class Terminal:
    """What a page's terminal has been sent over its websocket, as text."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.data = b""
        self.sockets: list[Any] = []
        page.on("websocket", self._opened)

    def _opened(self, ws: Any) -> None:
        self.sockets.append(ws)
        ws.on("framereceived", self._frame)

    def _frame(self, payload: bytes | str) -> None:
        if isinstance(payload, bytes):
            self.data += payload

    def mark(self) -> int:
        return len(self.data)

    def wait_for(self, text: str, since: int = 0, timeout: float = 60_000) -> str:
        """Until `text` has been drawn since `since`; returns what was drawn."""
        if not drawn(text, self.data[since:]):
            deadline_ms = timeout
            while not drawn(text, self.data[since:]):
                assert deadline_ms > 0, f"{text!r} was not drawn; the screen said: {screen_text(self.data[-3000:])}"
                self.page.wait_for_timeout(50)  # frames are delivered while playwright waits
                deadline_ms -= 50
        return screen_text(self.data[since:])


@pytest.fixture
def browser_for() -> Iterator[Callable[[str], Any]]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium; .ci/run installs it)")
    from playwright.sync_api import sync_playwright

    contexts: list[Any] = []
    with sync_playwright() as p:
        def context(user: str) -> Any:
            profile = tempfile.mkdtemp(prefix="crs-chromium-")
            ctx = p.chromium.launch_persistent_context(
                profile, executable_path=str(CHROMIUM), args=ARGS, headless=True, ignore_https_errors=True,
                http_credentials={"username": user, "password": PASSWORDS[user]}, accept_downloads=True,
                viewport={"width": 1400, "height": 900})
            contexts.append(ctx)
            return ctx

        yield context
        for ctx in contexts:
            ctx.close()


def test_login_shorthand_case_plan_export_and_resume(ward: Ward, browser_for: Callable[[str], Any],
                                                     tmp_path: Path) -> None:
    context = browser_for("alice")
    page = context.new_page()
    term = Terminal(page)
    page.goto(ward.public_url + "/")
    term.wait_for("Which best describes you?")
    page.locator(".xterm-helper-textarea").focus()  # the terminal's keyboard
    page.keyboard.press("1")
    term.wait_for("Persona: clinician")
    before = term.mark()
    page.keyboard.type("Tmax 101.8F, levo + vaso, HFNC 40L")
    page.keyboard.press("Enter")
    term.wait_for("ASTCT grade 3", since=before)  # the plan's headline, drawn in the browser
    page.screenshot(path=str(tmp_path / "plan.png"))

    downloads: list[Any] = []  # the note goes to the browser: a tab opens on its download
    context.on("response", lambda r: downloads.append(r) if "/download/" in r.url else None)
    palette = term.mark()
    page.keyboard.press("Control+p")  # the command palette, as in the terminal
    term.wait_for("Search for commands", since=palette)
    typed = term.mark()
    page.keyboard.type("export: consult note")
    term.wait_for("to the data folder's exports/", since=typed)  # the matching command is listed
    exported = term.mark()
    page.keyboard.press("Enter")
    term.wait_for("sent to your browser", since=exported)
    waited = 0
    while not downloads:
        assert waited < 60_000, "the export was not downloaded"
        page.wait_for_timeout(50)
        waited += 50
    response = downloads[0]  # (the download tab closes at once, so its bytes are checked below)
    disposition = response.headers["content-disposition"]
    assert response.status == 200 and "attachment" in disposition and ".txt" in disposition

    with SessionStore.open_existing(ward.served.data_dir / "sessions.db") as store:  # type: ignore[union-attr]
        rows = store.sessions()
    assert [(r.author, r.last_grade) for r in rows] == [("alice", 3)]
    session = rows[0].id
    note = subprocess.run([sys.executable, "-m", "assistant", "--data-dir", str(ward.served.data_dir), "export",
                           str(session), "--format", "txt"], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "USER": "alice", "LOGNAME": "alice"}, check=True).stdout
    assert "CRS CONSULT NOTE" in note and "Entered by alice." in note

    again = context.new_page()
    resumed = Terminal(again)
    again.goto(f"{ward.public_url}/?resume={session}")
    resumed.wait_for(f"Resumed session {session}")

    other = browser_for("bob").new_page()
    refused = Terminal(other)
    other.goto(f"{ward.public_url}/?resume={session}")
    refused.wait_for("another user's consult")


async def _through_proxy(url: str, headers: dict[str, str], ws: bool) -> int:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    async with aiohttp.ClientSession() as http:
        if not ws:
            async with http.get(url, headers=headers, ssl=context) as response:
                return response.status
        try:
            socket = await http.ws_connect(url, headers=headers, ssl=context)
        except aiohttp.WSServerHandshakeError as exc:
            return exc.status
        await socket.close()
        return 101


def basic(user: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{PASSWORDS[user]}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def test_the_proxy_turns_away_the_unauthenticated_and_a_foreign_origin(ward: Ward) -> None:
    url = ward.public_url
    assert asyncio.run(_through_proxy(url + "/", {}, ws=False)) == 401
    assert asyncio.run(_through_proxy(url + "/", {"Authorization": "Basic " + base64.b64encode(b"alice:wrong")
                                                  .decode()}, ws=False)) == 401
    # a client's own user header is overwritten by the proxy's
    assert asyncio.run(_through_proxy(url + "/", {"X-Remote-User": "alice"}, ws=False)) == 401
    assert asyncio.run(_through_proxy(url + "/", basic("alice"), ws=False)) == 200
    wss = url.replace("https:", "wss:") + "/ws?width=80&height=24"
    assert asyncio.run(_through_proxy(wss, {**basic("alice"), "Origin": "https://evil.example"}, ws=True)) == 403
    assert asyncio.run(_through_proxy(wss, {**basic("alice"), "Origin": url}, ws=True)) == 101
