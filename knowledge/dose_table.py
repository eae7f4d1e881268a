"""The committed table of expected computed doses (`knowledge/data/expected_doses.toml`).

For reference patients (weights, grades, steroid stances, prior tocilizumab and anakinra), the
table lists every dose in mg the plan computes, by action. `kb check` and every load compare
the plan with it: a change to the statements, the bounds or the code that moves any computed
dose fails until the table is updated in the same change (`python -m knowledge.dose_table`
prints the table for the current knowledge base, to review and commit).
"""

from __future__ import annotations

import tomllib
from itertools import product
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from knowledge import datafile
from knowledge.content import Scalar
from knowledge.loader import KnowledgeBase
from knowledge.slots import Case, SteroidStance

TABLE = "expected_doses.toml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class ReferenceCase(_Strict):
    grade: int = Field(ge=0, le=4)
    weight_kg: float
    steroids: SteroidStance
    tocilizumab_doses: int = Field(ge=0)
    anakinra_mg_day: float = Field(0, ge=0)
    child: bool | None = None  # left out: the age is not given (a patient under 30 kg is dosed as a child)
    doses: dict[str, float]

    def label(self) -> str:
        age = "" if self.child is None else (", child" if self.child else ", adult")
        return (f"grade {self.grade}, {self.weight_kg:g} kg{age}, steroids {self.steroids}, "
                f"{self.tocilizumab_doses} tocilizumab doses, anakinra {self.anakinra_mg_day:g} mg/day")


class DoseTable(_Strict):
    defaults: dict[str, Scalar]  # the slots every reference case shares
    grades: dict[str, dict[str, Scalar]]  # per grade, the slots that give it
    case: list[ReferenceCase] = Field(min_length=1)

    def slots(self, row: ReferenceCase) -> dict[str, Scalar]:
        return case_slots(self.defaults, self.grades, row)


def case_slots(defaults: dict[str, Scalar], grades: dict[str, dict[str, Scalar]],
               row: ReferenceCase) -> dict[str, Scalar]:
    given = bool(row.tocilizumab_doses or row.anakinra_mg_day)
    return {**defaults, **grades.get(str(row.grade), {}), "anticytokine_given": given,
            "weight_kg": row.weight_kg, "steroids": row.steroids,
            "tocilizumab_doses": row.tocilizumab_doses, "anakinra_mg_day": row.anakinra_mg_day,
            **({} if row.child is None else {"child": row.child})}


def computed_doses(kb: KnowledgeBase, case: Case) -> tuple[int | None, dict[str, float]]:
    """The grade of `case` and every dose in mg its plan computes, by action."""
    from knowledge.grading import grade
    from knowledge.planning import build_plan

    value = grade(case).grade
    plan = build_plan(case, value, kb)
    return value, {item.action: item.dose_mg for item in plan.items if item.dose_mg is not None}


def read_table(root: Path) -> tuple[DoseTable | None, list[str]]:
    table, problems = datafile.load(root / TABLE, TABLE, DoseTable)
    return table, datafile.lines(problems)


SHOWN = 12  # mismatching cases listed one by one; the rest are counted


def table_problems(kb: KnowledgeBase, root: Path) -> list[str]:
    """Each reference case whose computed grade or doses differ from the committed table."""
    table, problems = read_table(root)
    if table is None:
        return problems
    problems = _mismatches(kb, table)
    if len(problems) > SHOWN:
        return [*problems[:SHOWN], f"{TABLE}: and {len(problems) - SHOWN} more differences from the plans"]
    return problems


def _mismatches(kb: KnowledgeBase, table: DoseTable) -> list[str]:
    problems: list[str] = []
    for n, row in enumerate(table.case, start=1):
        where = f"{TABLE}: case {n} ({row.label()})"
        try:
            case = Case.model_validate(table.slots(row))
        except ValidationError as exc:
            problems += [f"{where}: field '{'.'.join(map(str, e['loc']))}': {e['msg']}" for e in exc.errors()]
            continue
        value, doses = computed_doses(kb, case)
        if value != row.grade:
            problems.append(f"{where}: field 'grade': the slots give grade {value}, not {row.grade}")
            continue
        for action in sorted(set(doses) | set(row.doses)):
            got, want = doses.get(action), row.doses.get(action)
            if got == want:
                continue
            said = "none" if want is None else f"{want:g} mg"
            computed = "no dose in mg" if got is None else f"{got:g} mg"
            problems.append(f"{where}: field 'doses.{action}': the plan computes {computed}, the table says {said}; "
                            "update the table in the same change if this is intended")
    return problems


# The reference patients: rendered by `render` into the committed table.
WEIGHTS = (20, 29.9, 30, 70, 82, 100, 150)
STANCES: tuple[SteroidStance, ...] = ("full", "low-dose", "none")
_HEADER = '''# Expected computed doses for reference patients: checked by `crs-assistant kb check` and at
# every load of the knowledge base (knowledge/dose_table.py). A change that moves any computed
# dose fails until this table is updated in the same change, so that the new doses are reviewed.
# Regenerate with `python -m knowledge.dose_table > knowledge/data/expected_doses.toml` and
# review the diff before committing.
#
# `doses` lists every dose in mg the plan computes, by action. Each case's slots are `defaults`,
# then the slots of its grade in `grades`, then its own; `anticytokine_given` is true when it
# has had tocilizumab or anakinra.

defaults = { temperature_c = 39.0, neutropenic = false, icans = false }

grades.1 = { hypotension = "none", oxygen = "none" }
grades.2 = { hypotension = "fluids", oxygen = "low-flow" }
grades.3 = { hypotension = "one-pressor", oxygen = "high-flow" }
grades.4 = { hypotension = "multi-pressor", oxygen = "positive-pressure" }
'''


CHILD_WEIGHTS = (20, 45, 70)  # children are dosed by FACTS-2 section 1 at any weight


def _reference_rows() -> list[tuple[int, float, SteroidStance, int, float, bool | None]]:
    rows: list[tuple[int, float, SteroidStance, int, float, bool | None]] = [
        (g, w, s, 0, 0.0, None) for g, s, w in product((1, 2, 3, 4), STANCES, WEIGHTS)]
    full: SteroidStance = "full"
    rows += [(g, w, full, t, 0.0, None) for g, t, w in product((2, 3, 4), (1, 3, 4), WEIGHTS)]
    rows += [(g, w, s, t, 400.0, None) for g, s, t, w in product((3, 4), STANCES[1:], (1, 4), WEIGHTS)]
    rows += [(g, w, s, 1, a, True) for g, s, a, w in product((2, 3, 4), STANCES, (0.0, 100.0), CHILD_WEIGHTS)]
    rows += [(g, 20, s, 1, 0.0, False) for g, s in product((2, 3, 4), STANCES)]
    return rows


def render(kb: KnowledgeBase) -> str:
    """The table for `kb` (the header's slots), as committed in knowledge/data/expected_doses.toml."""
    head = tomllib.loads(_HEADER)
    lines = [_HEADER, "case = ["]
    for g, w, s, t, a, child in _reference_rows():
        row = ReferenceCase(grade=g, weight_kg=w, steroids=s, tocilizumab_doses=t, anakinra_mg_day=a, child=child,
                            doses={})
        _, doses = computed_doses(kb, Case.model_validate(case_slots(head["defaults"], head["grades"], row)))
        shown = ", ".join(f'"{k}" = {v:g}' if "-" in k else f"{k} = {v:g}" for k, v in doses.items())
        age = "" if child is None else f"child = {str(child).lower()}, "
        lines.append(f'  {{ grade = {g}, weight_kg = {w:g}, steroids = "{s}", tocilizumab_doses = {t}, '
                     f"anakinra_mg_day = {a:g}, {age}doses = {{ {shown} }} }},".replace("{  }", "{}"))
    lines.append("]")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import sys

    from knowledge.loader import kb_root, read

    sys.stdout.write(render(read(kb_root())))
