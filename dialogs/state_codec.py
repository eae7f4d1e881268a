"""A dialog State as plain JSON data and back, exactly: `state_from(state_data(s)) == s`.

The store keeps each turn's state (so resume loads it instead of replaying every event). The
undo history (`State.history`) is kept apart, one snapshot at a time (`snapshot_data`), because it
grows by one snapshot a turn: `state_data` leaves it out and the caller joins it back.

Assessment points can be kept apart too (they accumulate with each reassessment, and every
snapshot of the history holds them): `point=` writes each as the caller's reference to it, and
reading takes the same function's inverse. By default they are written inline.

The format is strict: every field of State, Snapshot, Point and Given is written, and reading
refuses a missing or unknown key (ValueError), so a state written by another version of the
program is never half-read: the caller replays the events instead. `FORMAT` names the format.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields
from datetime import datetime
from typing import Any

from dialogs.history import EMPTY, History
from dialogs.state import Point, Snapshot, State
from knowledge.content import Scalar
from knowledge.course import Given

FORMAT = 1
_STATE_KEYS = frozenset(f.name for f in fields(State)) - {"history"} | {"format"}
_SNAPSHOT_KEYS = frozenset(f.name for f in fields(Snapshot))
_POINT_KEYS = frozenset(f.name for f in fields(Point))
_GIVEN_KEYS = frozenset(Given.field_names())


PointOut = Callable[[Point], Any]
PointIn = Callable[[Any], Point]


def _given(g: Given) -> dict[str, Any]:
    return {"drug": g.drug, "at": None if g.at is None else g.at.isoformat(), "mg": g.mg, "regimen": g.regimen,
            "counted": g.counted}


def _point(p: Point) -> dict[str, Any]:
    return {"at": p.at, "grade": p.grade, "status": p.status, "values": dict(p.values), "change": p.change}


def _toci(stated: tuple[int, str | None] | None) -> list[Any] | None:
    return None if stated is None else [stated[0], stated[1]]


def state_data(state: State, point: PointOut | None = None) -> dict[str, Any]:
    """Every field of the state but its history, as JSON-ready data."""
    point = point or _point
    return {
        "format": FORMAT, "values": dict(state.values), "unknown": sorted(state.unknown), "pending": state.pending,
        "attempts": dict(state.attempts), "persona": state.persona, "plan_shown": state.plan_shown,
        "ended": state.ended, "turns": state.turns, "patients": [list(p) for p in state.patients],
        "clock": state.clock, "given": [_given(g) for g in state.given], "toci_stated": _toci(state.toci_stated),
        "points": [point(p) for p in state.points], "reassessing": state.reassessing,
        "reassess_at": state.reassess_at, "reading": state.reading, "assessed_at": state.assessed_at,
    }


def snapshot_data(snapshot: Snapshot, point: PointOut | None = None) -> dict[str, Any]:
    point = point or _point
    return {"values": dict(snapshot.values), "unknown": sorted(snapshot.unknown),
            "given": [_given(g) for g in snapshot.given], "toci_stated": _toci(snapshot.toci_stated),
            "points": [point(p) for p in snapshot.points]}


# --- reading ----------------------------------------------------------------------------------


def _keys(raw: object, wanted: frozenset[str], what: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping) or set(raw) != wanted:
        raise ValueError(f"not a stored {what} of format {FORMAT}")
    return raw


def _text(value: object, optional: bool = False) -> Any:
    if (value is None and optional) or isinstance(value, str):
        return value
    raise ValueError(f"expected text, got {value!r:.40}")


def _number(value: object, optional: bool = False) -> Any:
    if (value is None and optional) or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    raise ValueError(f"expected a number, got {value!r:.40}")


def _int(value: object, optional: bool = False) -> Any:
    if (value is None and optional) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise ValueError(f"expected a whole number, got {value!r:.40}")


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError(f"expected true or false, got {value!r:.40}")


def _list(value: object) -> Sequence[Any]:
    if isinstance(value, list):
        return value
    raise ValueError(f"expected a list, got {value!r:.40}")


def _values(raw: object) -> dict[str, Scalar]:
    if not isinstance(raw, Mapping) or not all(isinstance(v, bool | int | float | str) for v in raw.values()):
        raise ValueError("expected slot values")
    return {str(k): v for k, v in raw.items()}


def _texts(raw: object) -> frozenset[str]:
    return frozenset(_text(v) for v in _list(raw))


def _given_from(raw: object) -> Given:
    g = _keys(raw, _GIVEN_KEYS, "therapy")
    at = _text(g["at"], optional=True)
    return Given(_text(g["drug"]), None if at is None else datetime.fromisoformat(at), _number(g["mg"], True),
                 _text(g["regimen"]), _flag(g["counted"]))


def point_data(p: Point) -> dict[str, Any]:
    return _point(p)


def point_from(raw: object) -> Point:
    p = _keys(raw, _POINT_KEYS, "assessment point")
    return Point(_text(p["at"], True), _int(p["grade"], True), _text(p["status"]), _values(p["values"]),
                 _text(p["change"]))


def _toci_from(raw: object) -> tuple[int, str | None] | None:
    if raw is None:
        return None
    pair = _list(raw)
    if len(pair) != 2:
        raise ValueError("expected a tocilizumab count and its time")
    return (_int(pair[0]), _text(pair[1], True))


def snapshot_from(raw: object, point: PointIn | None = None) -> Snapshot:
    point = point or point_from
    s = _keys(raw, _SNAPSHOT_KEYS, "snapshot")
    return Snapshot(_values(s["values"]), _texts(s["unknown"]), tuple(_given_from(g) for g in _list(s["given"])),
                    _toci_from(s["toci_stated"]), tuple(point(p) for p in _list(s["points"])))


def state_from(raw: object, history: History = EMPTY, point: PointIn | None = None) -> State:
    """The state `state_data` wrote (with `history` joined back); ValueError if it is not one."""
    point = point or point_from
    s = _keys(raw, _STATE_KEYS, "state")
    if s["format"] != FORMAT:
        raise ValueError(f"a stored state of format {s['format']!r}, not {FORMAT}")
    persona = s["persona"]
    if persona not in ("clinician", "trainee"):
        raise ValueError(f"not a persona: {persona!r:.40}")
    attempts = s["attempts"]
    if not isinstance(attempts, Mapping):
        raise ValueError("expected attempts per slot")
    patients = tuple(tuple(_text(x) for x in _list(p)) for p in _list(s["patients"]))
    if any(len(p) != 2 for p in patients):
        raise ValueError("expected (label, text) pairs")
    return State(
        values=_values(s["values"]), unknown=_texts(s["unknown"]), pending=_text(s["pending"], True),
        attempts={str(k): _int(v) for k, v in attempts.items()}, history=history, persona=persona,
        plan_shown=_flag(s["plan_shown"]), ended=_flag(s["ended"]), turns=_int(s["turns"]),
        patients=tuple((p[0], p[1]) for p in patients), clock=_text(s["clock"], True),
        given=tuple(_given_from(g) for g in _list(s["given"])), toci_stated=_toci_from(s["toci_stated"]),
        points=tuple(point(p) for p in _list(s["points"])), reassessing=_flag(s["reassessing"]),
        reassess_at=_text(s["reassess_at"], True), reading=_number(s["reading"], True),
        assessed_at=_text(s["assessed_at"], True),
    )
