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
        "author": "mlopez",             #   who started it (absent when not known)
        "label": "bed 12"               #   the local label: only with `export --with-label`
      },
      "events": [                       # the session itself: append-only, in order
        {"kind": "text", "text": "Tmax 39.2", "at": "2026-11-24T06:17:30.000Z", "by": "mlopez"},
        {"kind": "persona", "text": "trainee", "at": "..."}
      ],
      "derived": {                      # the replies, and the consult as it stands
        "app_version": "0.1.0",         #   the program that wrote this export
        "kb_version": "2025.1",         #   the knowledge base the events were replayed against
        "opening": [REPLY, ...],        #   what the consult said before the first event
        "turns": [{"turn": 1, "replies": [REPLY, ...]}, ...],   # one per event, same order
        "shown": [{"turn": 0, "app_version": "0.1.0", "kb_version": "...", "origin": "shown"}, ...],
        "summary": ASSESSMENT           #   the last plan shown (recomputed when there is no `shown`)
      }
    }

`opening` and `turns` are the replies as they were shown, stamped in `shown` (one entry per turn,
0 being the opening) with the app and knowledge base that produced them and their `origin`:
`shown`, `rebuilt on upgrade` (stored before replies were kept: replayed at the upgrade) or
`rebuilt on import`. Without `shown` (a consult that is not stored) they were replayed for this
export. Import keeps them when `shown` is present and well formed; otherwise it replays the
events and marks them `rebuilt on import`. With `shown`, `summary` is the data of the last plan
reply shown (its `kb_version` is the one that produced it), or `{"plan_shown": false, "unknown":
[...], "persona": ...}` before any plan was shown; without it, `summary` is recomputed from the
events with `derived.kb_version`. Import ignores `summary`.

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
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from assistant.export.view import SessionView
from assistant.identity import valid_user
from assistant.store.records import LoggedEvent, SessionMeta
from assistant.store.shown import StoredShownTurn, inert_json, json_line
from assistant.store.turns import Turn
from dialogs.state import Event, Reply

if TYPE_CHECKING:
    from assistant.store.shown import ShownTurn

FORMAT = "crs-assistant/session"
VERSION = 1
PERSONAS = ("clinician", "trainee")



class DocumentError(ValueError):
    """The file is not a session document this program can import; one line saying where."""


def to_document(view: SessionView) -> dict[str, Any]:
    """The document as `dumps` writes it: a stored turn has its replies as `StoredReplies`, read
    when written (their JSON text, unparsed, when the store holds them as they are written)."""
    meta = view.meta
    events = []
    for item in view.events:
        event, at, by = (item.event, item.at, item.author) if isinstance(item, LoggedEvent) else (item, None, "")
        events.append({**event.to_dict(), "at": at if at is not None else meta.started, **({"by": by} if by else {})})
    session = {"uid": meta.uid, "started": meta.started, "app_version": meta.app_version,
               "kb_version": meta.kb_version, "persona": meta.persona}
    if meta.author:
        session["author"] = meta.author
    if view.label:
        session["label"] = view.label
    derived: dict[str, Any] = {
        "app_version": view.app_version,
        "kb_version": view.kb_version,
        "opening": [r.to_dict() for r in view.opening],
        "turns": [{"turn": t.number, "replies": _replies(t)} for t in view.turns],
    }
    if view.stored_replies:
        derived["shown"] = [{"turn": t.seq, "app_version": t.app_version, "kb_version": t.kb_version,
                             "origin": t.origin} for t in view.stamps]
    derived["summary"] = view.summary.data
    return {
        "format": FORMAT,
        "version": VERSION,
        "session": session,
        "events": events,
        "derived": derived,
    }


class StoredReplies:
    """A stored turn's replies, read when `pieces` writes them: when the store holds them in the
    export's own form (shown.py, version 7) their text is written as it is (its unsafe characters
    escaped), parsing none of it and never copying it; read one turn after another as they are
    written, a long session's 100 MiB are never all in memory at once."""

    __slots__ = ("turn",)

    def __init__(self, turn: Turn) -> None:
        self.turn = turn

    def text(self) -> str | None:
        """The stored text as written, or None when the store holds the replies in another form."""
        assert isinstance(self.turn.shown, StoredShownTurn)
        return self.turn.shown.export_json()

    def dicts(self) -> list[dict[str, Any]]:
        return [r.to_dict() for r in self.turn.replies]


def _replies(turn: Turn) -> list[dict[str, Any]] | StoredReplies:
    """A turn's REPLY objects, or, for a stored turn, what reads them when written."""
    return StoredReplies(turn) if isinstance(turn.shown, StoredShownTurn) else [r.to_dict() for r in turn.replies]


def _item(value: Any) -> Iterator[str]:
    """One value as JSON on one line, its unsafe characters escaped, in pieces: a turn whose
    replies are `StoredReplies` is written around their stored text, which is a piece of its own."""
    if isinstance(value, dict) and type(value.get("replies")) is StoredReplies and len(value) == 2:
        stored: StoredReplies = value["replies"]
        text = stored.text()
        if text is None:
            yield json_line({"turn": value["turn"], "replies": stored.dicts()})
            return
        yield f'{{"turn": {_number(value["turn"])}, "replies": '
        yield inert_json(text)
        yield "}"
    else:
        yield json_line(value)


def _number(value: Any) -> str:
    """A turn's number as JSON (an int's is its digits: no encoder needed)."""
    return str(value) if type(value) is int else json_line(value)


_STAMP_KEYS = ("app_version", "kb_version", "origin")


def _stamp_lines(stamps: list[dict[str, Any]]) -> Iterator[str]:
    """`_lines` of `derived.shown`, the same text: each stamp's versions and origin are encoded once
    for all the turns that share them (nearly every turn of a session)."""
    tails: dict[tuple[Any, ...], str] = {}
    for n, stamp in enumerate(stamps):
        yield ",\n      " if n else "[\n      "
        if list(stamp) != ["turn", *_STAMP_KEYS]:
            yield json_line(stamp)
            continue
        key = tuple(stamp[k] for k in _STAMP_KEYS)
        tail = tails.get(key)
        if tail is None:
            tail = tails[key] = json_line(dict(zip(_STAMP_KEYS, key, strict=True)))[1:]
        yield f'{{"turn": {_number(stamp["turn"])}, {tail}'
    yield "\n    ]" if stamps else "[]"


def _one_line(value: Any) -> str:
    return "".join(_item(value))


def _lines(items: list[Any], indent: str) -> Iterator[str]:
    """A JSON list with one item per line (json's C encoder per item: fast on long sessions), a
    piece or a few per item."""
    if not items:
        yield "[]"
        return
    start = f"[\n{indent}  "
    between = f",\n{indent}  "
    for n, item in enumerate(items):
        yield between if n else start
        yield from _item(item)
    yield f"\n{indent}]"


def pieces(document: Mapping[str, Any]) -> Iterator[str]:
    """The document with one event, and one turn's replies, per line (readable, diffable, quick),
    in pieces of a line or so: written one after the other, a long session's 100 MiB are never one
    string. Every value is escaped by _one_line; the rest is this function's ASCII."""
    derived = document["derived"]
    yield ("{\n"
           f'  "format": {_one_line(document["format"])},\n'
           f'  "version": {_one_line(document["version"])},\n'
           f'  "session": {_one_line(document["session"])},\n'
           '  "events": ')
    yield from _lines(document["events"], "  ")
    yield (",\n"
           '  "derived": {\n'
           f'    "app_version": {_one_line(derived["app_version"])},\n'
           f'    "kb_version": {_one_line(derived["kb_version"])},\n'
           f'    "opening": {_one_line(derived["opening"])},\n'
           '    "turns": ')
    yield from _lines(derived["turns"], "    ")
    yield ",\n"
    if "shown" in derived:
        yield '    "shown": '
        yield from _stamp_lines(derived["shown"])
        yield ",\n"
    yield (f'    "summary": {_one_line(derived["summary"])}\n'
           "  }\n"
           "}\n")


def dumps(document: Mapping[str, Any]) -> str:
    """The document as one string (see `pieces`)."""
    return "".join(pieces(document))


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
    return from_document(parse(text))


def shown_in(document: Any, turns: int, opening_seen: bool = True) -> list[ShownTurn]:
    """The replies as shown that a parsed export carries (`derived.shown`), or [] when it carries
    none or they are not well formed (import then rebuilds them by replay)."""
    from assistant.store.shown import ORIGINS, ShownTurn

    try:
        derived = document["derived"]
        stamps = derived["shown"]
        by_turn = {0: derived["opening"], **{t["turn"]: t["replies"] for t in derived["turns"]}}
        out = []
        for stamp in stamps:
            seq = stamp["turn"]
            if not isinstance(seq, int) or isinstance(seq, bool) or not 0 <= seq <= turns:
                return []
            app, kb, origin = (stamp[k] for k in ("app_version", "kb_version", "origin"))
            if not all(isinstance(v, str) for v in (app, kb)) or origin not in ORIGINS:
                return []
            out.append(ShownTurn(seq, tuple(_reply(r) for r in by_turn[seq]), _clean(app), _clean(kb), origin))
    except (KeyError, TypeError, ValueError, AttributeError):
        return []
    if len({t.seq for t in out}) != len(out):
        return []
    return out


def _clean(value: str) -> str:
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace") if _SURROGATE.search(value) else value


def _strings(value: Any) -> Any:
    """Every string of a JSON value storable (a lone surrogate becomes U+FFFD)."""
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, list):
        return [_strings(v) for v in value]
    if isinstance(value, dict):
        return {_clean(str(k)): _strings(v) for k, v in value.items()}
    return value


def _reply(raw: Any) -> Reply:
    """A REPLY object (`Reply.to_dict()`) back into a Reply: the keys beyond type, text, slot and
    options are its data."""
    from assistant.store.shown import reply_from

    if not isinstance(raw, dict):
        raise ValueError("a reply must be an object")
    raw = _strings(raw)
    data = {k: v for k, v in raw.items() if k not in ("type", "text", "slot", "options")}
    return reply_from({"kind": raw.get("type"), "text": raw.get("text"), "slot": raw.get("slot"),
                       "options": raw.get("options", []), "data": data or None})


def label_in(document: Any) -> str:
    """The label an export carries (only one written with --with-label does), else ""."""
    try:
        label = document["session"].get("label", "")
    except (KeyError, TypeError, AttributeError):
        return ""
    return _clean(label) if isinstance(label, str) else ""


def parse(text: str) -> Any:
    from assistant.input_limits import loads as bounded_loads

    try:
        return bounded_loads(text)
    except json.JSONDecodeError as exc:
        raise DocumentError(f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise DocumentError("not a session export: nested too deeply") from None
    except ValueError as exc:  # a number with too many digits, NaN or Infinity
        raise DocumentError(f"not a session export: {exc}") from None
