"""Reader accuracy on clinician lines with their true slots and ASTCT grade, through both
`assess --text` (the one merge rule, then the assessment) and `chat` (the engine).

    python benchmarks/reader_accuracy.py FILE.toml [--show]

FILE holds `[[line]]` tables: `text`, `grade` (0-4, "undefined", "incomplete" or "two-patients")
and `slots` (the slots the line states; `temperature_c = "afebrile"` and
`tocilizumab_doses = "unstated"` are allowed). Prints slot accuracy, exact grade, every grade
lower than the true one (the number that must stay 0), and how many lines are exact or, with a
slot that decides the grade unread, given from below at their true grade ("at least 3").
"""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.cli.commands.assess import merge_text
from dialogs.engine import begin, step
from dialogs.state import Event
from knowledge.assessment import assess
from knowledge.slots import Case


@dataclass
class Tally:
    slots_right: int = 0
    slots_total: int = 0
    grades_right: int = 0
    from_below: int = 0  # not exact, but the grade given from below is the true grade
    lines: int = 0
    lower: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)


def _slot_ok(slot: str, want: Any, got: dict[str, Any]) -> bool:
    have = got.get(slot)
    if slot == "temperature_c" and want == "afebrile":
        return have is not None and have < 38.0
    if slot == "tocilizumab_doses" and want == "unstated":
        return have is None
    if isinstance(want, float | int) and not isinstance(want, bool) and isinstance(have, float | int):
        return abs(float(have) - float(want)) <= 0.06
    return bool(have == want)


Graded = tuple[dict[str, Any], int | str | None, int | None]  # values, grade, grade from below


def _graded(values: dict[str, Any]) -> Graded:
    result = assess(Case.model_validate({k: v for k, v in values.items() if k in Case.field_names()}))
    grade = "undefined" if result.grading.status == "undefined" else result.grade
    return values, grade, result.grading.at_least


def by_assess(text: str) -> Graded:
    values, extra = merge_text(text, {})
    if "patients" in extra:
        return {}, "two-patients", None
    return _graded(values)


def by_chat(text: str) -> Graded:
    state, _ = begin()
    state, _ = step(state, Event("text", text))
    if state.patients:
        return {}, "two-patients", None
    return _graded(dict(state.values))


def score(lines: list[dict[str, Any]], front_end: Any, show: bool) -> Tally:
    tally = Tally()
    for line in lines:
        tally.lines += 1
        text, want = line["text"], line["grade"]
        got, grade, at_least = front_end(text)
        for slot, value in line.get("slots", {}).items():
            tally.slots_total += 1
            if _slot_ok(slot, value, got):
                tally.slots_right += 1
            elif show:
                tally.wrong.append(f"  slot {slot}: want {value!r}, got {got.get(slot)!r}  <- {text}")
        exact = grade == want or (want == "incomplete" and grade is None)
        tally.grades_right += exact
        tally.from_below += not exact and grade is None and at_least is not None and at_least == want
        if isinstance(want, int) and isinstance(grade, int) and grade < want:
            tally.lower.append(f"  LOWER grade {grade} < {want}  <- {text}")
        elif not exact and show:
            tally.wrong.append(f"  grade: want {want!r}, got {grade!r}  <- {text}")
    return tally


def main(argv: list[str]) -> int:
    path = Path(argv[0])
    show = "--show" in argv
    lines = tomllib.loads(path.read_text(encoding="utf-8"))["line"]
    for name, front_end in (("assess --text", by_assess), ("chat", by_chat)):
        t = score(lines, front_end, show)
        print(
            f"{name}: {t.lines} lines; slot accuracy {t.slots_right}/{t.slots_total} "
            f"({t.slots_right / max(1, t.slots_total):.1%}); exact grade {t.grades_right}/{t.lines} "
            f"({t.grades_right / max(1, t.lines):.1%}); lower grade {len(t.lower)}; "
            f"exact or 'at least' the true grade {t.grades_right + t.from_below} "
            f"({(t.grades_right + t.from_below) / max(1, t.lines):.1%})"
        )
        for row in [*t.lower, *t.wrong]:
            print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
