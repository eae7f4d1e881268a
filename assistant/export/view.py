"""What every export shows, computed once from a session: the turns with their replies as they
were shown, and a summary of the consult built from the last plan shown (its stored data), when
the store kept them (with the stored state, nothing is replayed); for a consult that is not
stored, replies and summary are replayed from the events with today's knowledge base. Either way
the summary comes from one plan's data (`dialogs.engine.plan_data`) through `summary_of`. Reading
what the store holds needs the dialog and the knowledge base (`dialogs.consult`: the questions the
state lists, today's knowledge base version), not the engine: replaying is `replayed.py`'s.

Raw text stays raw here; the renderers make it inert for their format.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import chain
from typing import Any

from assistant import __version__
from assistant.store.records import LoggedEvent, SessionMeta
from assistant.store.shown import SHOWN, ShownTurn
from assistant.store.turns import Replayed, Turn, from_store
from dialogs.consult import Consult, default_consult, shown_slots
from dialogs.phrasing import label, value_words
from dialogs.render import BRACKET_NOTE, reference_line, summary_basis
from dialogs.state import Event, Reply, State
from knowledge.content import Reference


@dataclass(frozen=True)
class StateLine:
    label: str
    value: str


@dataclass(frozen=True)
class PlanLine:
    number: int
    label: str
    severity: str
    text: str
    dose: str | None
    refs: tuple[str, ...]
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class PlanSectionView:
    """One section of the plan (Now, If no improvement, Monitor and support) with its items."""

    title: str
    items: tuple[PlanLine, ...]


@dataclass(frozen=True)
class Summary:
    """The consult as it stands after the last event."""

    headline: str  # e.g. "ASTCT grade 3"
    grade: int | None
    status: str
    basis: tuple[str, ...]
    state: tuple[StateLine, ...]
    plan: tuple[PlanLine, ...]
    sections: tuple[PlanSectionView, ...]
    bracket: tuple[PlanSectionView, ...]  # an undefined grade: what each candidate grade adds
    assumed: tuple[StateLine, ...]
    references: tuple[str, ...]  # formatted reference lines
    kb_version: str
    disclaimer: str
    data: dict[str, Any]
    bracket_note: str = BRACKET_NOTE  # the assess JSON (knowledge.assessment.to_json) plus 'unknown' and 'persona'
    course: tuple[str, ...] = ()  # the episode: each assessment point, what was given when (dialogs/episode.py)
    as_shown: bool = False  # built from the last plan as it was shown (stored), not recomputed today


@dataclass(frozen=True)
class SessionView:
    meta: SessionMeta
    events: tuple[LoggedEvent | Event, ...]
    replayed: Replayed
    summary: Summary
    app_version: str  # the program that rendered this export
    kb_version: str  # the knowledge base the events were replayed against
    label: str = ""  # the consult's local label, only when the export asks for it (--with-label)
    stored_replies: bool = False  # the replies are the stored ones (as shown), not replayed
    # by format (md, html), each stored turn's replies as rendered when stored (0: the opening), where kept
    fragments: Mapping[str, Mapping[int, str]] = field(default_factory=dict)

    @property
    def opening(self) -> tuple[Reply, ...]:
        return self.replayed.opening

    @property
    def turns(self) -> tuple[Turn, ...]:
        return self.replayed.turns

    @property
    def last_at(self) -> str:
        """When the consult last changed: the last event's time, else the start."""
        for item in reversed(self.events):
            if isinstance(item, LoggedEvent):
                return item.at
        return self.meta.started

    @cached_property  # the templates ask once a turn
    def authors(self) -> tuple[str, ...]:
        """Who entered the consult: its author, then anyone else who added turns (a shared consult)."""
        names = dict.fromkeys([self.meta.author, *(t.author for t in self.turns)])
        return tuple(n for n in names if n)

    @property
    def kb_changed(self) -> bool:
        return self.kb_version != self.meta.kb_version

    @cached_property  # the templates ask once a turn
    def stamps(self) -> tuple[ShownTurn, ...]:
        """Each stored turn's versions and origin (seq 0 first), for the JSON export."""
        opening = () if self.replayed.opening_shown is None else (self.replayed.opening_shown,)
        return (*opening, *(t.shown for t in self.turns if t.shown is not None))

    @cached_property  # the templates ask once a turn
    def rebuilt(self) -> dict[str, int]:
        """How many turns' replies were not stored as shown but rebuilt by replay, by origin."""
        counts: dict[str, int] = {}
        for turn in self.turns:
            if turn.shown is not None and turn.shown.origin != SHOWN:
                counts[turn.shown.origin] = counts.get(turn.shown.origin, 0) + 1
        return counts

    @cached_property  # the templates ask once a turn
    def shown_kb_versions(self) -> tuple[str, ...]:
        """The knowledge bases behind the stored replies, in order of first use."""
        return tuple(dict.fromkeys(t.shown.kb_version for t in self.turns if t.shown is not None))

    @cached_property  # the templates ask once a turn
    def replies_notice(self) -> str:
        """One sentence on where the transcript's replies come from ("" when nothing needs saying)."""
        if not self.stored_replies:
            if not self.kb_changed:
                return ""
            return (f"the replies below were recomputed with knowledge base {self.kb_version}; the session started "
                    f"with {self.meta.kb_version}, so they may differ from what was shown at the time.")
        parts = []
        older = [v for v in self.shown_kb_versions if v != self.kb_version]
        if older and self.summary.as_shown:
            parts.append(f"the replies and the summary below are as they were shown (knowledge base "
                         f"{', '.join(older)}); 'crs-assistant sessions regrade' shows what knowledge base "
                         f"{self.kb_version} would change.")
        elif older:
            parts.append(f"the replies below are as they were shown (knowledge base {', '.join(older)}); the "
                         f"summary was recomputed with knowledge base {self.kb_version}.")
        elif not self.summary.as_shown:
            parts.append(f"the summary was recomputed with knowledge base {self.kb_version} (the plan shown "
                         "could not be read).")
        for origin, n in self.rebuilt.items():
            parts.append(f"{n} turn{'s' if n != 1 else ''}' replies were {origin} (replayed, not stored as shown).")
        return " ".join(parts)


NO_PLAN_HEADLINE = "ASTCT grade: not shown yet (no plan shown yet)"


def shown_summary(replayed: Replayed, consult: Consult) -> Summary | None:
    """The summary as shown: built from the last plan reply the turns carry (the stored ones), not
    recomputed; before any plan was shown it says so. None when that plan's stored data is not in
    the plan's shape (an edited import): only today's plan can then be summarised."""
    for replies in chain((t.replies for t in reversed(replayed.turns)), [replayed.opening]):  # lazily: newest first
        for reply in reversed(replies):
            if reply.kind == "plan" and reply.data is not None:
                try:
                    return replace(summary_of(reply.text.split("\n", 1)[0], reply.data, replayed.state, consult),
                                   as_shown=True)
                except (KeyError, TypeError, ValueError, AttributeError, IndexError):
                    return None
    state = replayed.state
    data = {"plan_shown": False, "unknown": sorted(state.unknown), "persona": state.persona}
    return Summary(headline=NO_PLAN_HEADLINE, grade=None, status="no-plan-shown", basis=(),
                   state=state_lines(state.values, state.unknown, consult), plan=(), sections=(), bracket=(),
                   assumed=(), references=(), kb_version=consult.kb.version, disclaimer=consult.kb.meta.disclaimer,
                   data=data, as_shown=True)


def state_lines(values: Mapping[str, Any], unknown: Iterable[str], consult: Consult) -> tuple[StateLine, ...]:
    """The patient state as the consult's questions list it: each slot's value, 'unknown' or 'not recorded'."""
    unknown = set(unknown)
    listed = shown_slots(values, consult)
    lines = []
    for q in consult.spec.questions:
        if q.slot in values:
            shown = value_words(q.slot, values[q.slot])
        elif q.slot in unknown:
            shown = "unknown"
        elif q.slot not in listed:
            continue  # the ICANS domains are asked only once neurotoxicity is reported
        else:
            shown = "not recorded"
        lines.append(StateLine(label(q.slot), shown))
    return tuple(lines)


def summary_of(headline: str, plan: Mapping[str, Any], state: State, consult: Consult) -> Summary:
    """A summary from one plan reply's data (`dialogs.engine.plan_data`): the stored one, as shown,
    or today's. The patient state is the plan's own slots (the dialog-only ones, 'unknown' and the
    persona as replayed)."""
    teaching = state.persona == "trainee"

    def line(entry: Mapping[str, Any]) -> PlanLine:
        # escalation options always carry their evidence level; the rest only for trainees
        shows_evidence = teaching or entry.get("section") == "if-no-improvement"
        return PlanLine(entry["n"], entry["label"], entry["severity"], entry["text"], entry.get("dose"),
                        tuple(entry["refs"]), tuple(entry.get("evidence", ())) if shows_evidence else ())

    sections = tuple(PlanSectionView(s["title"], tuple(line(e) for e in s["items"])) for s in plan["sections"])
    bracket = tuple(
        PlanSectionView(f"If you grade it as grade {b['grade']}" + (", add" if b["items"] else ": nothing to add"),
                        tuple(line(e) for e in b["items"]))
        for b in plan["bracket"]
    )
    slots = plan["slots"]  # the case's slots as the plan read them; the dialog's own (e.g. anakinra given) as replayed
    values = {**{k: v for k, v in state.values.items() if k not in slots},
              **{k: v for k, v in slots.items() if v is not None}}
    data: dict[str, Any] = {}
    for key, value in plan.items():  # 'unknown' and 'persona' follow the assess JSON (its last key: disclaimer)
        data[key] = value
        if key == "disclaimer":
            data.update(unknown=sorted(state.unknown), persona=state.persona)
    data.update(unknown=sorted(state.unknown), persona=state.persona)
    return Summary(
        headline=headline, grade=plan["grade"], status=plan["grade_status"], basis=summary_basis(plan),
        state=state_lines(values, state.unknown, consult), plan=tuple(line(e) for e in plan["plan"]),
        sections=sections, bracket=bracket,
        assumed=tuple(StateLine(label(k), value_words(k, v)) for k, v in plan["assumed"].items()),
        references=tuple(reference_line(Reference.model_construct(**r)) for r in plan["references"]),
        kb_version=plan["kb_version"], disclaimer=plan["disclaimer"], data=data,
        course=tuple(plan.get("course", ())),
    )


def build_view(events: Sequence[LoggedEvent | Event], meta: SessionMeta, consult: Consult | None = None, *,
               shown: Sequence[ShownTurn] | None = None, label: str = "", state: State | None = None,
               fragments: Mapping[str, Mapping[int, str]] | None = None) -> SessionView:
    """The turns with the stored replies where `shown` has them, and the summary. With `state` (the
    stored state after the last event) and replies stored for every event, nothing is replayed and
    the engine is not even imported; otherwise the events are replayed once (`replayed.py`).
    Every format renders from the result. `fragments`: by format, the stored turns' replies as
    rendered when stored (used only with `shown`)."""
    consult = consult or default_consult()
    logged = [e for e in events if isinstance(e, LoggedEvent)]
    loaded = None
    if shown is not None and state is not None and len(logged) == len(events):
        loaded = from_store(state, logged, shown)
    summary = None if loaded is None else shown_summary(loaded, consult)
    if loaded is None or summary is None:  # what the store does not hold: the engine's, in one place
        from assistant.export.replayed import by_replay

        loaded, summary = by_replay(events, consult, shown, state, loaded)
    return SessionView(meta, tuple(events), loaded, summary, __version__, consult.kb.version, label=label,
                       stored_replies=shown is not None, fragments=fragments if shown is not None and fragments else {})
