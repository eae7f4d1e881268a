"""What was shown: each turn's replies exactly as the front end showed them, kept beside its event.

A `shown` row (schema version 4) holds, for one event of one session (`seq`; 0 is what the
consult said before the first event), the replies as plain JSON of the `Reply` dataclass
(`kind`, `text`, `slot`, `options`, `data`), their text as the chat printed it, and the app and
knowledge-base versions that produced them. `origin` says where they come from: `shown` (stored
as they were shown), `rebuilt on upgrade` (a session stored before version 4: replayed once, when
the store was upgraded), or `rebuilt on import` (an export that did not carry them).

Version 5 adds `light`: the same replies with each `data` left out (`true` where there is some),
a few hundred bytes instead of a plan's tens of kilobytes. Reading takes the light form and reads a
reply's data (the whole row) only when something asks for it: a transcript shows the replies'
text, the summary needs only the last plan's data (rows stored before version 5 have no light form
and are read whole).

Version 7 stores `replies` as the JSON export writes them (`Reply.to_dict()` per reply, see
assistant/export/document.py), so that the export copies the stored text instead of parsing and
re-encoding every plan's data; replies whose data that form could not give back exactly (an empty
data object, or one with a key of the reply's own) keep version 4's form, and so do the rows
stored before version 7. Both forms are read.

Version 8 adds `fragments`: each turn's replies also as the Markdown and HTML transcripts write
them (assistant/export/fragments.py, already inert), one row per format, with the form
they were rendered in; a transcript copies them. Turns stored before have none: rendered when exported.

Exports and resume render these, with the state stored beside them (states.py, version 5);
replay is kept for `sessions regrade`, `kb impact`, tests and sessions the store lacks them for.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dialogs.state import Reply

SHOWN = "shown"
REBUILT_ON_UPGRADE = "rebuilt on upgrade"
REBUILT_ON_IMPORT = "rebuilt on import"
ORIGINS = (SHOWN, REBUILT_ON_UPGRADE, REBUILT_ON_IMPORT)


@dataclass(frozen=True)
class ShownTurn:
    """The replies shown after one event (seq 0: before the first one), with what produced them."""

    seq: int
    replies: tuple[Reply, ...]
    app_version: str
    kb_version: str
    origin: str = SHOWN


class LaterData(Mapping[str, Any]):
    """A stored reply's data, read from its row when first used (a transcript never uses it)."""

    def __init__(self, load: Callable[[], Mapping[str, Any]]) -> None:
        self._load: Callable[[], Mapping[str, Any]] | None = load
        self._data: Mapping[str, Any] = {}

    def _get(self) -> Mapping[str, Any]:
        if self._load is not None:
            self._data, self._load = self._load(), None
        return self._data

    def __getitem__(self, key: str) -> Any:
        return self._get()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())

    def __repr__(self) -> str:
        return repr(dict(self._get()))


class StoredShownTurn(ShownTurn):
    """A stored turn whose replies are read (parsed) when first used: an export or a resumed TUI
    that shows only some turns' replies does not pay for the others'. With the row's light form
    the replies' data is read only when used. An unreadable row raises StoreError (one line
    naming the store) when it is read."""

    def __init__(self, seq: int, raw: str | Callable[[int], str], app_version: str | None, kb_version: str | None,
                 origin: str | None, where: str, light: str | None = None,
                 stamp: Callable[[int], tuple[str, str, str]] | None = None) -> None:
        """`raw`: the stored JSON, or a function that fetches it by seq (read from the store when
        needed); `light`: the row's light form, when it has one; versions and origin None: read by
        `stamp(seq)` when asked for."""
        self.__dict__.update(seq=seq, _raw=raw, _where=where, _replies=None, _light=light, _full=None,
                             _stamp=stamp)  # frozen: set as dataclasses' own __init__ does
        if app_version is not None and kb_version is not None and origin is not None:
            self.__dict__["_stamped"] = (app_version, kb_version, origin)

    def _versions(self) -> tuple[str, str, str]:
        if "_stamped" not in self.__dict__:
            stamp = self.__dict__["_stamp"]
            self.__dict__["_stamped"] = stamp(self.seq) if stamp is not None else ("", "", SHOWN)
        versions: tuple[str, str, str] = self.__dict__["_stamped"]
        return versions

    @property
    def app_version(self) -> str:
        return self._versions()[0]

    @property
    def kb_version(self) -> str:
        return self._versions()[1]

    @property
    def origin(self) -> str:
        return self._versions()[2]

    def _read(self, parse: Callable[[str], tuple[Reply, ...]], text: Callable[[], str]) -> tuple[Reply, ...]:
        from assistant.store.errors import StoreError

        try:
            return parse(text())
        except (ValueError, TypeError) as exc:
            raise StoreError(f"the session store {self.__dict__['_where']} holds unreadable replies "
                             f"(turn {self.seq}: {exc}); it was left untouched") from exc

    def _whole(self) -> tuple[Reply, ...]:
        full: tuple[Reply, ...] | None = self.__dict__["_full"]
        if full is None:
            raw = self.__dict__["_raw"]
            full = self._read(replies_from, lambda: raw if isinstance(raw, str) else raw(self.seq))
            self.__dict__["_full"] = full
        return full

    def export_json(self) -> str | None:
        """The replies' stored text when it is as the JSON export writes them (version 7), unparsed;
        None when they are stored in version 4's form (then parsed and kept, as `replies` would).
        A turn read on demand fetches its text now and keeps none of it (an export writes each
        turn's once, and a long session's are 100 MiB). The text is not parsed, so not checked
        beyond its ends: a row edited outside this program into something else than JSON would be
        copied as it is (reading its replies says it is unreadable)."""
        raw = self.__dict__["_raw"]
        text = raw if isinstance(raw, str) else raw(self.seq)
        if (text.startswith(EXPORT_FORM) and text.endswith("}]")) or text == "[]":
            return text
        if self.__dict__["_full"] is None and not isinstance(raw, str):
            self.__dict__["_full"] = self._read(replies_from, lambda: text)
        return None

    @property
    def replies(self) -> tuple[Reply, ...]:
        cached: tuple[Reply, ...] | None = self.__dict__["_replies"]
        if cached is None:
            light = self.__dict__["_light"]
            if light is None:
                cached = self._whole()
            else:
                cached = self._read(lambda text: light_replies_from(text, self._data_of), lambda: light)
            self.__dict__["_replies"] = cached
        return cached

    def _data_of(self, index: int) -> Mapping[str, Any]:
        whole = self._whole()
        data = whole[index].data if index < len(whole) else None
        if data is None:
            from assistant.store.errors import StoreError

            raise StoreError(f"the session store {self.__dict__['_where']} holds replies whose two forms differ "
                             f"(turn {self.seq}); it was left untouched")
        return data


def light_json(replies: Iterable[Reply]) -> str:
    """The replies without their data (`true` where there is some): what a transcript needs."""
    return json.dumps([{**reply_dict(r), "data": None if r.data is None else True} for r in replies],
                      ensure_ascii=True, separators=(",", ":"), allow_nan=False)


def light_replies_from(text: str, data_of: Callable[[int], Mapping[str, Any]]) -> tuple[Reply, ...]:
    """Replies from their light form; a reply that had data gets it, read by `data_of(index)` when used."""
    raw = json.loads(text)
    if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
        raise ValueError("expected a list of replies")
    out = []
    for index, entry in enumerate(raw):
        marked = entry.get("data")
        if marked not in (None, True):
            raise ValueError("a light reply's data must be true or null")
        reply = reply_from({**entry, "data": None})
        if marked:
            from dataclasses import replace

            reply = replace(reply, data=LaterData(lambda i=index: data_of(i)))  # type: ignore[misc]
        out.append(reply)
    return tuple(out)


def reply_dict(reply: Reply) -> dict[str, Any]:
    return {"kind": reply.kind, "text": reply.text, "slot": reply.slot, "options": list(reply.options),
            "data": None if reply.data is None else dict(reply.data)}


# JSON allows these raw inside strings; escaping them keeps an export inert in a terminal, and a
# lone surrogate (no UTF-8 text can hold it) storable.
_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")


def inert_json(text: str) -> str:
    """JSON text with its unsafe characters escaped (an ASCII text, most of a long session's, has
    none but DEL: checking is far quicker than the substitution)."""
    if text.isascii() and "\x7f" not in text:
        return text
    return _UNSAFE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


_LINE = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode  # json.dumps' own, made once, not per call


def json_line(value: Any) -> str:
    """One value as the JSON export writes it: on one line, UTF-8, its unsafe characters escaped."""
    return inert_json(_LINE(value))


_OWN_KEYS = frozenset(("type", "text", "slot", "options"))
EXPORT_FORM = '[{"type": '  # how a row stored in the export's form starts (version 4's: '[{"kind":')


def _carried(reply: Reply) -> bool:
    """Whether `Reply.to_dict()` gives the reply back exactly (see `reply_from`)."""
    data = reply.data
    return data is None or (bool(data) and all(isinstance(k, str) for k in data) and _OWN_KEYS.isdisjoint(data))


def replies_json(replies: Iterable[Reply]) -> str:
    """The replies as stored: as the JSON export writes them (`json_line` of each `Reply.to_dict()`),
    or, when that form would not give them back exactly, as version 4 stored them (ASCII escapes
    keep any string storable, as event_json does)."""
    replies = list(replies)
    if all(_carried(r) for r in replies):
        return json_line([r.to_dict() for r in replies])
    return version_4_json(replies)


def version_4_json(replies: Iterable[Reply]) -> str:
    """The replies as versions 4 to 6 stored them (`reply_dict` of each, compact and ASCII)."""
    return json.dumps([reply_dict(r) for r in replies], ensure_ascii=True, separators=(",", ":"), allow_nan=False)


def reply_from(raw: Mapping[str, Any]) -> Reply:
    """A reply from either stored form: version 4's `reply_dict`, or the export's `Reply.to_dict()`
    (its `type`, and the keys beyond type, text, slot and options as its data)."""
    from dialogs.state import Reply

    if "type" in raw:  # the export's form (version 4's has no `type`)
        extra = {k: v for k, v in raw.items() if k not in _OWN_KEYS}
        raw = {"kind": raw["type"], "text": raw.get("text"), "slot": raw.get("slot"),
               "options": raw.get("options", []), "data": extra or None}
    kind, text, slot, options, data = (raw.get(k) for k in ("kind", "text", "slot", "options", "data"))
    if kind not in ("question", "info", "answer", "plan", "error") or not isinstance(text, str):
        raise ValueError(f"not a reply: {dict(raw)!r:.80}")
    if slot is not None and not isinstance(slot, str):
        raise ValueError("a reply's slot must be text")
    if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
        raise ValueError("a reply's options must be a list of text")
    if data is not None and not isinstance(data, dict):
        raise ValueError("a reply's data must be an object")
    return Reply(kind, text, slot, tuple(options), data)


def replies_from(text: str) -> tuple[Reply, ...]:
    raw = json.loads(text)
    if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
        raise ValueError("expected a list of replies")
    return tuple(reply_from(r) for r in raw)


def shown_text(replies: Iterable[Reply]) -> str:
    """The replies as the chat printed them: each text, then its numbered quick replies."""
    from dialogs.phrasing import option_numbers

    parts = []
    for reply in replies:
        text = ("! " if reply.kind == "error" else "") + reply.text
        if reply.options:
            numbers = option_numbers(reply.options)
            text += "".join(f"\n  {n}) {o}" for n, o in zip(numbers, reply.options, strict=True))
        parts.append(text)
    return "\n".join(parts)


def has_plan(replies: Iterable[Reply]) -> bool:
    return any(r.kind == "plan" for r in replies)


def last_plan(replies: Sequence[Reply]) -> Mapping[str, Any] | None:
    for reply in reversed(replies):
        if reply.kind == "plan" and reply.data is not None:
            return reply.data
    return None


Execute = Callable[[str, Sequence[object]], Any]


def row_values(session_id: int, turn: ShownTurn) -> tuple[object, ...]:
    return (session_id, turn.seq, replies_json(turn.replies), shown_text(turn.replies), turn.app_version,
            turn.kb_version, turn.origin, int(has_plan(turn.replies)))


INSERT = ("INSERT INTO shown (session_id, seq, replies, text, app_version, kb_version, origin, plan) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")  # version 4's rows (the upgrade to 4 runs before 5 adds `light`)
INSERT_LIGHT = ("INSERT INTO shown (session_id, seq, replies, text, app_version, kb_version, origin, plan, light) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")


def light_row_values(session_id: int, turn: ShownTurn) -> tuple[object, ...]:
    return (*row_values(session_id, turn), light_json(turn.replies))


INSERT_FRAGMENT = "INSERT INTO fragments (session_id, format, seq, form, text) VALUES (?, ?, ?, ?, ?)"


def fragment_rows(session_id: int, seq: int, replies: Sequence[Reply]) -> list[tuple[object, ...]]:
    """One turn's replies as each transcript (md, html) writes them: the `fragments` rows (version 8)."""
    from assistant.export.fragments import FORMATS, FRAGMENT_FORM, fragment

    return [(session_id, fmt, seq, FRAGMENT_FORM, fragment(replies, fmt)) for fmt in FORMATS]


def rebuild_all(execute: Execute, origin: str = REBUILT_ON_UPGRADE) -> int:
    """Replay every stored session and keep its replies, marked `origin` (the upgrade to version 4).

    A session whose events cannot be read or replayed is left without shown replies: reading it
    later says so, as before. Returns how many sessions were rebuilt."""
    from assistant import __version__
    from assistant.store.replaying import replay_turns
    from dialogs.engine import default_consult
    from dialogs.state import Event

    try:
        consult = default_consult()
    except Exception:  # a knowledge base that fails its checks: rebuilt lazily, when read (see sessions.py)
        return 0
    kb = consult.kb.version
    ids = [int(r[0]) for r in execute("SELECT id FROM sessions ORDER BY id", ()).fetchall()]
    done = 0
    for session_id in ids:
        rows = execute("SELECT event FROM events WHERE session_id = ? ORDER BY seq", (session_id,)).fetchall()
        try:
            replayed = replay_turns([Event.from_dict(json.loads(r[0])) for r in rows], consult)
        except Exception:  # an unreadable event: nothing can be rebuilt, and reading it will say so
            continue
        turns = [ShownTurn(0, replayed.opening, __version__, kb, origin),
                 *(ShownTurn(t.number, t.replies, __version__, kb, origin) for t in replayed.turns)]
        for turn in turns:
            execute(INSERT, row_values(session_id, turn))
        done += 1
    return done
