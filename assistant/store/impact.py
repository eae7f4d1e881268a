"""`crs-assistant kb impact`: every stored consult's last plan shown, against the plan today's
knowledge base gives for the same turn (the events replayed up to it)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from assistant.store.regrade import TurnDiff, compare, plan_of, summary_line
from assistant.store.sessions import SessionStore
from assistant.store.shown import replies_from
from dialogs.engine import begin, default_consult, step
from dialogs.state import Event, Reply


@dataclass(frozen=True)
class Impact:
    session_id: int
    turn: int
    diff: TurnDiff | None  # None: the plan would be the same
    error: str = ""  # the session could not be read or replayed


def impacts(store: SessionStore) -> list[Impact]:
    """One entry per stored consult that showed a plan, oldest first."""
    consult = default_consult()
    plans = store.last_plans()
    events = store.all_events()
    out = []
    for session_id in sorted(plans):
        turn, text = plans[session_id]
        try:
            shown = plan_of(replies_from(text))
            state, _ = begin(consult)
            replies: list[Reply] = []
            for raw in events.get(session_id, [])[:turn]:
                state, replies = step(state, Event.from_dict(json.loads(raw)), consult)
            differences = compare(shown, plan_of(replies))
        except (ValueError, TypeError) as exc:
            out.append(Impact(session_id, turn, None, f"could not be replayed ({exc})"))
            continue
        out.append(Impact(session_id, turn, TurnDiff(turn, differences) if differences else None))
    return out


def impact_lines(store: SessionStore) -> list[str]:
    from dialogs.safe_text import one_line

    found = impacts(store)
    kb = default_consult().kb.version
    changed = [i for i in found if i.diff is not None or i.error]
    lines = [f"session {i.session_id}, turn {i.turn}: "
             + (one_line(i.error) if i.error else one_line(summary_line([i.diff] if i.diff else [])))
             for i in changed]
    lines.append(f"{len([i for i in changed if not i.error])} of {len(found)} stored consults with a plan would "
                 f"change under knowledge base {kb}" + (f"; {len(changed) - len([i for i in changed if not i.error])}"
                                                       " could not be replayed" if any(i.error for i in changed)
                                                       else "") + ".")
    return lines
