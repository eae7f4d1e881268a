"""The JSON export: a versioned document that `crs-assistant import` turns back into a session.

Schema, version 1 (`"format": "crs-assistant/session"`, `"version": 1`)::

    {
      "format": "crs-assistant/session",
      "version": 1,
      "session": {                      # what import restores, exactly
        "uid": "3f2a...",               #   stable id of the session (32 hex digits)
        "started": "2026-11-24T06:17:26.123Z",   # ISO 8601 UTC
        "app_version": "0.1.0",         #   crs-assistant that recorded it
        "kb_version": "2025.1",         #   knowledge base when it started
        "persona": "clinician",         #   "clinician" or "trainee", as of the last event
        "author": "mlopez"              #   who started it (absent when not known)
      },
      "events": [                       # the session itself: append-only, in order
        {"kind": "text", "text": "Tmax 39.2", "at": "2026-11-24T06:17:30.000Z", "by": "mlopez"},
        {"kind": "persona", "text": "trainee", "at": "..."}
      ],
      "derived": {                      # recomputed by replaying the events; ignored on import
        "app_version": "0.1.0",         #   the program that replayed them for this export
        "kb_version": "2025.1",         #   the knowledge base they were replayed against
        "opening": [REPLY, ...],        #   what the consult said before the first event
        "turns": [{"turn": 1, "replies": [REPLY, ...]}, ...],   # one per event, same order
        "summary": ASSESSMENT           #   the consult as it stands after the last event
      }
    }

REPLY is the `chat --jsonl` object: `type` (question, info, answer, plan, error), `text`, and
`slot`/`options` for questions; a plan also carries the assessment fields. ASSESSMENT is the
`crs-assistant assess --format json` object plus `unknown` (slots answered 'unknown') and
`persona`. Event `kind` is "text" (what the user typed) or "persona" (a switch; `text` names
the persona). Readers must ignore keys they do not know; a change that breaks readers raises
`version`. The file is UTF-8 with control, bidirectional and separator characters written as
\\u escapes, so it is inert when printed; exporting an imported session gives the same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from assistant.export.view import SessionView
from assistant.identity import valid_user
from assistant.store.records import LoggedEvent, SessionMeta
from dialogs.state import Event

FORMAT = "crs-assistant/session"
VERSION = 1
PERSONAS = ("clinician", "trainee")

# JSON allows these raw inside strings; escaping them keeps the file inert in a terminal.
_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")


class DocumentError(ValueError):
    """The file is not a session document this program can import; one line saying where."""


def to_document(view: SessionView) -> dict[str, Any]:
    meta = view.meta
    events = []
    for item in view.events:
        event, at, by = (item.event, item.at, item.author) if isinstance(item, LoggedEvent) else (item, None, "")
        events.append({**event.to_dict(), "at": at if at is not None else meta.started, **({"by": by} if by else {})})
    session = {"uid": meta.uid, "started": meta.started, "app_version": meta.app_version,
               "kb_version": meta.kb_version, "persona": meta.persona}
    if meta.author:
        session["author"] = meta.author
    return {
        "format": FORMAT,
        "version": VERSION,
        "session": session,
        "events": events,
        "derived": {
            "app_version": view.app_version,
            "kb_version": view.kb_version,
            "opening": [r.to_dict() for r in view.opening],
            "turns": [{"turn": t.number, "replies": [r.to_dict() for r in t.replies]} for t in view.turns],
            "summary": view.summary.data,
        },
    }


def _one_line(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _lines(items: list[Any], indent: str) -> str:
    """A JSON list with one item per line (json's C encoder per item: fast on long sessions)."""
    if not items:
        return "[]"
    inner = f",\n{indent}  ".join(_one_line(item) for item in items)
    return f"[\n{indent}  {inner}\n{indent}]"


def dumps(document: Mapping[str, Any]) -> str:
    """The document with one event, and one turn's replies, per line: readable, diffable, quick."""
    derived = document["derived"]
    text = (
        "{\n"
        f'  "format": {_one_line(document["format"])},\n'
        f'  "version": {_one_line(document["version"])},\n'
        f'  "session": {_one_line(document["session"])},\n'
        f'  "events": {_lines(document["events"], "  ")},\n'
        '  "derived": {\n'
        f'    "app_version": {_one_line(derived["app_version"])},\n'
        f'    "kb_version": {_one_line(derived["kb_version"])},\n'
        f'    "opening": {_one_line(derived["opening"])},\n'
        f'    "turns": {_lines(derived["turns"], "    ")},\n'
        f'    "summary": {_one_line(derived["summary"])}\n'
        "  }\n"
        "}\n"
    )
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _text(obj: Mapping[str, Any], key: str, where: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        raise DocumentError(f"{where}.{key}: expected a string")
    # a lone surrogate ("\\ud800" in the JSON) is no text SQLite can store: it becomes U+FFFD
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace") if _SURROGATE.search(value) else value


_SURROGATE = re.compile("[\ud800-\udfff]")


def from_document(document: Any) -> tuple[SessionMeta, list[LoggedEvent]]:
    """The session in a parsed document; `derived` is not read (replay recomputes it)."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise DocumentError(f"not a crs-assistant session export (expected \"format\": \"{FORMAT}\")")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DocumentError("version: expected a positive whole number")
    if version > VERSION:
        raise DocumentError(f"version {version} is newer than this crs-assistant reads ({VERSION}); upgrade it")
    session = document.get("session")
    if not isinstance(session, dict):
        raise DocumentError("session: expected an object")
    fields = {k: _text(session, k, "session") for k in ("uid", "started", "app_version", "kb_version", "persona")}
    if not re.fullmatch(r"[0-9a-f]{32}", fields["uid"]):
        raise DocumentError("session.uid: expected 32 hexadecimal digits")
    if fields["persona"] not in PERSONAS:
        raise DocumentError(f"session.persona: expected one of {', '.join(PERSONAS)}")
    raw_events = document.get("events")
    if not isinstance(raw_events, list):
        raise DocumentError("events: expected a list")
    events = []
    for n, raw in enumerate(raw_events):
        where = f"events[{n}]"
        if not isinstance(raw, dict):
            raise DocumentError(f"{where}: expected an object")
        try:
            event = Event.from_dict(raw)
        except ValueError:
            raise DocumentError(f"{where}: expected \"kind\" text or persona, \"text\" a string and an optional "
                                "\"entered\" time (ISO 8601 with its offset)") from None
        by = raw.get("by", "")
        events.append(LoggedEvent(event, _text(raw, "at", where), by if isinstance(by, str) and valid_user(by) else ""))
    author = session.get("author", "")
    author = author if isinstance(author, str) and valid_user(author) else ""
    return SessionMeta(fields["uid"], fields["started"], fields["app_version"], fields["kb_version"],
                       fields["persona"], author=author), events


def loads(text: str) -> tuple[SessionMeta, list[LoggedEvent]]:
    from assistant.input_limits import loads as bounded_loads

    try:
        document = bounded_loads(text)
    except json.JSONDecodeError as exc:
        raise DocumentError(f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise DocumentError("not a session export: nested too deeply") from None
    except ValueError as exc:  # a number with too many digits, NaN or Infinity
        raise DocumentError(f"not a session export: {exc}") from None
    return from_document(document)
