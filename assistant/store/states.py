"""Each turn's dialog state, kept beside its event (schema version 5), so that resume loads the
state after the last event instead of replaying them all.

A `states` row holds, for one event of one session (`seq`), the state after it as JSON
(`dialogs.state_codec`) without its undo history. The history grows by about one snapshot a turn,
so it is kept as a chain: each `snapshots` row is one snapshot and the key of the one below it
(`parent_seq`, `parent_pos`; a snapshot's key is the turn that first stored it and its position
among that turn's new ones), and a state row names the top of its history (`top_seq`, `top_pos`).
A turn writes only the snapshots its history does not share with the previous turn's: one row
after an answer, none after `back`.

The state row is written in the transaction that commits its event. A session whose latest state
row is older than its last event (stored before version 5 and not rebuilt, or another writer's
turns in between) gets the rest by replaying the events after it; one with no readable state is
replayed from its start (`sessions.py`). Replay stays the reference: a loaded state equals the
replayed one (tests).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dialogs.state import Snapshot, State

Key = tuple[int, int]  # (seq, pos) of one stored snapshot
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
)

INSERT_STATE = "INSERT INTO states (session_id, seq, state, top_seq, top_pos) VALUES (?, ?, ?, ?, ?)"
INSERT_SNAPSHOT = ("INSERT INTO snapshots (session_id, seq, pos, parent_seq, parent_pos, snapshot) "
                   "VALUES (?, ?, ?, ?, ?, ?)")


@dataclass
class Chain:
    """A session's history as last written by this process: the snapshots and their keys, and the
    turn they belong to."""

    seq: int
    snapshots: list[Snapshot]
    keys: list[Key]


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=True, separators=(",", ":"), allow_nan=False)


def state_rows(session_id: int, seq: int, state: State,
               known: Chain | None) -> tuple[tuple[object, ...], list[tuple[object, ...]], Chain]:
    """The state row and the new snapshot rows for `state` after event `seq`, given the chain the
    store already holds (`known`, None: nothing reusable); and the chain after them.
    ValueError if the state cannot be stored (then none of it is)."""
    from dialogs.state_codec import snapshot_data, state_data

    history = state.history
    shared = 0
    if known is not None:
        most = min(len(history), len(known.snapshots))
        while shared < most and (history[shared] is known.snapshots[shared] or
                                 history[shared] == known.snapshots[shared]):
            shared += 1
    keys = list(known.keys[:shared]) if known is not None else []
    rows: list[tuple[object, ...]] = []
    for pos, snapshot in enumerate(history[shared:]):
        parent = keys[-1] if keys else (None, None)
        rows.append((session_id, seq, pos, parent[0], parent[1], _dumps(snapshot_data(snapshot))))
        keys.append((seq, pos))
    top = keys[-1] if keys else (None, None)
    row: tuple[object, ...] = (session_id, seq, _dumps(state_data(state)), top[0], top[1])
    return row, rows, Chain(seq, list(history), keys)


def write(execute: Execute, session_id: int, seq: int, state: State, known: Chain | None) -> Chain | None:
    """Store the state after event `seq` (in the caller's transaction); the chain after it, or None
    when the state could not be stored (loading then replays the events after the last one stored)."""
    try:
        row, snapshots, chain = state_rows(session_id, seq, state, known)
    except ValueError:
        return None
    for snapshot in snapshots:
        execute(INSERT_SNAPSHOT, snapshot)
    execute(INSERT_STATE, row)
    return chain


def chain_from(top: Key | None, rows: Iterable[Sequence[Any]]) -> tuple[tuple[Snapshot, ...], list[Key]]:
    """The history ending at `top`, from a session's snapshot rows (seq, pos, parent_seq,
    parent_pos, snapshot); ValueError if a link is missing or a snapshot unreadable."""
    from dialogs.state_codec import snapshot_from

    if top is None:
        return (), []
    links = {(int(s), int(p)): (None if ps is None else (int(ps), int(pp)), text) for s, p, ps, pp, text in rows}
    keys: list[Key] = []
    key: Key | None = top
    while key is not None:
        if key not in links or len(keys) > len(links):
            raise ValueError("a stored history is broken")
        keys.append(key)
        key = links[key][0]
    keys.reverse()
    return tuple(snapshot_from(json.loads(links[k][1])) for k in keys), keys


def state_from_row(state_text: str, history: tuple[Snapshot, ...]) -> State:
    from dialogs.state_codec import state_from

    return state_from(json.loads(state_text), history)


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
