"""ASTCT CRS grade from slot values, with the basis: one line per rule that fired.

Pure and deterministic. A grade is given only when the known slots decide it: if every
possible value of the unknown slots gives the same answer, that answer stands; otherwise the
grade is None and `missing` names the slots that would decide it. When every completion is CRS
(fever, or the waiver, is known), `possible` lists the grades they allow: the lowest is what is
known so far ("at least grade 3": high-flow oxygen, blood pressure not yet known).
"""

from __future__ import annotations

from itertools import product
from typing import Literal

from knowledge.plain import Plain
from knowledge.slot_registry import default_registry, label, words
from knowledge.slots import GRADING_SLOTS, HYPOTENSION_VALUES, OXYGEN_VALUES, Case

FEVER_C = 38.0

Status = Literal["graded", "not-crs", "undefined", "incomplete"]

HYPOTENSION_GRADE: dict[str, int] = {
    "none": 0, "fluids": 2, "one-pressor": 3, "multi-pressor": 4, "vasopressin-only": -1,
}
OXYGEN_GRADE: dict[str, int] = {"none": 0, "low-flow": 2, "high-flow": 3, "positive-pressure": 4}

# The words for each value are the slot registry's (knowledge/data/slots.toml).
HYPOTENSION_WORDS: dict[str, str] = default_registry().value_words("hypotension")
OXYGEN_WORDS: dict[str, str] = default_registry().value_words("oxygen")
LEVEL_STATEMENT = {1: "astct-grade1", 2: "astct-grade2", 3: "astct-grade3", 4: "astct-grade4"}


class GradeResult(Plain):
    """The ASTCT CRS grade, or why there is none yet, with its basis and statements."""

    grade: int | None
    status: Status
    basis: tuple[str, ...]
    missing: tuple[str, ...]
    statement_ids: tuple[str, ...]
    # incomplete, but CRS in every completion: the grades still possible, lowest first
    possible: tuple[int, ...] = ()

    @property
    def known(self) -> bool:
        return self.grade is not None

    @property
    def at_least(self) -> int | None:
        """The lowest grade the unknown slots allow, when the grade is not yet known but CRS is."""
        return self.possible[0] if self.possible else None


# Outcome of one complete set of grading inputs: (grade or None, status).
Outcome = tuple[int | None, Status]


def _outcome(febrile: bool, treated: bool, hypotension: str, oxygen: str) -> Outcome:
    if not febrile and not treated:
        return 0, "not-crs"
    hyp, oxy = HYPOTENSION_GRADE[hypotension], OXYGEN_GRADE[oxygen]
    if hyp == -1:  # vasopressin alone: ASTCT leaves it undefined unless hypoxia decides
        return (oxy, "graded") if oxy >= 3 else (None, "undefined")
    severity = max(hyp, oxy)
    if febrile:
        return max(1, severity), "graded"
    return (severity, "graded") if severity >= 2 else (None, "undefined")


_CHOICES: dict[str, tuple[object, ...]] = {
    "temperature_c": (False, True),  # febrile?
    "anticytokine_given": (False, True),
    "hypotension": HYPOTENSION_VALUES,
    "oxygen": OXYGEN_VALUES,
}


def _known_inputs(case: Case) -> dict[str, object]:
    known: dict[str, object] = {}
    if case.temperature_c is not None:
        known["temperature_c"] = case.temperature_c >= FEVER_C
    for slot in ("anticytokine_given", "hypotension", "oxygen"):
        value = getattr(case, slot)
        if value is not None:
            known[slot] = value
    return known


def _outcomes(known: dict[str, object]) -> dict[tuple[object, ...], Outcome]:
    """Every completion of the unknown grading slots, keyed by the full input tuple."""
    axes = [(known[s],) if s in known else _CHOICES[s] for s in GRADING_SLOTS]
    return {
        combo: _outcome(bool(combo[0]), bool(combo[1]), str(combo[2]), str(combo[3]))
        for combo in product(*axes)
    }


def _deciding_slots(known: dict[str, object], outcomes: dict[tuple[object, ...], Outcome]) -> tuple[str, ...]:
    deciding = []
    for i, slot in enumerate(GRADING_SLOTS):
        if slot in known:
            continue
        for combo, result in outcomes.items():
            if any(outcomes[(*combo[:i], alt, *combo[i + 1 :])] != result for alt in _CHOICES[slot]):
                deciding.append(slot)
                break
    return tuple(deciding)


def grade(case: Case) -> GradeResult:
    known = _known_inputs(case)
    outcomes = _outcomes(known)
    distinct = set(outcomes.values())
    if known == _CALM_AFEBRILE:
        basis, ids = _explain_waiver_unknown(case)
        return GradeResult(grade=0, status="not-crs", basis=basis, missing=(), statement_ids=ids)
    if len(distinct) > 1:
        possible = _possible(outcomes)
        if not possible:
            return GradeResult(grade=None, status="incomplete", basis=("not enough information yet to grade",),
                               missing=_deciding_slots(known, outcomes), statement_ids=())
        missing = _deciding_slots(known, outcomes)
        basis, ids = _explain_so_far(case, possible, missing)
        return GradeResult(grade=None, status="incomplete", basis=basis, missing=missing,
                           statement_ids=ids, possible=possible)
    value, status = distinct.pop()
    basis, ids = _explain(case, value, status)
    return GradeResult(grade=value, status=status, basis=basis, missing=(), statement_ids=ids)


# Afebrile, with neither hypotension nor hypoxia (vasopressin alone is hypotension): whether antipyretic
# or anticytokine therapy was given decides only between "criteria not met" and "not defined by ASTCT";
# neither is a CRS grade.
_CALM_AFEBRILE: dict[str, object] = {"temperature_c": False, "hypotension": "none", "oxygen": "none"}


def _explain_waiver_unknown(case: Case) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Grade 0 while the waiver is unknown and nothing else could make it CRS: what was assumed,
    and what ASTCT says if therapy was given after all."""
    temp = case.temperature_c
    shown = f"{temp:.1f} C" if temp is not None else "not recorded"
    lines = (
        f"no fever ({shown}), no hypotension and no hypoxia; antipyretic or anticytokine therapy not yet "
        "recorded, assumed none until answered: ASTCT criteria for CRS not met (grade 0)",
        "if antipyretic or anticytokine therapy was given, ASTCT does not define a grade for this "
        "presentation (no fever, hypotension or hypoxia either way)",
    )
    return lines, ("astct-overview", "astct-fever", "astct-grade0", "astct-undefined-afebrile")


def _possible(outcomes: dict[tuple[object, ...], Outcome]) -> tuple[int, ...]:
    """The grades every completion allows, or () when one of them is not CRS. A completion ASTCT
    leaves undefined allows the grades a clinician may choose for it (vasopressin alone: 2 or 3;
    afebrile after therapy, with neither hypotension nor hypoxia: 1)."""
    grades: set[int] = set()
    for combo, (value, status) in outcomes.items():
        if status == "not-crs":
            return ()
        if value is not None:
            grades.add(value)
        elif combo[2] == "vasopressin-only":
            grades.update((max(2, OXYGEN_GRADE[str(combo[3])]), 3))
        else:
            grades.add(1)
    return tuple(sorted(grades))


def _range_words(grades: tuple[int, ...]) -> str:
    """'3 or 4', '2 to 4' (the possible grades are always a run of numbers)."""
    return f"{grades[0]} or {grades[1]}" if len(grades) == 2 else f"{grades[0]} to {grades[-1]}"


def _explain_so_far(case: Case, possible: tuple[int, ...],
                    missing: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The basis of a grade known only from below: what is known, and what the rest could add."""
    lines: list[str] = []
    ids: list[str] = ["astct-overview"]
    if (case.temperature_c is not None and case.temperature_c >= FEVER_C) or case.anticytokine_given:
        _fever_line(case, lines, ids)
    if case.hypotension is not None:
        _hypotension_line(case, lines, ids)
    if case.oxygen is not None:
        _oxygen_line(case, lines, ids)
    names = [label(s) for s in missing]
    needed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    lines.append(f"{needed} not yet known: at least grade {possible[0]}; "
                 f"grade {_range_words(possible)} once known")
    return tuple(lines), tuple(dict.fromkeys(ids))


def _explain(case: Case, value: int | None, status: Status) -> tuple[tuple[str, ...], tuple[str, ...]]:
    lines: list[str] = []
    ids: list[str] = ["astct-overview"]
    temp = case.temperature_c
    febrile = temp is not None and temp >= FEVER_C
    if status == "not-crs":
        shown = f"{temp:.1f} C" if temp is not None else "not recorded"
        lines.append(
            f"no fever ({shown}) and no antipyretic or anticytokine therapy yet: "
            "ASTCT criteria for CRS not met (grade 0)"
        )
        lines.append("consider other causes of hypotension or hypoxia, and reassess")
        ids += ["astct-fever", "astct-grade0"]
        return tuple(lines), tuple(ids)
    _fever_line(case, lines, ids)
    hyp_level = _hypotension_line(case, lines, ids)
    oxy_level = _oxygen_line(case, lines, ids)
    if status == "undefined":
        if case.hypotension == "vasopressin-only":
            lines.append("ASTCT does not define this grade (vasopressin as the only vasopressor)")
            ids.append("astct-undefined-vasopressin-only")
        else:
            lines.append(
                "ASTCT does not define this grade (afebrile after anticytokine therapy, "
                "with neither hypotension nor hypoxia)"
            )
            ids.append("astct-undefined-afebrile")
        return tuple(lines), tuple(ids)
    assert value is not None
    if hyp_level is not None and oxy_level is not None and hyp_level > 0 and oxy_level > 0:
        lines.append(f"the more severe of hypotension and hypoxia sets the grade: grade {value}")
        ids.append("astct-more-severe")
    elif febrile and value == 1:
        lines.append("fever without hypotension or hypoxia: grade 1")
    lines.append(f"ASTCT grade {value}")
    if value >= 1:
        ids.append(LEVEL_STATEMENT[value])
    return tuple(lines), tuple(dict.fromkeys(ids))


def _fever_line(case: Case, lines: list[str], ids: list[str]) -> None:
    """Fever, or the waiver: no fever after antipyretic or anticytokine therapy."""
    temp = case.temperature_c
    if temp is not None and temp >= FEVER_C:
        lines.append(f"fever: {temp:.1f} C (>= {FEVER_C:.1f} C)")
        ids.append("astct-fever")
        return
    shown = f"{temp:.1f} C" if temp is not None else "not recorded"
    lines.append(f"no fever ({shown}), but antipyretic or anticytokine therapy already given: "
                 "fever not required; graded on hypotension and hypoxia")
    ids.append("astct-fever-waiver")


def _hypotension_line(case: Case, lines: list[str], ids: list[str]) -> int | None:
    if case.hypotension is None:
        lines.append("hypotension: not recorded; it cannot change this grade")
        return None
    level = HYPOTENSION_GRADE[case.hypotension]
    shown = words("hypotension", case.hypotension)
    if level == -1:
        lines.append(f"hypotension: {shown} -> not defined by ASTCT")
    elif level == 0:
        lines.append(f"hypotension: {shown}")
    else:
        lines.append(f"hypotension: {shown} -> grade {level}")
    if case.hypotension in ("one-pressor", "multi-pressor"):
        ids.append("astct-vasopressin")
    return max(level, 0)


def _oxygen_line(case: Case, lines: list[str], ids: list[str]) -> int | None:
    if case.oxygen is None:
        lines.append("hypoxia: oxygen support not recorded; it cannot change this grade")
        return None
    level = OXYGEN_GRADE[case.oxygen]
    shown = words("oxygen", case.oxygen)
    lines.append(f"hypoxia: {shown}" + (f" -> grade {level}" if level else ""))
    if case.oxygen in ("low-flow", "high-flow"):
        ids.append("astct-six-litres")
    if case.oxygen in ("high-flow", "positive-pressure"):
        ids.append("astct-masks")
    return level
