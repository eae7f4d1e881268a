"""Each turn's dialog state, kept beside its event (schema version 5), so that resume loads the
state after the last event instead of replaying them all.

A `states` row holds, for one event of one session (`seq`), the state after it as JSON
(`dialogs.state_codec`) without its undo history. Two parts of a state grow with the consult and
are kept once each, not once a turn: the undo history (about one snapshot an answer) is a chain of
`snapshots` rows, each naming the one below it (`parent_seq`, `parent_pos`), and a state row names
the top of its own (`top_seq`, `top_pos`); the episode's assessment points are `points` rows, and
a state or snapshot lists its points by key. A row's key is the turn that first stored it and its
position among that turn's new rows. A turn writes only what the previous turn's state did not
have: one snapshot after an answer, none after `back`; one point after a reassessment.

The state row is written in the transaction that commits its event. A session whose latest state
row is older than its last event (another writer's turns in between, or a state that could not
be stored) gets the rest by replaying the events after it; one with no readable state is replayed
from its start (`sessions.py`); sessions stored before version 5 get theirs by one replay at the
upgrade. Replay stays the reference: a loaded state equals the replayed one (tests).
"""
from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dialogs.history import History
    from dialogs.state import Point, Snapshot, State

Key = tuple[int, int]  # (seq, pos) of one stored snapshot or point
Execute = Callable[[str, Sequence[object]], Any]

STATE_SQL = (
    """CREATE TABLE states (
        session_id INTEGER NOT NULL REFERENCES sessions (id),
        seq INTEGER NOT NULL,
        state TEXT NOT NULL,
        top_seq INTEGER,
        top_pos INTEGER,
        PRIMARY KEY (session_id, seq)
    )""",
    """CREATE TABLE snapshots (
        session_id INTEGER NOT NULL REFERENCES sessions (id),
        seq INTEGER NOT NULL,
        pos INTEGER NOT NULL,
        parent_seq INTEGER,
        parent_pos INTEGER,
        snapshot TEXT NOT NULL,
        PRIMARY KEY (session_id, seq, pos)
    )""",
    """CREATE TABLE points (
        session_id INTEGER NOT NULL REFERENCES sessions (id),
        seq INTEGER NOT NULL,
        pos INTEGER NOT NULL,
        point TEXT NOT NULL,
        PRIMARY KEY (session_id, seq, pos)
    )""",
)
TABLES = ("states", "snapshots", "points")
# the replies without their data, beside each new turn's (shown.py); older rows keep NULL: read whole
SHOWN_LIGHT = "ALTER TABLE shown ADD COLUMN light TEXT"

INSERT_STATE = "INSERT INTO states (session_id, seq, state, top_seq, top_pos) VALUES (?, ?, ?, ?, ?)"
INSERT_SNAPSHOT = ("INSERT INTO snapshots (session_id, seq, pos, parent_seq, parent_pos, snapshot) "
                   "VALUES (?, ?, ?, ?, ?, ?)")
INSERT_POINT = "INSERT INTO points (session_id, seq, pos, point) VALUES (?, ?, ?, ?)"


@dataclass
class Chain:
    """What this process last stored of a session's state: the turn, each level of the undo history
    stored with its key, and every point stored (both by object identity: the engine shares them
    between turns, and a history level is never copied)."""

    seq: int
    levels: dict[int, tuple[History, Key]] = field(default_factory=dict)
    points: dict[int, tuple[Point, Key]] = field(default_factory=dict)


@dataclass
class Rows:
    """One turn's rows, before they are written."""

    state: tuple[object, ...]
    snapshots: list[tuple[object, ...]]
    points: list[tuple[object, ...]]
    chain: Chain


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=True, separators=(",", ":"), allow_nan=False)


def state_rows(session_id: int, seq: int, state: State, known: Chain | None) -> Rows:
    """The rows that store `state` after event `seq`, given what the store already holds (`known`,
    None: nothing reusable), and the chain after them. ValueError if the state cannot be stored."""
    from dialogs.state_codec import point_data, snapshot_data, state_data

    points = dict(known.points) if known is not None else {}
    point_rows: list[tuple[object, ...]] = []

    def point_key(p: Point) -> list[int]:
        hit = points.get(id(p))
        if hit is None or hit[0] is not p:
            hit = (p, (seq, len(point_rows)))
            point_rows.append((session_id, seq, hit[1][1], _dumps(point_data(p))))
            points[id(p)] = hit
        return list(hit[1])

    levels = dict(known.levels) if known is not None else {}
    new: list[History] = []  # the levels above the newest one stored, newest first
    level = state.history
    while level:
        stored = levels.get(id(level))
        if stored is not None and stored[0] is level:
            break
        new.append(level)
        level = level.below
    parent: tuple[int | None, int | None] = levels[id(level)][1] if level else (None, None)
    snapshot_rows: list[tuple[object, ...]] = []
    for pos, added in enumerate(reversed(new)):
        snapshot_rows.append((session_id, seq, pos, parent[0], parent[1],
                              _dumps(snapshot_data(added.top, point_key))))
        parent = (seq, pos)
        levels[id(added)] = (added, (seq, pos))
    row: tuple[object, ...] = (session_id, seq, _dumps(state_data(state, point_key)), parent[0], parent[1])
    return Rows(row, snapshot_rows, point_rows, Chain(seq, levels, points))


def write(execute: Execute, session_id: int, seq: int, state: State, known: Chain | None) -> Chain | None:
    """Store the state after event `seq` (in the caller's transaction); the chain after it, or None
    when the state could not be stored (loading then replays the events after the last one stored)."""
    try:
        rows = state_rows(session_id, seq, state, known)
    except ValueError:
        return None
    for point in rows.points:
        execute(INSERT_POINT, point)
    for snapshot in rows.snapshots:
        execute(INSERT_SNAPSHOT, snapshot)
    execute(INSERT_STATE, rows.state)
    return rows.chain


Query = Callable[[str, tuple[object, ...]], list[tuple[Any, ...]]]


def load(query: Query, session_id: int, upto: int) -> tuple[int, State, Chain] | None:
    """The latest state stored for the session at or before event `upto`: (its seq, the state, the
    chain to go on from); None when there is none, or it cannot be read (another version's format,
    a broken link): the caller replays.

    The undo history's links are checked and its top snapshot read now; every snapshot below is
    built from its stored text when `back` first reaches it (a resume reads one level, not the
    thousands an answer-by-answer consult keeps); one that cannot be read then raises StoreError."""
    from dialogs.history import EMPTY
    from dialogs.state_codec import point_from, snapshot_from, state_from

    found = query("SELECT seq, state, top_seq, top_pos FROM states WHERE session_id = ? AND seq <= ? "
                  "ORDER BY seq DESC LIMIT 1", (session_id, upto))
    if not found:
        return None
    seq, text, top_seq, top_pos = found[0]
    seq = int(seq)
    try:
        by_key: dict[Key, Point] = {
            (int(s), int(p)): point_from(json.loads(t))
            for s, p, t in query("SELECT seq, pos, point FROM points WHERE session_id = ? AND seq <= ?",
                                 (session_id, seq))}

        def point(raw: Any) -> Point:
            if not isinstance(raw, list) or len(raw) != 2 or (raw[0], raw[1]) not in by_key:
                raise ValueError("a stored point is missing")
            return by_key[(raw[0], raw[1])]

        history = EMPTY
        levels: dict[int, tuple[History, Key]] = {}
        if top_seq is not None:
            links = {(int(s), int(p)): (None if ps is None else (int(ps), int(pp)), t) for s, p, ps, pp, t in query(
                "SELECT seq, pos, parent_seq, parent_pos, snapshot FROM snapshots WHERE session_id = ? AND seq <= ?",
                (session_id, seq))}
            keys: list[Key] = []
            key: Key | None = (int(top_seq), int(top_pos))
            while key is not None:
                if key not in links or len(keys) > len(links):
                    raise ValueError("a stored history is broken")
                keys.append(key)
                key = links[key][0]
            for k in reversed(keys[1:]):
                history = history.push_later(_snapshot_reader(links[k][1], point, k))
                levels[id(history)] = (history, k)
            # the level `back` reads first, read now: a history in another format is replayed instead
            history = history.push(snapshot_from(json.loads(links[keys[0]][1]), point))
            levels[id(history)] = (history, keys[0])
        state = state_from(json.loads(text), history, point)
    except (ValueError, TypeError, KeyError):
        return None
    points = {id(p): (p, k) for k, p in by_key.items()}
    return seq, state, Chain(seq, levels, points)


def _snapshot_reader(text: str, point: Callable[[Any], Point], key: Key) -> Callable[[], Snapshot]:
    """Builds one stored snapshot when the history first reads it; StoreError (one line) if it cannot."""

    def read() -> Snapshot:
        from dialogs.state_codec import snapshot_from

        try:
            return snapshot_from(json.loads(text), point)
        except (ValueError, TypeError, KeyError) as exc:
            from assistant.store.errors import StoreError

            raise StoreError(f"the session store holds an unreadable undo history (the snapshot stored at turn "
                             f"{key[0]}: {exc}); it was left untouched") from exc

    return read


def rebuild_all(execute: Execute) -> int:
    """Replay every stored session once and keep its last state (the upgrade to version 5). A session
    whose events cannot be read or replayed is left without one (loading it replays, and says
    what is wrong). Returns how many sessions got their state."""
    from assistant.store.replaying import replay_turns
    from dialogs.engine import default_consult
    from dialogs.state import Event

    try:
        consult = default_consult()
    except Exception:  # a knowledge base that fails its checks: replayed when read, as before
        return 0
    ids = [int(r[0]) for r in execute("SELECT id FROM sessions ORDER BY id", ()).fetchall()]
    done = 0
    for session_id in ids:
        rows = execute("SELECT seq, event FROM events WHERE session_id = ? ORDER BY seq", (session_id,)).fetchall()
        if not rows:
            continue
        try:
            replayed = replay_turns([Event.from_dict(json.loads(r[1])) for r in rows], consult)
        except Exception:  # an unreadable event: reading the session will say so
            continue
        if write(execute, session_id, int(rows[-1][0]), replayed.state, None) is not None:
            done += 1
    return done
