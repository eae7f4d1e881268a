"""`crs-assistant serve` believes the user header only from the proxy, refuses pages and
websockets without a user, refuses a websocket from another Origin, and gives each tab an app
process that knows its user."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import aiohttp
import pytest

from assistant.store import SessionStore

from .conftest import Served, screen_text

PUBLIC = "https://127.0.0.1:8443"
ALICE = {"X-Remote-User": "alice"}

pytestmark = pytest.mark.slow


async def get(url: str, headers: dict[str, str]) -> tuple[int, str]:
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as response:
        return response.status, await response.text()


async def open_ws(url: str, headers: dict[str, str], steps: Sequence[tuple[str, str]] = (),
                  until: str = "Tmax") -> tuple[int, str]:
    """The handshake's status, and (when it opened) what the terminal showed until `until` is on
    screen; each step (wait for this text, then type that) is played on the way."""
    async with aiohttp.ClientSession() as http:
        try:
            ws = await http.ws_connect(url + "/ws?width=120&height=40", headers=headers)
        except aiohttp.WSServerHandshakeError as exc:
            return exc.status, exc.message
        seen, pending, mark = b"", list(steps), 0
        async with ws:
            await ws.send_str(json.dumps(["resize", {"width": 120, "height": 40}]))
            async for message in ws:
                if message.type == aiohttp.WSMsgType.BINARY:
                    seen += message.data
                    fresh = screen_text(seen[mark:])
                    if pending and pending[0][0] in fresh:
                        mark = len(seen)  # what follows answers this step
                        await ws.send_str(json.dumps(["stdin", pending.pop(0)[1]]))
                    elif not pending and until in fresh:
                        break
                elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                    break
        return 101, screen_text(seen[mark:])


FIRST_RUN = ("Which best describes you?", "1")  # the persona, asked once per data folder
CASE = ("Type a case", "Tmax 101.8F, levo + vaso, HFNC 40L\r")


def test_the_page_needs_a_user_from_the_proxy(serve: Callable[..., Served]) -> None:
    served = serve(PUBLIC)
    status, body = asyncio.run(get(served.url + "/", {}))
    assert status == 403 and "no authenticated user" in body and body.count("\n") == 1
    status, body = asyncio.run(get(served.url + "/", ALICE))
    assert status == 200 and "wss://127.0.0.1:8443/ws" in body
    status, body = asyncio.run(get(served.url + "/?resume=7", ALICE))
    assert "wss://127.0.0.1:8443/ws/resume/7" in body
    status, body = asyncio.run(get(served.url + "/", {"X-Remote-User": "alice; rm -rf /"}))
    assert status == 403 and "not accepted" in body


def test_the_header_is_not_believed_from_anywhere_but_the_proxy(serve: Callable[..., Served]) -> None:
    served = serve(PUBLIC, "--trusted-proxy", "10.1.2.3")
    status, body = asyncio.run(get(served.url + "/", ALICE))
    assert status == 403 and "must come through the ward's proxy (10.1.2.3), not 127.0.0.1" in body


def test_a_websocket_from_another_origin_is_refused(serve: Callable[..., Served]) -> None:
    served = serve(PUBLIC)
    for origin in ("https://evil.example", "http://127.0.0.1:8443", "https://127.0.0.1:9443", ""):
        headers = {**ALICE, **({"Origin": origin} if origin else {})}
        status, _ = asyncio.run(open_ws(served.url, headers))
        assert status == 403, origin
    status, _ = asyncio.run(open_ws(served.url, {"Origin": PUBLIC}))  # the right page, but no user
    assert status == 403


def test_a_tab_from_the_proxy_gets_a_consult_for_its_user(serve: Callable[..., Served]) -> None:
    served = serve(PUBLIC)
    status, screen = asyncio.run(open_ws(served.url, {**ALICE, "Origin": PUBLIC}, [FIRST_RUN, CASE],
                                         until="grade 3"))
    assert status == 101 and "ASTCT grade 3" in screen  # the plan, drawn in the tab's terminal
    with SessionStore.open_existing(served.data_dir / "sessions.db") as store:  # type: ignore[union-attr]
        rows = store.sessions()
        assert [(r.author, r.last_grade) for r in rows] == [("alice", 3)]
        assert {e.author for e in store.events(rows[0].id)} == {"alice"}


async def test_a_served_app_without_a_user_refuses_to_start_a_consult(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reached without the proxy's user (say, started by hand with CRS_ASSISTANT_SERVED=1), the app
    shows one line and starts no consult."""
    from assistant.identity import NoUser, current_user
    from assistant.serve.refusal import Refusal

    monkeypatch.setenv("CRS_ASSISTANT_SERVED", "1")
    monkeypatch.delenv("CRS_ASSISTANT_REMOTE_USER", raising=False)
    with pytest.raises(NoUser) as refused:
        current_user()
    app = Refusal(str(refused.value))
    async with app.run_test() as pilot:
        shown = str(app.query_one("#refusal").render())
        assert "no authenticated user" in shown and "no consult was started" in shown
        await pilot.press("q")
    assert app.return_code == 2


def test_chat_in_a_served_process_without_a_user_is_refused_in_one_line(scratch: Path) -> None:
    env = {**os.environ, "CRS_ASSISTANT_SERVED": "1", "CRS_ASSISTANT_DATA": str(scratch)}
    done = subprocess.run([sys.executable, "-m", "assistant", "chat"], input="39\n", capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "no authenticated user" in done.stderr
    assert not (scratch / "sessions.db").exists()
