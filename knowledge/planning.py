"""The ordered treatment plan: action items built only from knowledge-base statements.

Each action collects the statements whose conditions hold; it enters the plan when at least
one of its `primary` statements applies, and its `note` statements ride along. Actions come
in the order of `actions.toml`, so `when_actions` can look at the actions already chosen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from knowledge.conditions import StatementTest, compile_statement
from knowledge.loader import KnowledgeBase
from knowledge.models import Action, Dose, DrugBounds, Scalar, Statement
from knowledge.slots import Case

# What the plan assumes for a management slot nobody has answered yet. The assumption is
# reported with the plan (`assumed`), and the slot stays in `missing`.
PLAN_DEFAULTS: dict[str, Scalar] = {
    "steroids": "full",  # the guideline standard, until the team says otherwise
    "tocilizumab_doses": 0,
    "anakinra_mg_day": 0,
}


class PlanItem(NamedTuple):
    action: str
    label: str
    text: str
    refs: tuple[str, ...]
    severity: str
    statement_ids: tuple[str, ...]
    evidence: tuple[str, ...] = ()
    dose: str | None = None
    dose_mg: float | None = None


class _Composed(NamedTuple):
    """What an item says for one set of applying statements; the same every time."""

    text: str
    refs: tuple[str, ...]
    statement_ids: tuple[str, ...]
    evidence: tuple[str, ...]
    dose: Dose | None
    bounds: DrugBounds | None  # the reviewed bounds of the dose's drug
    dose_ok: bool  # the dose's parameters lie within them (checked once per set of statements)


@dataclass(frozen=True)
class Plan:
    items: tuple[PlanItem, ...]
    assumed: dict[str, Scalar] = field(default_factory=dict)

    @property
    def actions(self) -> tuple[str, ...]:
        return tuple(item.action for item in self.items)


@dataclass(frozen=True)
class _ActionRules:
    action: Action
    primaries: tuple[tuple[Statement, StatementTest], ...]
    notes: tuple[tuple[Statement, StatementTest], ...]
    composed: dict[tuple[str, ...], _Composed] = field(default_factory=dict)


@cache
def _rules(kb: KnowledgeBase) -> tuple[_ActionRules, ...]:
    """Per action, in plan order, its statements with their compiled conditions."""
    def compiled(code: str, role: str) -> tuple[tuple[Statement, StatementTest], ...]:
        return tuple((s, compile_statement(s)) for s in kb.statements if s.action == code and s.role == role)

    return tuple(_ActionRules(a, compiled(a.code, "primary"), compiled(a.code, "note")) for a in kb.actions)


def planning_values(case: Case, grade: int | None,
                    icans_grade: int | None = None) -> tuple[dict[str, Scalar | None], dict[str, Scalar]]:
    values: dict[str, Scalar | None] = dict(case.__dict__)
    assumed: dict[str, Scalar] = {}
    for slot, default in PLAN_DEFAULTS.items():
        if values[slot] is None:
            values[slot] = default
            assumed[slot] = default
    values["grade"] = grade
    values["icans_grade"] = icans_grade
    return values, assumed


def _dose_mg(dose: Dose, weight_kg: float | None) -> tuple[float | None, bool]:
    """The dose in mg as its parameters give it (unchecked), and whether the cap applied."""
    if dose.mg is not None:
        return dose.mg, False
    if dose.mg_per_kg is None or weight_kg is None:
        return None, False
    product = dose.mg_per_kg * weight_kg
    if not math.isfinite(product):
        return None, False
    raw = float(round(product))
    if dose.max_mg is not None and raw > dose.max_mg:
        return dose.max_mg, True
    return raw, False


def raw_dose_mg(dose: Dose, weight_kg: float | None) -> float | None:
    """The dose in mg as its parameters give it, unchecked (for `kb check`); None if not computable."""
    return _dose_mg(dose, weight_kg)[0]


def parameters_within(dose: Dose, bounds: DrugBounds | None) -> bool:
    """Every parameter of `dose` lies within the drug's reviewed bounds (and has one)."""
    if bounds is None:
        return False
    for name, value in dose.parameters().items():
        bound = bounds.bound(name)
        if bound is None or not math.isfinite(value) or not bound.holds(value):
            return False
    return True


def compute_dose(dose: Dose, weight_kg: float | None, bounds: DrugBounds | None,
                 parameters_ok: bool | None = None) -> tuple[str, float | None]:
    """The dose in words and in mg; a weight-based dose needs the weight.

    Guarded a second time here (the first is at load): a dose in mg is given only when its
    parameters (`parameters_ok`, computed when not given) and the dose itself, a positive number,
    lie within the drug's reviewed bounds; otherwise the plan gives the dose in words only."""
    ok = parameters_within(dose, bounds) if parameters_ok is None else parameters_ok
    mg, capped = _dose_mg(dose, weight_kg)
    if mg is None or bounds is None or not ok or not (math.isfinite(mg) and mg > 0 and bounds.dose_mg.holds(mg)):
        return dose.words, None
    if dose.mg is not None:
        return dose.words, mg
    return f"{dose.words}: {mg:g} mg for {weight_kg:g} kg{' (capped)' if capped else ''}", mg


_STATUS_WORDS = {"V": "seen in the source", "V2": "seen only in a secondary reproduction", "U": "not confirmed",
                 "not-covered": "not covered by the fact sheets"}


def provenance(st: Statement) -> str:
    """For a product statement: its source key, region, label date and fact status, as people read them."""
    if not st.product or st.status is None:
        return ""
    region = "all regions" if st.region == "all" else f"{st.region} label"
    date = "label date not stated" if st.label_date in (None, "undated") else f"label date {st.label_date}"
    return f" ({', '.join(st.refs)}; {region}; {date}; {_STATUS_WORDS[st.status]}.)"


def _compose(rules: _ActionRules, ordered: list[Statement], primaries: list[Statement],
             kb: KnowledgeBase) -> _Composed:
    key = tuple(s.id for s in ordered)
    found = rules.composed.get(key)
    if found is None:
        dose = next((s.dose for s in primaries if s.dose is not None), None)
        bounds = None if dose is None or dose.drug is None else kb.dose_bounds.get(dose.drug)
        found = rules.composed[key] = _Composed(
            text=" ".join(s.text + provenance(s) for s in ordered),
            refs=tuple(dict.fromkeys(r for s in ordered for r in s.refs)),
            statement_ids=tuple(s.id for s in ordered),
            evidence=tuple(s.evidence for s in ordered if s.evidence),
            dose=dose,
            bounds=bounds,
            dose_ok=dose is not None and parameters_within(dose, bounds),
        )
    return found


def build_plan(case: Case, grade: int | None, kb: KnowledgeBase, icans_grade: int | None = None) -> Plan:
    values, assumed = planning_values(case, grade, icans_grade)
    chosen: list[str] = []
    items: list[PlanItem] = []
    for rules in _rules(kb):
        primaries = [s for s, applies in rules.primaries if applies(values, chosen)]
        if not primaries:
            continue
        ordered = primaries + [s for s, applies in rules.notes if applies(values, chosen)]
        composed = _compose(rules, ordered, primaries, kb)
        action = rules.action
        severity = action.severity
        if action.critical_from_grade is not None and grade is not None and grade >= action.critical_from_grade:
            severity = "critical"
        dose_words: str | None = None
        dose_mg: float | None = None
        if composed.dose is not None:
            dose_words, dose_mg = compute_dose(composed.dose, case.weight_kg, composed.bounds, composed.dose_ok)
        items.append(
            PlanItem(action.code, action.label, composed.text, composed.refs, severity,
                     composed.statement_ids, composed.evidence, dose_words, dose_mg)
        )
        chosen.append(action.code)
    return Plan(items=tuple(items), assumed=assumed)
