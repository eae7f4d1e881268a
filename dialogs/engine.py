"""The consult engine: `step(state, event) -> (state, replies)`, pure and deterministic.

A session is the fold of its events: `replay(events)` rebuilds any state exactly, so back,
correction and resume are one mechanism. No I/O, no UI toolkit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from dialogs import episode, followup
from dialogs.commands import HELP, Command, changeable, parse_command, slot_for
from dialogs.consult import TIME_SLOT, ask_tests
from dialogs.consult import Consult as Consult  # the engine's inputs, defined where a stored consult is read
from dialogs.consult import default_consult as default_consult
from dialogs.consult import shown_slots as shown_slots
from dialogs.intake import Intake, take
from dialogs.phrasing import changes, label, option_numbers, summary
from dialogs.render import reference_line, render_assessment, tags
from dialogs.spec import Option, Question
from dialogs.state import Event, Persona, Reply, State, parse_time
from dialogs.timing import Timed, mask, reassessment
from knowledge import slot_registry
from knowledge.assessment import Assessment, assess, to_json
from knowledge.content import Scalar
from knowledge.course import Course, clock
from knowledge.loader import KnowledgeBase
from knowledge.planning import tocilizumab_caps
from knowledge.slots import GRADING_SLOTS, Case

# from the slot registry (knowledge/data/slots.toml)
NUMERIC_SLOTS = frozenset(s.name for s in slot_registry.default_registry().case_slots if s.kind == "number")
MAX_ECHOED_PROBLEMS = 3


# --- asking ------------------------------------------------------------------------------


def next_question(state: State, consult: Consult) -> Question | None:
    tests = ask_tests(consult)
    for q in consult.spec.questions:
        if q.slot in state.values or q.slot in state.unknown:
            continue
        if q.slot == TIME_SLOT and not _time_matters(state, consult):
            continue
        when, any_of = tests[q.slot]
        if when(state.values) and (not any_of or any(t(state.values) for t in any_of)):
            return q
    return None


def _time_matters(state: State, consult: Consult) -> bool:
    """Ask when the last tocilizumab dose was given only once the plan has been shown and it offers
    a dose while the times do not show whether the interval and the 24-hour cap allow it (and
    never without a clock: events stored without times cannot place one)."""
    if not state.plan_shown or state.clock is None:
        return False
    course = state.course()
    if course is None or course.timing(tocilizumab_caps(consult.kb)) != "untimed":
        return False
    item = next((i for i in assessment(state, consult).plan.items if i.action == "tocilizumab"), None)
    return item is not None and item.dose is not None


def ask(q: Question) -> Reply:
    return Reply("question", q.question, slot=q.slot, options=tuple(o.label for o in q.options))


def _ladder(q: Question, attempt: int, consult: Consult) -> Reply:
    """Restate with units, then offer the options, then explain why, then accept 'unknown'."""
    if attempt <= 1:
        text = f"I could not read that. {q.reprompt}"
    elif attempt == 2:
        labels = [o.label for o in q.options]
        offered = "; ".join(f"{n}) {label}" for n, label in zip(option_numbers(labels), labels, strict=True))
        text = f"I accept {q.accepted}." + (f" Or choose: {offered}." if offered else "")
    elif attempt == 3:
        why = consult.kb.by_id[q.why]
        text = f"I ask because: {why.text} {tags(why.refs)}\n{q.question}"
    else:
        text = f"If it is not known, answer 'unknown'. {q.unknown_effect}\n{q.question}"
    return Reply("question", text, slot=q.slot, options=tuple(o.label for o in q.options))


def _advance(state: State, consult: Consult, replies: list[Reply]) -> State:
    """Ask the next question, or show the plan once everything has been asked."""
    q = next_question(state, consult)
    if q is not None:
        replies.append(ask(q))
        return replace(state, pending=q.slot)
    if state.reassessing:
        state = _close_point(state, consult, replies)
        replies.append(plan_reply(state, consult))
        return replace(state, pending=None, plan_shown=True)
    if not state.plan_shown:
        replies.append(plan_reply(state, consult))
        shown = replace(state, pending=None, plan_shown=True)
        later = next_question(shown, consult)  # asked once the plan is out: the last dose's time
        if later is not None:
            replies.append(ask(later))
            return replace(shown, pending=later.slot)
        return shown
    return replace(state, pending=None, plan_shown=True)


def plan_reply(state: State, consult: Consult) -> Reply:
    result = assessment(state, consult)
    course = episode.course_lines(state, result)
    text = render_assessment(result, teaching=state.persona == "trainee", course=course)
    if state.unknown:
        effects = [q.unknown_effect for q in consult.spec.questions if q.slot in state.unknown]
        text += "\n\nAnswered 'unknown': " + " ".join(effects)
    return Reply("plan", text, data=plan_data(state, result, course))


def plan_data(state: State, result: Assessment, course: Sequence[str] | None = None) -> dict[str, Any]:
    """A plan reply's structured data: the assess JSON plus the episode's course and points. The
    exports' summary is built from it (as shown, or as today's knowledge base would show it)."""
    course = episode.course_lines(state, result) if course is None else course
    data = to_json(result)
    if course:
        data["course"] = course
    if state.points:
        data["points"] = episode.points_json(state)
    return data


def answer_reply(question: str, state: State, consult: Consult) -> Reply:
    """A follow-up answer for this case: the statements used and how each applies, as text and data."""
    result = followup.answer(question, consult.kb, assessment(state, consult), teaching=state.persona == "trainee")
    return Reply("answer", result.text, data={"answer": result.to_json()})


def assessment(state: State, consult: Consult) -> Assessment:
    return _assess(state.case(), consult.kb, state.course())


@lru_cache(maxsize=256)
def _assess(case: Case, kb: KnowledgeBase, course: Course | None = None) -> Assessment:
    """A turn assesses the same case two or three times (before, after, plan); results are
    immutable, so they are shared."""
    return assess(case, kb, course)


# --- answers -----------------------------------------------------------------------------


def _choose_option(q: Question, text: str) -> Option | None:
    said = text.strip().lower().rstrip(".!")
    for option in q.options:
        if said == option.label.lower() or said in (m.lower() for m in option.match):
            return option
    if slot_registry.slot(q.slot).kind == "bool":
        yes_no = {"yes": True, "y": True, "no": False, "n": False}
        if said in yes_no:
            return next((o for o in q.options if o.value is yes_no[said]), None)
    if said.isascii() and said.isdigit() and q.slot not in NUMERIC_SLOTS and 1 <= int(said) <= len(q.options):
        return q.options[int(said) - 1]
    if len(said) >= 4 and q.slot not in NUMERIC_SLOTS:
        # a distinctive word of one option's label, e.g. "fluids" or "vasopressin only"
        pattern = re.compile(rf"\b{re.escape(said)}\b")
        hits = [o for o in q.options if pattern.search(o.label.lower())]
        if len(hits) == 1:
            return hits[0]
    return None


def _apply(
    state: State, updates: Mapping[str, Scalar], text: str | None = None, *, drug: str | None = None,
    counted: bool = False,
) -> tuple[State, list[tuple[str, Scalar | None, Scalar]], Timed]:
    """The answers in `updates` (and the therapy times `text` gives) applied; what they corrected."""
    before = state
    state, updates, timed = episode.with_times(state, dict(updates), text, drug=drug, counted=counted)
    if state.reassessing and "temperature_c" in updates:
        kept = episode.tmax(state, updates["temperature_c"])
        reading = updates["temperature_c"]
        if kept is not None and isinstance(reading, float | int):
            state, updates = replace(state, reading=float(reading)), {**updates, "temperature_c": kept}
    values = dict(state.values)
    corrected: list[tuple[str, Scalar | None, Scalar]] = []
    for slot, value in updates.items():
        old = values.get(slot)
        if old is not None and old != value:
            corrected.append((slot, old, value))
        values[slot] = value
        if slot == "anakinra_mg_day":
            values["anakinra_given"] = bool(value)
    history = state.history.push(before.snapshot())
    unknown = state.unknown - set(updates)
    corrected = [c for c in corrected if c[0] != TIME_SLOT]
    if set(updates) & set(GRADING_SLOTS):
        state = replace(state, assessed_at=state.clock)
    return replace(state, values=values, unknown=unknown, history=history, attempts={}), corrected, timed


def _after_update(
    before: State, after: State, corrected: list[tuple[str, Scalar | None, Scalar]], consult: Consult,
    replies: list[Reply],
) -> State:
    if corrected and before.plan_shown:
        replies.append(Reply("info", changes(assessment(before, consult), assessment(after, consult), corrected)))
        replies.append(plan_reply(after, consult))
        return replace(after, pending=None)
    if corrected:
        replies.append(Reply("info", changes(assessment(before, consult), assessment(after, consult), corrected)))
    elif after.values.keys() & set(GRADING_SLOTS):
        result = assessment(after, consult)
        if result.grade is not None and not after.plan_shown:
            replies.append(Reply("info", f"ASTCT grade so far: {result.grade}."))
        elif result.grading.at_least is not None and not after.plan_shown:  # "at least 3": asked next
            replies.append(Reply("info", f"ASTCT grade so far: at least {result.grading.at_least}."))
    if before.plan_shown:
        return _advance(replace(after, plan_shown=next_question(after, consult) is None), consult, replies)
    return _advance(after, consult, replies)


def _timed_answer(before: State, after: State, corrected: list[tuple[str, Scalar | None, Scalar]],
                  consult: Consult, replies: list[Reply]) -> State:
    """The last dose's time is in: the plan again, now weighing the interval and the 24-hour cap."""
    state = _after_update(before, after, corrected, consult, replies)
    if before.plan_shown and not any(r.kind == "plan" for r in replies):
        replies.append(plan_reply(state, consult))
    return state


def _noted_lines(intake: Intake) -> list[str]:
    """What was assumed, and the parts nothing could be read from, as written."""
    lines = []
    if intake.notes:
        lines.append("Noted: " + "; ".join(intake.notes) + ".")
    if intake.unread:
        lines.append("Not read: " + "; ".join(f"'{u}'" for u in intake.unread) + ".")
    return lines


def _without_times(intake: Intake) -> Intake:
    """The reader's note that a count was not stated is moot once the doses have times."""
    notes = tuple(n for n in intake.notes if "number of doses not stated" not in n)
    return intake.model_copy(update={"notes": notes})


def _read_reply(intake: Intake, lead: str | None = None, timed: str | None = None) -> Reply:
    """ "I read: ...", with what was assumed and what could not be read; the parts also as data.
    `timed`: the therapies read with their times ("Given at: tocilizumab at 02:00, 10:00")."""
    read = ([lead] if lead else []) + list(intake.echo)
    lines = ["I read: " + "; ".join(read) + "." if read else "", *([f"Given at: {timed}."] if timed else []),
             *_noted_lines(intake)]
    lines = [line for line in lines if line]
    data: dict[str, object] = {"read": list(intake.echo), "notes": list(intake.notes), "unread": list(intake.unread)}
    if timed:
        data["given_at"] = timed
    return Reply("info", "\n".join(lines), data=data)


def _unread_reply(intake: Intake) -> Reply | None:
    """Only what was assumed and what could not be read (nothing was read as a slot value)."""
    lines = _noted_lines(intake)
    if not lines:
        return None
    return Reply("info", "\n".join(lines), data={"notes": list(intake.notes), "unread": list(intake.unread)})


def _patients_reply(patients: tuple[tuple[str, str], ...]) -> Reply:
    labels = [label for label, _ in patients]
    text = (
        f"That names {len(patients)} patients ({', '.join(labels)}); I keep one patient per consult and read "
        "nothing until you say which one this consult is about. Reply with its label, or send one patient per line."
    )
    return Reply("question", text, options=tuple(labels))


def _chosen_patient(state: State, text: str) -> str | None:
    """The text written about the patient the reply names ("Bed 14", "14", "the second")."""
    said = " ".join(text.strip().lower().rstrip(".!").split())
    ordinals = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2}
    for index, (name, written) in enumerate(state.patients):
        words = name.lower().split()
        if said in (name.lower(), words[-1], f"the {words[-1]}") or ordinals.get(said.removeprefix("the ")) == index:
            return written
    return None


def _text(state: State, text: str, consult: Consult) -> tuple[State, list[Reply]]:
    replies: list[Reply] = []
    q = consult.spec.by_slot(state.pending) if state.pending else None
    if not text.strip():
        return state, [ask(q)] if q else [Reply("info", "Type a question, a correction, or 'help'.")]
    command = parse_command(text)
    if command is not None:
        return _command(replace(state, patients=()), command, consult)
    reassess = reassessment(text)
    if reassess is not None:
        return _reassess(replace(state, patients=()), *reassess, consult)
    if state.patients:
        chosen = _chosen_patient(state, text)
        state = replace(state, patients=())
        if chosen is not None:
            replies.append(Reply("info", f"Reading only: {chosen}"))
            text = chosen
    if q is not None:
        option = _choose_option(q, text)
        if option is not None:
            intake = take(None, {q.slot: option.value, **option.also}, known=state.values)
            if q.slot == TIME_SLOT:  # "Given now": the last dose's time is now
                updated, corrected, _ = _apply(state, intake.values, "now", drug="tocilizumab", counted=True)
                replies.append(_read_reply(intake, f"{label(q.slot)}: {option.label}"))
                return _timed_answer(state, updated, corrected, consult, replies), replies
            updated, corrected, _ = _apply(state, intake.values)
            replies.append(_read_reply(intake, f"{label(q.slot)}: {option.label}"))
            return _after_update(state, updated, corrected, consult, replies), replies
        if text.strip().lower().rstrip(".!") in consult.spec.unknown.words:
            unknown = state.unknown | {q.slot}
            marked = replace(state, unknown=unknown, history=state.history.push(state.snapshot()), attempts={})
            replies.append(Reply("info", f"Noted as unknown. {q.unknown_effect}"))
            return _advance(marked, consult, replies), replies
    if q is not None and q.slot == TIME_SLOT:
        timed_state, corrected, timed = _apply(state, {TIME_SLOT: True}, text, drug="tocilizumab",
                                               counted=True)
        if timed.given:
            replies.append(Reply("info", f"I read: {timed.echo(episode.now(state))}."))
            return _timed_answer(state, timed_state, corrected, consult, replies), replies
    intake = take(text, expecting=q.reader_slot if q else None, known=state.values, kb=consult.kb)
    if intake.patients:
        pending = tuple((p.label, p.text) for p in intake.patients)
        return replace(state, patients=pending), [_patients_reply(pending)]
    if intake.question and not intake.values:
        answer = [answer_reply(intake.question, state, consult)]
        extra = _unread_reply(intake)
        replies += [*answer, *([extra] if extra else [])]
        if q is not None:
            replies.append(Reply("question", f"Back to: {q.question}", slot=q.slot,
                                 options=tuple(o.label for o in q.options)))
        return state, replies
    for problem in intake.problems[:MAX_ECHOED_PROBLEMS]:
        replies.append(Reply("error", problem))
    updated, corrected, timed = _apply(state, intake.values, text)
    if timed.given:  # read again without the doses' clock times: "toci at 1000" is not an ANC of 1000
        intake = _without_times(take(mask(text), expecting=q.reader_slot if q else None, known=state.values,
                                     kb=consult.kb))
        updated, corrected, timed = _apply(state, intake.values, text)
    if intake.values or timed.given:
        replies.append(_read_reply(intake, timed=timed.echo(episode.now(state)) if timed.given else None))
        if intake.question:  # answered for the case as it now stands
            replies.append(answer_reply(intake.question, updated, consult))
        return _after_update(state, updated, corrected, consult, replies), replies
    extra = _unread_reply(intake)
    if extra is not None:
        replies.append(extra)
    if q is None:
        replies.append(Reply("error", "I could not read that as patient details or a question. Type 'help' for "
                                      "what I understand."))
        return state, replies
    attempt = state.attempts.get(q.slot, 0) + 1
    replies.append(_ladder(q, attempt, consult))
    return replace(state, attempts={**state.attempts, q.slot: attempt}), replies


# --- reassessment ------------------------------------------------------------------------


def _open_point(state: State, consult: Consult) -> State:
    """The episode's first point, the assessment so far, when a reassessment begins."""
    if state.points or not state.values.keys() & set(episode.REASSESSED):
        return state
    return replace(state, points=(episode.point(state, assessment(state, consult), state.assessed_at or state.clock),))


def _close_point(state: State, consult: Consult, replies: list[Reply]) -> State:
    """A reassessment's new point: its time, grade and what changed since the last point."""
    note = episode.tmax_note(state)
    result = assessment(state, consult)
    at = state.reassess_at or state.clock
    if not state.points:
        new = episode.point(state, result, at)
    else:
        new = episode.point(state, result, at, episode.change_line(state.points[-1], state, result))
    moment = parse_time(at)
    when = clock(moment, episode.now(state)) if moment is not None else "time not recorded"
    text = f"Reassessment {len(state.points) + 1} at {when}: {new.change or 'first assessment point'}."
    replies.append(Reply("info", text + (f"\n{note}" if note else ""), data={"point": episode.points_json(
        replace(state, points=(new,)))[0]}))
    return replace(state, points=(*state.points, new), reassessing=False, reassess_at=None, reading=None)


def _reassess(state: State, rest: str, hours: float | None, consult: Consult) -> tuple[State, list[Reply]]:
    """ "update: ...", "now: ...", "6 h later ...", "reassess": a new assessment point in the same
    episode; what was given is kept, the findings said replace the earlier ones."""
    state = episode.advance(_open_point(state, consult), hours)
    state = replace(state, reassessing=True, reassess_at=state.clock)
    if not rest.strip():
        values = {k: v for k, v in state.values.items() if k not in episode.REASSESSED}
        cleared = replace(state, values=values, unknown=state.unknown - set(episode.REASSESSED),
                          history=state.history.push(state.snapshot()), plan_shown=False, pending=None)
        replies = [Reply("info", "Reassessment: the findings now, please (what was given is kept).")]
        return _advance(cleared, consult, replies), replies
    updated, replies = _text(replace(state, pending=None), rest, consult)
    if updated.reassessing and updated.pending is None:
        replies = [r for r in replies if r.kind != "plan"]
        updated = _close_point(updated, consult, replies)
        replies.append(plan_reply(updated, consult))
        updated = replace(updated, plan_shown=True)
    return updated, replies


# --- commands ----------------------------------------------------------------------------


def _command(state: State, command: Command, consult: Consult) -> tuple[State, list[Reply]]:
    if command.name == "help":
        prefix = ""
        if command.argument.startswith("unknown:"):
            prefix = f"Unknown command '/{command.argument.removeprefix('unknown:')}'.\n"
        return state, [Reply("info", prefix + HELP)]
    if command.name == "quit":
        return replace(state, ended=True, pending=None), [Reply("info", "Consult ended.")]
    if command.name == "restart":
        fresh = State(persona=state.persona, clock=state.clock)
        replies = [Reply("info", "New consult.")]
        return _advance(fresh, consult, replies), replies
    if command.name == "back":
        if not state.history:
            q = consult.spec.by_slot(state.pending) if state.pending else None
            return state, [Reply("info", "Nothing to undo yet."), *([ask(q)] if q else [])]
        previous = state.history.top
        restored = replace(state, values=dict(previous.values), unknown=previous.unknown, given=previous.given,
                           toci_stated=previous.toci_stated, points=previous.points, reassessing=False,
                           reassess_at=None, reading=None,
                           history=state.history.pop(), attempts={}, plan_shown=False)
        replies = [Reply("info", "Undone: the last answer was taken back.")]
        return _advance(restored, consult, replies), replies
    if command.name == "change":
        return _change(state, command.argument, consult)
    if command.name == "plan":
        return state, [plan_reply(state, consult)]
    result = assessment(state, consult)
    if command.name == "summary":
        slots = [q.slot for q in consult.spec.questions]
        return state, [Reply("info", summary(state.values, state.unknown, slots, result))]
    if command.name == "refs":
        if not result.references:
            return state, [Reply("info", "No references yet: nothing has been graded or planned.")]
        return state, [Reply("info", "References:\n" + "\n".join(f"  {reference_line(r)}" for r in result.references))]
    return state, [Reply("info", why_text(result, consult))]


def _change(state: State, words: str, consult: Consult) -> tuple[State, list[Reply]]:
    slot = slot_for(words)
    q = consult.spec.by_slot(slot) if slot else None
    if q is None and slot is not None:  # read from text, never asked: say it in words
        label = slot_registry.label(slot)
        return state, [Reply("info", f"Tell me the {label} in words, for example 'it was epcoritamab', 'D+4' or "
                                     "'C1D15'; I read it from what you write.")]
    if q is None:
        return state, [Reply("error", f"I can change: {changeable()}. For example 'change oxygen'.")]
    return replace(state, pending=q.slot, attempts={}), [ask(q)]


def why_text(result: Assessment, consult: Consult) -> str:
    """The grade's basis and the case facts behind each plan item, in plain sentences."""
    from dialogs.why import why_text as plain

    return plain(result, consult.kb)


# --- the fold ----------------------------------------------------------------------------


def begin(consult: Consult | None = None) -> tuple[State, list[Reply]]:
    consult = consult or default_consult()
    replies = [Reply("info", consult.intro)]
    return _advance(State(), consult, replies), replies


def step(state: State, event: Event, consult: Consult | None = None) -> tuple[State, list[Reply]]:
    consult = consult or default_consult()
    state = episode.tick(replace(state, turns=state.turns + 1), event.at)
    if event.kind == "persona":
        persona: Persona = "trainee" if event.text == "trainee" else "clinician"
        detail = "plans include evidence notes" if persona == "trainee" else "concise plans"
        return replace(state, persona=persona), [Reply("info", f"Persona: {persona} ({detail}).")]
    if state.ended and parse_command(event.text) != Command("restart"):
        return state, [Reply("info", "This consult has ended. Type 'restart' for a new one.")]
    if state.ended:
        state = replace(state, ended=False)
    return _text(state, event.text, consult)


def replay(events: Iterable[Event], consult: Consult | None = None) -> tuple[State, list[Reply]]:
    """Rebuild a session from its events; returns the final state and every reply in order."""
    state, replies = begin(consult)
    for event in events:
        state, more = step(state, event, consult)
        replies.extend(more)
    return state, replies

