"""Follow-up questions, answered from knowledge-base statements and conditioned on the case.

Retrieval (`knowledge.retrieval.search`) finds the statements a question is about; each is then
checked against the current case with the plan's own condition machinery:

* `applies`: a plan statement whose conditions hold and whose action is in this patient's plan;
  it is given as advice, with its dose computed for the known weight and dose count;
* `not-applies`: a plan statement whose conditions fail (or whose action is not in the plan);
  it is shown apart, with the reason in words ("tocilizumab doses given: 4 or more; this
  patient: 1");
* `background`: a statement with no plan action (grading rules, evidence, source claims).

Questions asking for more of a drug ("more toci?", "can we escalate anakinra?") are answered
from the plan and the caps written in the drug's own conditions (`dialogs/data/followup.toml`).
So an answer never gives as advice what the plan for the same case leaves out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any, Literal

from dialogs.followup_data import Drug, FollowupData
from dialogs.phrasing import label, value_words
from dialogs.render import tags
from knowledge import slot_registry
from knowledge.applicability import Unmet, count_cap, unmet
from knowledge.assessment import Assessment
from knowledge.conditions import Values
from knowledge.content import Condition, Predicate, Scalar, Statement
from knowledge.loader import KnowledgeBase
from knowledge.planning import PlanItem, compute_dose, fill, planning_values, tocilizumab_caps
from knowledge.retrieval import Hit, search
from knowledge.retrieval_text import default_vocabulary

NOT_COVERED = (
    "The knowledge base does not cover that, so I cannot answer it. I answer only from its curated "
    "statements; please check a primary source or local protocol."
)
# Show further hits only when they score close to the best one.
CLOSE_ENOUGH = 0.75
SEARCHED = 8  # statements retrieved per question, before the case decides what is shown
MAX_APPLYING = 3
MAX_APART = 2
MAX_BACKGROUND = 2

Applies = Literal["applies", "not-applies", "background"]


@dataclass(frozen=True)
class AnswerItem:
    """One statement of an answer and how it applies to this case."""

    statement_id: str
    text: str
    refs: tuple[str, ...]
    applies: Applies
    reasons: tuple[str, ...] = ()  # for `not-applies`: why, in words
    action: str | None = None
    dose: str | None = None  # for `applies`: computed for this patient
    dose_mg: float | None = None
    evidence: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"statement": self.statement_id, "applies": self.applies, "text": self.text,
                               "refs": list(self.refs)}
        for key, value in (("action", self.action), ("dose", self.dose), ("dose_mg", self.dose_mg),
                           ("evidence", self.evidence)):
            if value is not None:
                out[key] = value
        if self.reasons:
            out["reasons"] = list(self.reasons)
        return out


@dataclass(frozen=True)
class Eligibility:
    """Whether more of a drug may be given now, from the plan and the caps."""

    action: str
    eligible: bool
    verdict: str
    refs: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"action": self.action, "eligible": self.eligible, "verdict": self.verdict, "refs": list(self.refs)}


@dataclass(frozen=True)
class Answer:
    question: str
    items: tuple[AnswerItem, ...] = ()
    eligibility: Eligibility | None = None
    patient: str = ""  # the case in one line, as the answer read it
    teaching: bool = False
    statement_ids: tuple[str, ...] = field(default=())

    @property
    def covered(self) -> bool:
        return bool(self.items) or self.eligibility is not None

    def of(self, applies: Applies) -> tuple[AnswerItem, ...]:
        return tuple(i for i in self.items if i.applies == applies)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"question": self.question, "covered": self.covered, "patient": self.patient,
                               "statements": [i.to_json() for i in self.items]}
        if self.eligibility is not None:
            out["eligibility"] = self.eligibility.to_json()
        return out

    @property
    def text(self) -> str:
        return render_answer(self)


# --- the drug table -----------------------------------------------------------------------


def followup_data() -> FollowupData:
    """The drug table in use, checked with every dialog data file (`dialogs.data_files`)."""
    from dialogs.data_files import default_content

    return default_content().followup


@cache
def _more_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b")


@lru_cache(maxsize=256)
def asks_for_more(question: str) -> Drug | None:
    """The drug a question asks to give more of ("more toci?"), if it asks that."""
    data = followup_data()
    concepts = set(default_vocabulary().concepts_in(question))
    drugs = [d for d in data.drugs if d.concept in concepts]
    if len(drugs) != 1:
        return None
    if concepts & data.more_concepts or _more_pattern(data.more_words).search(question.lower()):
        return drugs[0]
    return None


# --- reasons in words ---------------------------------------------------------------------


def short_label(slot: str) -> str:
    """The slot's label without its unit: 'weight' for 'weight (kg)' (the value carries the unit)."""
    return re.sub(r"\s*\([^)]*\)$", "", label(slot))


def _bound(slot: str, value: Scalar) -> str:
    """A condition's operand as people read it; a number keeps its unit ('0 mg/day', not 'none')."""
    spec = slot_registry.slot(slot)
    if spec.kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        shown = f"{value:g}"
        return f"{shown} {spec.unit}" if spec.unit and spec.unit_in_words else shown
    return value_words(slot, value)


def need_words(slot: str, pred: Predicate) -> str:
    """What a predicate asks of a slot, for people: 'tocilizumab doses given: 4 or more'."""
    if pred.known is False:
        return f"{short_label(slot)}: not known"
    parts: list[str] = []
    if pred.eq is not None:
        parts.append(_bound(slot, pred.eq))
    if pred.ne is not None:
        parts.append("not " + _bound(slot, pred.ne))
    if pred.in_ is not None:
        parts.append(" or ".join(_bound(slot, v) for v in pred.in_))
    if pred.not_in is not None:
        parts.append("not " + " or ".join(_bound(slot, v) for v in pred.not_in))
    if pred.ge is not None:
        parts.append(f"{_bound(slot, pred.ge)} or more")
    if pred.gt is not None:
        parts.append(f"above {_bound(slot, pred.gt)}")
    if pred.lt is not None:
        parts.append(f"below {_bound(slot, pred.lt)}")
    if pred.le is not None:
        parts.append(f"{_bound(slot, pred.le)} or less")
    return f"{short_label(slot)}: {' and '.join(parts)}"


def condition_phrase(cond: Condition) -> str:
    return ", ".join(need_words(slot, pred) for slot, pred in cond.items())


def _has_words(slot: str, value: Scalar | None, assumed: dict[str, Scalar], result: Assessment) -> str:
    if slot == "grade" and result.grade is None:
        if result.grading.status == "undefined":
            return "not defined by ASTCT for this presentation"
        if result.grading.at_least is not None:
            return f"at least {result.grading.at_least}, not known yet"
        return "not known yet"
    if value is None:
        return "not known yet"
    shown = value_words(slot, value)
    return f"not answered yet, assumed {shown}" if slot in assumed else shown


def reason_words(failed: Unmet, values: Values, assumed: dict[str, Scalar], result: Assessment,
                 kb: KnowledgeBase) -> str:
    """One failed condition in words: 'tocilizumab doses given: 4 or more (this patient: 1)'."""
    if failed.slot is not None and failed.predicate is not None:
        has = _has_words(failed.slot, failed.value, assumed, result)
        return f"{need_words(failed.slot, failed.predicate)} (this patient: {has})"
    if failed.alternatives:
        return " or ".join(condition_phrase(c) for c in failed.alternatives)
    labels: dict[str, str] = {a.code: a.label for a in kb.actions}
    return "a plan that includes " + " or ".join(labels[a].lower() for a in failed.actions)


def because(reasons: tuple[str, ...] | list[str]) -> str:
    return "applies when " + " and ".join(reasons)


# --- answering ----------------------------------------------------------------------------


def _plan_item(result: Assessment, action: str | None) -> PlanItem | None:
    return next((i for i in result.plan.items if i.action == action), None)


def _count_note(st: Statement, values: Values, kb: KnowledgeBase) -> str:
    """', dose 2 of at most 4' for a drug whose doses are counted."""
    drug = next((d for d in followup_data().drugs if d.action == st.action and d.count_slot), None)
    if drug is None or drug.count_slot is None:
        return ""
    cap = count_cap([s for s in kb.statements if s.action == st.action and s.role == "primary"], drug.count_slot)
    given = values.get(drug.count_slot)
    if cap is None or not isinstance(given, int | float) or isinstance(given, bool):
        return ""
    return f", dose {int(given) + 1} of at most {cap}"


def _dose_source(result: Assessment, action: str | None, kb: KnowledgeBase) -> str | None:
    """The statement whose dose the plan's item for `action` shows (its first primary with a dose)."""
    item = _plan_item(result, action)
    if item is None:
        return None
    return next((sid for sid in item.statement_ids
                 if kb.by_id[sid].role == "primary" and kb.by_id[sid].dose is not None), None)


def _status(st: Statement, values: Values, result: Assessment) -> tuple[Applies, tuple[Unmet, ...]]:
    """How a statement applies to the case, and what fails when it does not."""
    if st.action is None:
        return "background", ()
    failed = unmet(st, values, result.plan.actions)
    if result.grade is None and result.grading.possible:
        # a grade known only from below ("at least 3"): what holds at every grade still possible
        # holds now, as the plan's shared items do; otherwise what fails at the first one that fails
        failures = [unmet(st, {**values, "grade": g}, result.plan.actions) for g in result.grading.possible]
        failed = next((f for f in failures if f), ())
    item = _plan_item(result, st.action)
    if failed or item is None or st.id not in item.statement_ids:
        return "not-applies", failed
    return "applies", ()


def _item(st: Statement, status: tuple[Applies, tuple[Unmet, ...]], values: Values, assumed: dict[str, Scalar],
          result: Assessment, kb: KnowledgeBase) -> AnswerItem:
    applies, failed = status
    refs = tuple(st.refs)
    if applies == "background":
        return AnswerItem(st.id, _text(st, result, kb), refs, "background", evidence=st.evidence)
    if applies == "not-applies":
        reasons = tuple(reason_words(f, values, assumed, result, kb) for f in failed)
        if not reasons:
            action_label = next(a.label for a in kb.actions if a.code == st.action)
            reasons = (f"{action_label.lower()} is in the plan (it is not, for this patient)",)
        return AnswerItem(st.id, _text(st, result, kb), refs, "not-applies", reasons, st.action, evidence=st.evidence)
    dose: str | None = None
    dose_mg: float | None = None
    if st.dose is not None and _dose_source(result, st.action, kb) == st.id:  # the dose the plan gives
        weight = values.get("weight_kg")
        running = result.case.anakinra_mg_day
        bounds = kb.dose_bounds.get(st.dose.drug) if st.dose.drug else None
        dose, dose_mg = compute_dose(st.dose, weight if isinstance(weight, float | int) else None, bounds,
                                     running_mg_day=running)
        dose += _count_note(st, values, kb)
    return AnswerItem(st.id, _text(st, result, kb), refs, "applies", (), st.action, dose, dose_mg, st.evidence)


def _text(st: Statement, result: Assessment, kb: KnowledgeBase) -> str:
    """A statement's text with its course placeholders in this episode's words."""
    if "{" not in st.text:
        return st.text
    facts = result.course.facts(tocilizumab_caps(kb)) if result.course is not None else {}
    return fill(st.text, facts)


def course_values(result: Assessment, kb: KnowledgeBase) -> tuple[Values, dict[str, Scalar]]:
    """The plan's values for the assessed case, its course included."""
    caps = tocilizumab_caps(kb) if result.course is not None else None
    return planning_values(result.case, result.grade, course=result.course, caps=caps)


def patient_line(result: Assessment) -> str:
    """The case as the answer read it: 'ASTCT grade 3; weight: 82 kg; tocilizumab doses given: 1; ...'."""
    g = result.grading
    reach = f"at least {g.at_least} (not yet known)" if g.at_least is not None else "not yet known"
    parts = [f"ASTCT grade {g.grade}" if g.grade is not None else (
        "ASTCT grade not defined" if g.status == "undefined" else f"ASTCT grade {reach}")]
    case = result.case
    for slot in ("weight_kg", "tocilizumab_doses", "anakinra_mg_day", "steroids"):
        value = getattr(case, slot)
        if value is not None:
            parts.append(f"{short_label(slot)}: {value_words(slot, value)}")
    return "; ".join(parts)


def _eligibility(drug: Drug, values: Values, assumed: dict[str, Scalar], result: Assessment,
                 kb: KnowledgeBase) -> tuple[Eligibility, list[Statement]]:
    """Whether more of the drug may be given now, and the statements that say so."""
    item = _plan_item(result, drug.action)
    primaries = [s for s in kb.statements if s.action == drug.action and s.role == "primary"]
    action_label = next(a.label for a in kb.actions if a.code == drug.action)
    capped = item is not None and drug.count_slot is not None and any(
        (pred := kb.by_id[sid].when.get(drug.count_slot)) is not None and pred.ge is not None
        for sid in item.statement_ids
    )
    waiting = item is not None and any(
        kb.by_id[sid].role == "primary" and kb.by_id[sid].dose is None and "tocilizumab_timing" in kb.by_id[sid].when
        for sid in item.statement_ids
    )
    if item is not None and waiting:
        # the plan's item says the interval or the 24-hour cap stands in the way, and until when
        used = [kb.by_id[sid] for sid in item.statement_ids]
        return Eligibility(drug.action, False, f"No, not yet: {_text(used[0], result, kb)}", item.refs), used
    if item is not None and capped:
        # the plan's item for the drug is the one that says the maximum is reached ("give no further")
        used = [kb.by_id[sid] for sid in item.statement_ids]
        return Eligibility(drug.action, False, f"No: {used[0].text}", item.refs), used
    if item is not None:
        used = [kb.by_id[sid] for sid in item.statement_ids]
        bits: list[str] = []
        if drug.count_slot is not None:
            count = _count_note(used[0], values, kb).removeprefix(", ")
            if count:
                bits.append(count[0].upper() + count[1:] + (f": {item.dose}" if item.dose else ""))
        if not bits and item.dose:
            bits.append(f"Dose for this patient: {item.dose}")
        running = values.get(drug.running_slot) if drug.running_slot is not None else None
        if drug.running_slot is not None and running is not None:
            bits.append(f"Now running: {value_words(drug.running_slot, running)}")
        verdict = " ".join([f"Yes: {action_label.lower()} is in this patient's plan.", *(b + "." for b in bits)])
        return Eligibility(drug.action, True, verdict, item.refs), used
    # not in the plan: the primary statement closest to applying says why
    scored = sorted(primaries, key=lambda s: len(unmet(s, values, result.plan.actions)))
    closest = scored[0]
    reasons = [reason_words(f, values, assumed, result, kb) for f in unmet(closest, values, result.plan.actions)]
    verdict = f"No: {action_label.lower()} is not in this patient's plan: it {because(reasons)}."
    return Eligibility(drug.action, False, verdict, tuple(closest.refs)), [closest]


@lru_cache(maxsize=256)
def _hits(question: str, kb: KnowledgeBase) -> tuple[Hit, ...]:
    """Retrieval depends on the question only; the case decides what is shown."""
    return tuple(search(question, k=SEARCHED, kb=kb))


def answer(question: str, kb: KnowledgeBase, result: Assessment, *, teaching: bool = False) -> Answer:
    """The answer to a follow-up question for the case assessed in `result`."""
    values, assumed = course_values(result, kb)
    patient = patient_line(result)
    eligibility: Eligibility | None = None
    lead: list[Statement] = []
    drug = asks_for_more(question)
    if drug is not None:
        eligibility, lead = _eligibility(drug, values, assumed, result, kb)
    hits = _hits(question, kb)
    if not hits and eligibility is None:
        return Answer(question, patient=patient, teaching=teaching)
    best = hits[0].score if hits else 0.0
    found = [kb.by_id[h.statement_id] for h in hits if h.score >= best * CLOSE_ENOUGH]
    rest = [kb.by_id[h.statement_id] for h in hits if h.score < best * CLOSE_ENOUGH]
    candidates = list({st.id: st for st in (*lead, *found)}.values())
    statuses = [(st, _status(st, values, result)) for st in candidates]
    if not any(status[0] != "not-applies" for _, status in statuses):
        # nothing close applies: offer what this patient's plan says on the topic, if retrieval found it
        in_plan = [(st, status) for st in rest if (status := _status(st, values, result))[0] == "applies"]
        statuses += in_plan[:1]
    applying = [(st, s) for st, s in statuses if s[0] == "applies"][:MAX_APPLYING]
    background = [(st, s) for st, s in statuses if s[0] == "background"][:1 if applying else MAX_BACKGROUND]
    apart = [(st, s) for st, s in statuses if s[0] == "not-applies"][:MAX_APART]
    chosen = tuple(_item(st, s, values, assumed, result, kb) for st, s in (*applying, *background, *apart))
    return Answer(question, chosen, eligibility, patient, teaching, tuple(i.statement_id for i in chosen))


# --- text ---------------------------------------------------------------------------------


def _evidence_line(item: AnswerItem, teaching: bool) -> list[str]:
    if not item.evidence:
        return []
    return [f"  Evidence: {item.evidence}" if teaching else f"  (Evidence note: {item.evidence})"]


def render_answer(ans: Answer) -> str:
    """The answer as plain lines: for this patient, background, then what does not apply and why."""
    if not ans.covered:
        return NOT_COVERED
    lines: list[str] = []
    if ans.eligibility is not None:
        lines.append(f"{ans.eligibility.verdict} {tags(ans.eligibility.refs)}")
    applying = ans.of("applies")
    if applying:
        lines.append(f"For this patient ({ans.patient}):")
        for item in applying:
            lines.append(f"- {item.text} {tags(item.refs)}")
            if item.dose:
                lines.append(f"  Dose for this patient: {item.dose}.")
            lines += _evidence_line(item, ans.teaching)
    apart = ans.of("not-applies")
    if apart and not applying:
        lines.append(f"Nothing on this applies to this patient now ({ans.patient}).")
    background = ans.of("background")
    if background:
        lines.append("Background (not a treatment step for this patient):")
        for item in background:
            lines.append(f"- {item.text} {tags(item.refs)}")
            lines += _evidence_line(item, ans.teaching)
    if apart:
        lines.append("Does not apply to this patient now:")
        for item in apart:
            lines.append(f"- Not now: it {because(item.reasons)}. {item.text} {tags(item.refs)}")
    return "\n".join(lines)
