"""What every export shows, computed once from a session: the turns with their replies as they
were shown (when the store kept them; replayed otherwise), and a summary of the consult as it
stands, recomputed from the events with today's knowledge base.

Raw text stays raw here; the renderers make it inert for their format.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant import __version__
from assistant.store.records import LoggedEvent, SessionMeta
from assistant.store.replaying import Replayed, Turn, as_shown, replay_turns
from assistant.store.shown import SHOWN, ShownTurn
from dialogs.engine import Consult, assessment, default_consult, shown_slots
from dialogs.episode import course_lines, points_json
from dialogs.phrasing import label, value_words
from dialogs.render import BRACKET_NOTE, grade_headline, reference_line, summary_basis
from dialogs.state import Event, Reply
from knowledge.assessment import to_json
from knowledge.planning import SECTION_TITLES, PlanItem


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

    @property
    def authors(self) -> tuple[str, ...]:
        """Who entered the consult: its author, then anyone else who added turns (a shared consult)."""
        names = dict.fromkeys([self.meta.author, *(t.author for t in self.turns)])
        return tuple(n for n in names if n)

    @property
    def kb_changed(self) -> bool:
        return self.kb_version != self.meta.kb_version

    @property
    def stamps(self) -> tuple[ShownTurn, ...]:
        """Each stored turn's versions and origin (seq 0 first), for the JSON export."""
        opening = () if self.replayed.opening_shown is None else (self.replayed.opening_shown,)
        return (*opening, *(t.shown for t in self.turns if t.shown is not None))

    @property
    def rebuilt(self) -> dict[str, int]:
        """How many turns' replies were not stored as shown but rebuilt by replay, by origin."""
        counts: dict[str, int] = {}
        for turn in self.turns:
            if turn.shown is not None and turn.shown.origin != SHOWN:
                counts[turn.shown.origin] = counts.get(turn.shown.origin, 0) + 1
        return counts

    @property
    def shown_kb_versions(self) -> tuple[str, ...]:
        """The knowledge bases behind the stored replies, in order of first use."""
        return tuple(dict.fromkeys(t.shown.kb_version for t in self.turns if t.shown is not None))

    @property
    def replies_notice(self) -> str:
        """One sentence on where the transcript's replies come from ("" when nothing needs saying)."""
        if not self.stored_replies:
            if not self.kb_changed:
                return ""
            return (f"the replies below were recomputed with knowledge base {self.kb_version}; the session started "
                    f"with {self.meta.kb_version}, so they may differ from what was shown at the time.")
        parts = []
        older = [v for v in self.shown_kb_versions if v != self.kb_version]
        if older:
            parts.append(f"the replies below are as they were shown (knowledge base {', '.join(older)}); the "
                         f"summary was recomputed with knowledge base {self.kb_version}.")
        for origin, n in self.rebuilt.items():
            parts.append(f"{n} turn{'s' if n != 1 else ''}' replies were {origin} (replayed, not stored as shown).")
        return " ".join(parts)


def summarise(replayed: Replayed, consult: Consult) -> Summary:
    state = replayed.state
    result = assessment(state, consult)
    teaching = state.persona == "trainee"
    lines = []
    listed = shown_slots(state.values, consult)
    for q in consult.spec.questions:
        if q.slot in state.values:
            shown = value_words(q.slot, state.values[q.slot])
        elif q.slot in state.unknown:
            shown = "unknown"
        elif q.slot not in listed:
            continue  # the ICANS domains are asked only once neurotoxicity is reported
        else:
            shown = "not recorded"
        lines.append(StateLine(label(q.slot), shown))
    def evidence(item: PlanItem) -> tuple[str, ...]:
        # escalation options always carry their evidence level; the rest only for trainees
        return item.evidence if teaching or item.section == "if-no-improvement" else ()

    plan = tuple(
        PlanLine(n, item.label, item.severity, item.text, item.dose, item.refs, evidence(item))
        for n, item in result.plan.numbered()
    )
    numbered = result.plan.numbered()
    sections = tuple(
        PlanSectionView(SECTION_TITLES[section],
                        tuple(line for (_, item), line in zip(numbered, plan, strict=True) if item.section == section))
        for section, _ in result.plan.sections
    )
    bracket = tuple(
        PlanSectionView(f"If you grade it as grade {grade}" + (", add" if items else ": nothing to add"),
                        tuple(PlanLine(n, i.label, i.severity, i.text, i.dose, i.refs, evidence(i)) for n, i in items))
        for grade, items in result.plan.numbered_bracket()
    )
    assumed = tuple(StateLine(label(k), value_words(k, v)) for k, v in result.plan.assumed.items())
    data = {**to_json(result), "unknown": sorted(state.unknown), "persona": state.persona}
    course = tuple(course_lines(state, result))
    if course:
        data["course"] = list(course)
    if state.points:
        data["points"] = points_json(state)
    return Summary(
        headline=grade_headline(result), grade=result.grade, status=result.grading.status,
        basis=summary_basis(result),
        state=tuple(lines), plan=plan, sections=sections, bracket=bracket, assumed=assumed,
        references=tuple(reference_line(r) for r in result.references),
        kb_version=result.kb_version, disclaimer=result.disclaimer, data=data, course=course,
    )


def build_view(events: Sequence[LoggedEvent | Event], meta: SessionMeta, consult: Consult | None = None, *,
               shown: Sequence[ShownTurn] | None = None, label: str = "") -> SessionView:
    """Replay the events once (for the state and the summary); the turns show the stored replies
    where `shown` has them. Every format renders from the result."""
    consult = consult or default_consult()
    replayed = replay_turns(events, consult)
    summary = summarise(replayed, consult)
    if shown is not None:
        replayed = as_shown(replayed, shown)
    return SessionView(meta, tuple(events), replayed, summary, __version__, consult.kb.version, label=label,
                       stored_replies=shown is not None)
