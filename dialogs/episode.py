"""The episode over time: the consult's clock, therapies with their times, assessment points.

Pure functions on `State`; the engine calls them. The clock is the latest event time (`Event.at`),
moved on by a reassessment that says "6 h later"; it never goes back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta

from dialogs.consult import TIME_SLOT
from dialogs.phrasing import value_words
from dialogs.state import Point, State, parse_time
from dialogs.timing import Timed, read_times
from knowledge import slot_registry
from knowledge.assessment import Assessment
from knowledge.content import Scalar
from knowledge.course import clock
from knowledge.grading import FEVER_C
from knowledge.slots import GRADING_SLOTS

TOCI_SLOT = "tocilizumab_doses"
TOCI_MAX = int(slot_registry.default_registry()[TOCI_SLOT].range[1])
# what a reassessment asks again (the fever waiver stays: what was given is kept)
REASSESSED = tuple(s for s in GRADING_SLOTS if s != "anticytokine_given")


def now(state: State) -> datetime | None:
    return parse_time(state.clock)


def tick(state: State, at: str | None) -> State:
    """The clock after an event entered at `at` (never earlier than it was)."""
    moment = parse_time(at)
    if moment is None:
        return state
    current = now(state)
    if current is not None and current >= moment:
        return state
    return replace(state, clock=at)


def advance(state: State, hours: float | None) -> State:
    """A reassessment "N h later": the clock moves to N hours after the last assessment point."""
    if hours is None:
        return state
    base = parse_time(state.points[-1].at) if state.points else now(state)
    if base is None:
        return state
    later = base + timedelta(hours=hours)
    current = now(state)
    if current is not None and current >= later:
        return state
    return replace(state, clock=later.isoformat(timespec="seconds"))


def with_times(state: State, updates: dict[str, Scalar], text: str | None, *, drug: str | None = None,
               counted: bool = False) -> tuple[State, dict[str, Scalar], Timed]:
    """Therapies the text gives a time for, added to the course; the tocilizumab count in
    `updates` becomes the course's total (a count is never lowered by a time, a later dose
    never lost). A count read from the times themselves ("toci at 0200 and 1000" is 2) is not
    a restated total."""
    moment = now(state)
    timed = read_times(text, moment, drug=drug, counted=counted) if text else Timed()
    known = {(g.drug, g.at) for g in state.given}
    fresh = tuple(g for g in timed.given if (g.drug, g.at) not in known)
    toci_times = sum(1 for g in timed.given if g.drug == "tocilizumab")
    stated = state.toci_stated
    updates = dict(updates)
    if TOCI_SLOT in updates:
        count = updates[TOCI_SLOT]
        restated = not toci_times or count != toci_times
        if restated and isinstance(count, int) and not isinstance(count, bool):
            stated = (count, state.clock)
        elif not restated:
            del updates[TOCI_SLOT]
    state = replace(state, given=state.given + fresh, toci_stated=stated)
    course = state.course()
    if course is not None:
        total = course.toci_total()
        if total is not None and total != updates.get(TOCI_SLOT, state.values.get(TOCI_SLOT)):
            updates[TOCI_SLOT] = min(total, TOCI_MAX)
        if course.toci_last_known() and TIME_SLOT not in state.values:
            updates[TIME_SLOT] = True
    return state, updates, replace(timed, given=fresh)


# --- assessment points -------------------------------------------------------------------


def grading_values(values: Mapping[str, Scalar]) -> dict[str, Scalar]:
    return {s: values[s] for s in GRADING_SLOTS if s in values}


def point(state: State, result: Assessment, at: str | None, change: str = "") -> Point:
    return Point(at, result.grade, result.grading.status, grading_values(state.values), change)


def _grade_words(grade: int | None, status: str) -> str:
    if grade is not None:
        return f"grade {grade}"
    return "grade not defined" if status == "undefined" else "grade open"


_SHORT: dict[str, dict[Scalar, str]] = {
    "hypotension": {"none": "no hypotension", "fluids": "hypotension on fluids only", "one-pressor": "one vasopressor",
                    "multi-pressor": "two or more vasopressors", "vasopressin-only": "vasopressin only"},
    "oxygen": {"none": "room air", "low-flow": "low-flow oxygen", "high-flow": "high-flow oxygen",
               "positive-pressure": "positive pressure"},
}
_PRESSORS = ("one-pressor", "multi-pressor", "vasopressin-only")


def _what_changed(before: Mapping[str, Scalar], after: Mapping[str, Scalar]) -> list[str]:
    """The findings that changed, in a few words each: 'off vasopressors', 'high-flow -> low-flow oxygen'."""
    words = []
    for slot in REASSESSED:
        old, new = before.get(slot), after.get(slot)
        if old == new or new is None:
            continue
        short = _SHORT.get(slot, {})
        if slot == "hypotension" and old in _PRESSORS and new in ("none", "fluids"):
            words.append("off vasopressors")
        elif slot == "hypotension" and old in ("none", "fluids") and new in _PRESSORS:
            words.append(f"on {short[new]}")
        elif slot == "oxygen" and new == "none" and old is not None:
            words.append("off oxygen")
        elif short:
            words.append(f"{short.get(old, 'not known') if old is not None else 'not known'} -> {short[new]}")
        else:
            was = value_words(slot, old) if old is not None else "not known"
            words.append(f"temperature {was} -> {value_words(slot, new)}")
    return words


def change_line(before: Point, state: State, result: Assessment) -> str:
    """'grade 3 -> 2: off vasopressors, oxygen support: ... -> ...'."""
    head = _grade_words(before.grade, before.status)
    after = _grade_words(result.grade, result.grading.status)
    grade = f"{head} -> {after.removeprefix('grade ')}" if head != after else f"{after}, unchanged"
    changed = _what_changed(before.values, grading_values(state.values))
    return grade + (": " + ", ".join(changed) if changed else ": no change in the findings")


def tmax(state: State, reading: Scalar) -> float | None:
    """A reassessment's lower temperature does not undo a fever in the last 24 hours: the
    consult's temperature is the highest in 24 hours, so an earlier point's fever still counts.
    The temperature to keep, or None when the reading is the highest."""
    moment = now(state)
    if not isinstance(reading, float | int) or isinstance(reading, bool) or moment is None:
        return None
    readings = [(p.values.get("temperature_c"), parse_time(p.at)) for p in state.points]
    within = [float(t) for t, at in readings
              if isinstance(t, float | int) and at is not None and moment - at < timedelta(hours=24)]
    highest = max(within, default=None)
    if highest is None or highest <= reading or highest < FEVER_C:
        return None
    return highest


def tmax_note(state: State) -> str:
    kept = state.values.get("temperature_c")
    if state.reading is None or not isinstance(kept, float | int) or kept <= state.reading:
        return ""
    return (f"Temperature {value_words('temperature_c', state.reading)} now; the highest in the last 24 hours, "
            f"{value_words('temperature_c', kept)}, still counts for the grade.")


def course_lines(state: State, result: Assessment) -> list[str]:
    """The course for the plan and the exports: each point's time, grade and change, then what was given."""
    moment = now(state)
    lines = []
    for n, p in enumerate(state.points, start=1):
        when = parse_time(p.at)
        at = clock(when, moment) if when is not None else "time not recorded"
        text = p.change or _grade_words(p.grade, p.status)
        lines.append(f"{n}. {at}: {text}")
    lines += list(result.course_lines)
    return lines


def points_json(state: State) -> list[dict[str, object]]:
    return [{"at": p.at, "grade": p.grade, "grade_status": p.status, "slots": dict(p.values), "change": p.change}
            for p in state.points]
