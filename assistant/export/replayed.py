"""What an export needs that the store does not hold, rebuilt by the engine: the turns replayed
from the events (a consult that is not stored, or one whose replies or state the store lacks) and
today's summary (no plan shown could be read). `view.build_view` calls it only then, so an export
of a stored session never imports the engine."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.export.view import Summary, shown_summary, summary_of
from assistant.store.records import LoggedEvent
from assistant.store.replaying import as_shown, replay_turns, stored_turns
from assistant.store.shown import ShownTurn
from assistant.store.turns import Replayed
from dialogs.consult import Consult
from dialogs.engine import assessment, plan_data
from dialogs.render import grade_headline
from dialogs.state import Event, State


def summarise(replayed: Replayed, consult: Consult) -> Summary:
    """Today's summary: the plan the knowledge base gives now for the state after the last event."""
    state = replayed.state
    result = assessment(state, consult)
    return summary_of(grade_headline(result), plan_data(state, result), state, consult)


def by_replay(events: Sequence[LoggedEvent | Event], consult: Consult, shown: Sequence[ShownTurn] | None,
              state: State | None, loaded: Replayed | None) -> tuple[Replayed, Summary]:
    """The turns and the summary where the store's are not enough: `loaded` (the stored turns,
    whose last plan could not be summarised) with today's summary; the stored turns with the
    opening replayed; else the events replayed, with the stored replies where `shown` has them."""
    logged = [e for e in events if isinstance(e, LoggedEvent)]
    if loaded is None and shown is not None and state is not None and len(logged) == len(events):
        loaded = stored_turns(state, logged, shown, consult)
    if loaded is not None:
        return loaded, shown_summary(loaded, consult) or summarise(loaded, consult)
    if shown is None:
        replayed = replay_turns(events, consult)
        return replayed, summarise(replayed, consult)
    replayed = as_shown(replay_turns(events, consult), shown)
    return replayed, shown_summary(replayed, consult) or summarise(replayed, consult)
