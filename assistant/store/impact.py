"""`crs-assistant kb impact`: every stored consult's last plan shown, against the plan today's
knowledge base gives for the same turn (the events replayed up to it).

Replaying is the cost (the engine assesses the case at every turn), and each consult is
independent, so a large store is shared among forked worker processes (one per core), each
with its own connection to the store; memory stays bounded (one consult at a time per worker).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context

from assistant.parallel import workers
from assistant.store.regrade import TurnDiff, compare, plan_of, summary_line
from assistant.store.sessions import SessionStore
from assistant.store.shown import replies_from
from dialogs.engine import begin, default_consult, step
from dialogs.state import Event, Reply

PARALLEL_FROM = 400  # consults: below this, one process is quicker than starting workers
CHUNK = 100


@dataclass(frozen=True)
class Impact:
    session_id: int
    turn: int
    diff: TurnDiff | None  # None: the plan would be the same
    error: str = ""  # the session could not be read or replayed


def one(store: SessionStore, session_id: int, turn: int) -> Impact:
    consult = default_consult()
    try:
        shown = plan_of(replies_from(store.shown_replies(session_id, turn)))
        state, _ = begin(consult)
        replies: list[Reply] = []
        for raw in store.event_texts(session_id, turn):
            state, replies = step(state, Event.from_dict(json.loads(raw)), consult)
        differences = compare(shown, plan_of(replies))
    except (ValueError, TypeError) as exc:
        return Impact(session_id, turn, None, f"could not be replayed ({exc})")
    return Impact(session_id, turn, TurnDiff(turn, differences) if differences else None)


_opened: SessionStore | None = None  # each worker's own connection, opened at its first chunk


def _chunk(task: tuple[object, str | None, Sequence[tuple[int, int]]]) -> list[Impact]:
    global _opened
    target, user, items = task
    if _opened is None:
        _opened = SessionStore.open_existing(target, user=user)  # type: ignore[arg-type]
    assert _opened is not None
    return [one(_opened, sid, turn) for sid, turn in items]


def impacts(store: SessionStore) -> list[Impact]:
    """One entry per stored consult that showed a plan, oldest first."""
    items = store.plan_turns()
    count = workers()
    if len(items) < PARALLEL_FROM or count < 2:
        return [one(store, sid, turn) for sid, turn in items]
    default_consult()  # loaded once here; the forked workers inherit it
    chunks = [(store.target, store.user, items[n:n + CHUNK]) for n in range(0, len(items), CHUNK)]
    with ProcessPoolExecutor(count, mp_context=get_context("fork")) as pool:
        return [impact for done in pool.map(_chunk, chunks) for impact in done]


def impact_lines(store: SessionStore) -> list[str]:
    from dialogs.safe_text import one_line

    found = impacts(store)
    kb = default_consult().kb.version
    changed = [i for i in found if i.diff is not None]
    failed = [i for i in found if i.error]
    lines = [f"session {i.session_id}, turn {i.turn}: {one_line(summary_line([i.diff]))}"
             for i in changed if i.diff is not None]
    lines += [f"session {i.session_id}, turn {i.turn}: {one_line(i.error)}" for i in failed]
    lines.append(f"{len(changed)} of {len(found)} stored consults with a plan would change under knowledge base "
                 f"{kb}" + (f"; {len(failed)} could not be replayed" if failed else "") + ".")
    return lines
