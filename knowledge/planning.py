"""The ordered treatment plan: action items built only from knowledge-base statements.

Each action collects the statements whose conditions hold; it enters the plan when at least
one of its `primary` statements applies, and its `note` statements ride along. Actions come
in the order of `actions.toml`, so `when_actions` can look at the actions already chosen.
"""

# No `from __future__ import annotations` here: typing.NamedTuple turns string annotations into
# ForwardRefs with compile(), and a run's first compile() builds the AST types (~10 M instructions
# of a cold `assess`). Names used in annotations are defined before their use.
import math
import re
from collections.abc import Mapping
from functools import cache
from typing import NamedTuple

from knowledge.conditions import ConditionTable, StatementBits, holding
from knowledge.content import Action, Dose, DrugBounds, PlanSection, Scalar, Statement
from knowledge.course import Caps, Course
from knowledge.loader import KnowledgeBase
from knowledge.plain import Plain, field
from knowledge.population import population
from knowledge.slots import Case

# What the plan assumes for a management slot nobody has answered yet. The assumption is
# reported with the plan (`assumed`), and the slot stays in `missing`.
PLAN_DEFAULTS: dict[str, Scalar] = {
    "steroids": "full",  # the guideline standard, until the team says otherwise
    "tocilizumab_doses": 0,
    "anakinra_mg_day": 0,
}


# The plan's sections, in the order they are shown; each action names its section in actions.toml.
SECTION_TITLES: dict[PlanSection, str] = {
    "now": "Now",
    "if-no-improvement": "If no improvement",
    "monitor": "Monitor and support",
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
    section: PlanSection = "now"


class _Composed(NamedTuple):
    """What an item says for one set of applying statements; the same every time."""

    text: str
    refs: tuple[str, ...]
    statement_ids: tuple[str, ...]
    evidence: tuple[str, ...]
    dose: Dose | None
    bounds: DrugBounds | None  # the reviewed bounds of the dose's drug
    dose_ok: bool  # the dose's parameters lie within them (checked once per set of statements)


class Plan(Plain):
    """The plan's items; when ASTCT leaves the grade undefined, `items` are the actions that hold at
    every candidate grade and `bracket` what each candidate grade would add or change."""

    items: tuple[PlanItem, ...]
    assumed: dict[str, Scalar] = field(default_factory=dict)
    bracket: tuple[tuple[int, tuple[PlanItem, ...]], ...] = ()

    @property
    def actions(self) -> tuple[str, ...]:
        return tuple(item.action for item in self.items)

    @property
    def sections(self) -> tuple[tuple[PlanSection, tuple[PlanItem, ...]], ...]:
        """The items by section (Now, If no improvement, Monitor and support), empty sections left out."""
        return tuple(
            (section, found)
            for section in SECTION_TITLES
            if (found := tuple(i for i in self.items if i.section == section))
        )

    def numbered(self) -> tuple[tuple[int, PlanItem], ...]:
        """Every item with its number in reading order (section by section), so 'item 5' means one thing."""
        ordered = [item for _, items in self.sections for item in items]
        return tuple(enumerate(ordered, start=1))

    def numbered_bracket(self) -> tuple[tuple[int, tuple[tuple[int, PlanItem], ...]], ...]:
        """Each candidate grade with its items, numbered on from the plan's own items."""
        n = len(self.items)
        out = []
        for grade, items in self.bracket:
            out.append((grade, tuple(enumerate(items, start=n + 1))))
            n += len(items)
        return tuple(out)


def _same(a: PlanItem, b: PlanItem) -> bool:
    return (a.action, a.text, a.dose) == (b.action, b.text, b.dose)


def bracket_plan(case: Case, candidates: tuple[int, ...], kb: KnowledgeBase, icans_grade: int | None = None,
                 course: Course | None = None) -> Plan:
    """A plan for a grade ASTCT leaves undefined: the items every candidate grade's plan shares
    (at the highest severity any gives them), then what each candidate adds or changes."""
    plans = [(g, build_plan(case, g, kb, icans_grade, course)) for g in candidates]
    first = plans[0][1]
    rank = {"info": 0, "warning": 1, "critical": 2}
    common: list[PlanItem] = []
    for item in first.items:
        matches = [next((i for i in p.items if _same(i, item)), None) for _, p in plans]
        if all(m is not None for m in matches):
            severity = max((m.severity for m in matches if m is not None), key=rank.__getitem__)
            common.append(item._replace(severity=severity))
    # an item that rides on another action (`when_actions`, e.g. antifungal prophylaxis with
    # steroids) is shared only if that action is shared too
    changed = True
    while changed:
        actions = {i.action for i in common}
        kept = [i for i in common if all(
            not kb.by_id[sid].when_actions or any(a in actions for a in kb.by_id[sid].when_actions)
            for sid in i.statement_ids
        )]
        changed, common = len(kept) != len(common), kept
    shared = {(i.action, i.text, i.dose) for i in common}
    bracket = tuple((g, tuple(i for i in p.items if (i.action, i.text, i.dose) not in shared)) for g, p in plans)
    return Plan(items=tuple(common), assumed=first.assumed, bracket=bracket)


class _ActionRules(Plain):
    """One action's statements, sorted into primaries and notes, with what they need known."""

    action: Action
    primaries: tuple[tuple[Statement, StatementBits], ...]
    notes: tuple[tuple[Statement, StatementBits], ...]
    composed: dict[tuple[str, ...], _Composed] = field(default_factory=dict)
    # slots every primary statement needs known ("product" for a label action): while one is
    # unknown no primary can apply, so the action is passed over without testing them one by one
    needs: tuple[str, ...] = ()
    known: int = 0  # the bits of `ConditionTable.bits` set when every slot of `needs` is known


def _needed(statements: tuple[tuple[Statement, StatementBits], ...]) -> tuple[str, ...]:
    """The slots that every statement's `when` requires to be known (a test other than known=false)."""
    required = [
        {slot for slot, pred in s.when.items() if pred.known is not False} for s, _ in statements
    ]
    return tuple(sorted(set.intersection(*required))) if required else ()


@cache
def _compiled(kb: KnowledgeBase) -> tuple[ConditionTable, tuple[_ActionRules, ...]]:
    """Per action, in plan order, its statements with their conditions as masks of the table's tests."""
    table = ConditionTable()

    def compiled(code: str, role: str) -> tuple[tuple[Statement, StatementBits], ...]:
        return tuple((s, table.statement(s)) for s in kb.statements if s.action == code and s.role == role)

    rules = []
    for a in kb.actions:
        primaries = compiled(a.code, "primary")
        needs = _needed(primaries)
        rules.append(_ActionRules(a, primaries, compiled(a.code, "note"), needs=needs, known=table.known(needs)))
    return table, tuple(rules)


def tocilizumab_caps(kb: KnowledgeBase) -> Caps:
    """Tocilizumab's caps as dose_bounds.toml gives them."""
    return Caps.of(kb.dose_bounds.get("tocilizumab"))


def planning_values(case: Case, grade: int | None, icans_grade: int | None = None,
                    course: Course | None = None,
                    caps: Caps | None = None) -> tuple[dict[str, Scalar | None], dict[str, Scalar]]:
    """The case's values as the plan's conditions read them: defaults filled in (and reported as
    assumed), plus the derived slots `grade`, `icans_grade`, `anakinra_mg_kg_day` (the running
    anakinra dose per kg of weight; unknown without the weight), `population` (whose doses:
    "adult" or "child", knowledge/population.py) and `tocilizumab_timing` (from the course's timed
    doses; 'untimed' without a course, 'due' when no dose was given)."""
    values: dict[str, Scalar | None] = dict(case.__dict__)
    assumed: dict[str, Scalar] = {}
    for slot, default in PLAN_DEFAULTS.items():
        if values[slot] is None:
            values[slot] = default
            assumed[slot] = default
    values["grade"] = grade
    running = values["anakinra_mg_day"]
    weight = case.weight_kg
    per_kg: float | None = None
    if isinstance(running, int | float) and not isinstance(running, bool):
        per_kg = 0.0 if running == 0 else round(running / weight, 2) if weight else None
    values["anakinra_mg_kg_day"] = per_kg
    values["icans_grade"] = icans_grade
    values["population"], guessed = population(case)
    if guessed and values["population"] == "child":  # an adult below 30 kg is the rarer case: say it
        assumed["child"] = True
    if course is not None and caps is not None:
        values["tocilizumab_timing"] = course.timing(caps)
    else:
        values["tocilizumab_timing"] = "due" if not values["tocilizumab_doses"] else "untimed"
    return values, assumed


_PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)\}")


def fill(text: str, facts: Mapping[str, str]) -> str:
    """A statement's placeholders ({toci_next_at}) in the words of this course; one left unfilled
    reads 'not known' (a statement that needs a time applies only when the course has it)."""
    if "{" not in text:
        return text
    return _PLACEHOLDER.sub(lambda m: facts.get(m.group(1), "not known"), text)


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


def _daily_range(dose: Dose, weight_kg: float | None, running_mg_day: float | None) -> str:
    """A daily range in mg/kg/day, computed for the weight, starting above the dose now running."""
    assert dose.mg_per_kg_day is not None
    if weight_kg is None:
        return dose.words
    low, high = (float(round(f * weight_kg)) for f in dose.mg_per_kg_day)
    capped = ""
    if dose.max_mg_day is not None and high > dose.max_mg_day:
        low, high, capped = min(low, dose.max_mg_day), dose.max_mg_day, " (capped)"
    words = f"{dose.words}: {low:g}-{high:g} mg/day for {weight_kg:g} kg{capped}"
    if running_mg_day:
        if running_mg_day >= low:
            return (f"{dose.words}: above the {running_mg_day:g} mg/day now running, up to {high:g} mg/day "
                    f"for {weight_kg:g} kg{capped}")
        words += f" (now {running_mg_day:g} mg/day)"
    return words


def compute_dose(dose: Dose, weight_kg: float | None, bounds: DrugBounds | None,
                 parameters_ok: bool | None = None, running_mg_day: float | None = None) -> tuple[str, float | None]:
    """The dose in words and in mg; a weight-based dose needs the weight; a daily range is
    computed for the weight and starts above the daily dose now running.

    Guarded a second time here (the first is at load): a dose in mg is given only when its
    parameters (`parameters_ok`, computed when not given) and the dose itself, a positive number,
    lie within the drug's reviewed bounds; otherwise the plan gives the dose in words only."""
    if dose.mg_per_kg_day is not None:
        return _daily_range(dose, weight_kg, running_mg_day), None
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


def build_plan(case: Case, grade: int | None, kb: KnowledgeBase, icans_grade: int | None = None,
               course: Course | None = None) -> Plan:
    caps = tocilizumab_caps(kb) if course is not None else None
    values, assumed = planning_values(case, grade, icans_grade, course, caps)
    facts = course.facts(caps) if course is not None and caps is not None else {}
    improving = case.improving is True
    table, every = _compiled(kb)
    bits = table.bits(values)  # each test of the statements' conditions, worked out once
    # which actions enter, with what text and severity, follows from the bits, `improving` and
    # the grade alone: worked out once for each such combination
    key = (kb, bits, improving, grade)
    picked = _PICKED.get(key)
    if picked is None:
        picked = _pick(kb, every, bits, improving, grade)
        if len(_PICKED) < _PICKED_MAX:
            _PICKED[key] = picked
    items: list[PlanItem] = []
    for rules, composed, severity in picked:
        action = rules.action
        dose_words: str | None = None
        dose_mg: float | None = None
        if composed.dose is not None:
            dose_words, dose_mg = compute_dose(composed.dose, case.weight_kg, composed.bounds, composed.dose_ok,
                                               case.anakinra_mg_day)
        items.append(
            PlanItem(action.code, action.label, fill(composed.text, facts), composed.refs, severity,
                     composed.statement_ids, composed.evidence, dose_words, dose_mg, action.section)
        )
    return Plan(items=tuple(items), assumed=assumed)


_Picked = tuple[tuple[_ActionRules, _Composed, str], ...]  # per item: its rules, text and severity
_PICKED: dict[tuple[KnowledgeBase, int, bool, int | None], _Picked] = {}
_PICKED_MAX = 50_000  # combinations remembered (a few thousand in a batch of 20,000 varied cases)


def _pick(kb: KnowledgeBase, every: tuple[_ActionRules, ...], bits: int, improving: bool, grade: int | None) -> _Picked:
    """The actions whose statements hold, in plan order, each with its composed text and severity."""
    chosen: list[str] = []
    picked: list[tuple[_ActionRules, _Composed, str]] = []
    for rules in every:
        if bits & rules.known != rules.known:
            continue  # a slot every primary statement needs is unknown
        if improving and rules.action.section == "if-no-improvement":
            continue  # the clinician says CRS is improving since first-line therapy: no escalation
        primaries = holding(rules.primaries, bits, chosen)
        if not primaries:
            continue
        ordered = primaries + holding(rules.notes, bits, chosen)
        action = rules.action
        severity = action.severity
        if action.critical_from_grade is not None and grade is not None and grade >= action.critical_from_grade:
            severity = "critical"
        picked.append((rules, _compose(rules, ordered, primaries, kb), severity))
        chosen.append(action.code)
    return tuple(picked)
