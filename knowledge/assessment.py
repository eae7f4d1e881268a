"""One consult's answer: the grade, the plan, what is still missing, and the references.

`assess` is the single entry point that every front end uses; `to_json` is the documented
JSON shape of `crs-assistant assess --format json`.
"""

from __future__ import annotations

from typing import Any

from knowledge.coding import codes
from knowledge.content import Reference
from knowledge.course import Course
from knowledge.grading import FEVER_C, OXYGEN_GRADE, GradeResult, grade
from knowledge.icans import DOMAIN_SLOTS, IcansResult, grade_icans
from knowledge.loader import KnowledgeBase, default_kb
from knowledge.plain import Plain
from knowledge.planning import SECTION_TITLES, Plan, PlanItem, bracket_plan, build_plan, tocilizumab_caps
from knowledge.population import CHILD_QUESTION_BELOW_KG
from knowledge.products import OPTIONAL_SLOTS
from knowledge.slots import SLOT_NAMES, Case

NO_ICANS_INFO = IcansResult(None, "unknown", 0, (), ())


class Assessment(Plain):
    """One case's grades, plan, missing slots and references, under one knowledge base version."""

    case: Case
    grading: GradeResult
    plan: Plan
    missing: tuple[str, ...]
    references: tuple[Reference, ...]
    kb_version: str
    disclaimer: str
    icans: IcansResult = NO_ICANS_INFO
    course: Course | None = None  # what was given when, and the time now (the consult's; None in `assess`)
    course_lines: tuple[str, ...] = ()  # the therapy course in lines (what was given, when, against the caps)

    @property
    def grade(self) -> int | None:
        return self.grading.grade


def missing_slots(case: Case, grading: GradeResult, icans: IcansResult | None = None) -> tuple[str, ...]:
    """Slots still worth asking, in consult order: what decides the grade, then the rest. The
    ICANS domains count only once neurotoxicity is reported, and then only those the ICANS
    grade still needs."""
    icans_needed = set(icans.missing) if icans is not None else set()
    febrile = case.temperature_c is not None and case.temperature_c >= FEVER_C
    rest = []
    for slot in SLOT_NAMES:
        if getattr(case, slot) is not None or slot in grading.missing:
            continue
        if slot == "anticytokine_given" and febrile:
            continue  # the fever waiver only matters without fever
        if slot in DOMAIN_SLOTS and slot not in icans_needed:
            continue
        if slot in OPTIONAL_SLOTS:
            continue  # read or asked by the consult, never needed for the grade
        if slot == "child" and not (case.weight_kg is not None and case.weight_kg < CHILD_QUESTION_BELOW_KG):
            continue  # asked under 30 kg; from 30 kg the doses are an adult's until the age is given
        if slot == "improving" and not (case.tocilizumab_doses or case.anakinra_mg_day):
            continue  # whether first-line therapy helped is asked once some has been given
        rest.append(slot)
    ordered = [s for s in SLOT_NAMES if s in grading.missing or s in rest]
    return tuple(ordered)


def candidate_grades(case: Case, grading: GradeResult) -> tuple[int, ...]:
    """The grades a clinician may choose when ASTCT leaves the grade undefined: vasopressin as the
    only vasopressor, 2 or 3 (never below what hypoxia sets); afebrile after anticytokine therapy
    with neither hypotension nor hypoxia, 1. While the grade is not yet known but CRS is, the
    grades still possible (high-flow oxygen, blood pressure not yet known: 3 or 4). Empty when
    the grade is known, or when it is not known to be CRS."""
    if grading.status == "incomplete":
        return grading.possible
    if grading.status != "undefined":
        return ()
    if case.hypotension == "vasopressin-only":
        floor = OXYGEN_GRADE[case.oxygen] if case.oxygen is not None else 0
        return tuple(sorted({max(2, floor), 3}))
    return (1,)


def assess(case: Case, kb: KnowledgeBase | None = None, course: Course | None = None) -> Assessment:
    """The grade and plan of `case`; with a `course` (what was given when, and the time now) the
    plan weighs tocilizumab's caps and interval against the doses' times."""
    kb = kb or default_kb()
    grading = grade(case)
    icans = grade_icans(case.__dict__)
    candidates = candidate_grades(case, grading)
    if candidates:
        plan = bracket_plan(case, candidates, kb, icans.grade, course)
    else:
        plan = build_plan(case, grading.grade, kb, icans.grade, course)
    cited: set[str] = set()
    for sid in grading.statement_ids:
        cited.update(kb.by_id[sid].refs)
    for item in (*plan.items, *(i for _, items in plan.bracket for i in items)):
        cited.update(item.refs)
    references = tuple(ref for tag, ref in kb.references.items() if tag in cited)
    return Assessment(
        case=case,
        grading=grading,
        plan=plan,
        missing=missing_slots(case, grading, icans),
        references=references,
        kb_version=kb.version,
        disclaimer=kb.meta.disclaimer,
        icans=icans,
        course=course,
        course_lines=course.lines(tocilizumab_caps(kb)) if course is not None else (),
    )


def reference_json(ref: Reference) -> dict[str, Any]:
    # plain attribute access: model_dump would build a serializer schema on a cold start
    return {k: v for k, v in ref.__dict__.items() if v is not None}


def plan_item_json(item: PlanItem, n: int | None = None) -> dict[str, Any]:
    """One plan item; `summary`, `indicator`, `detail` and `source` give it the CDS Hooks card shape
    (indicator info | warning | critical; the source's topic is the action code)."""
    entry: dict[str, Any] = {
        "action": item.action,
        "label": item.label,
        "text": item.text,
        "refs": list(item.refs),
        "severity": item.severity,
        "statements": list(item.statement_ids),
        "section": item.section,
        "summary": (f"{item.label}: {item.dose}" if item.dose else item.label)[:140],  # CDS Hooks: < 140
        "indicator": item.severity,
        "detail": item.text,
        "source": {"label": "".join(f"[{r}]" for r in item.refs),
                   "topic": {"code": item.action, "display": item.label}},
    }
    if n is not None:
        entry["n"] = n
    if item.evidence:
        entry["evidence"] = list(item.evidence)
    if item.dose is not None:
        entry["dose"] = item.dose
    if item.dose_mg is not None:
        entry["dose_mg"] = item.dose_mg
    return entry


def icans_json(icans: IcansResult) -> dict[str, Any]:
    return {"icans_grade": icans.grade, "icans_status": icans.status, "icans_at_least": icans.at_least,
            "icans_basis": list(icans.basis)}


def coding_json(result: Assessment) -> dict[str, Any]:
    return {"icd10": [c.to_json() for c in codes(result.grading.grade, result.icans.grade)]}


def to_json(result: Assessment) -> dict[str, Any]:
    numbered = result.plan.numbered()
    plan = [plan_item_json(item, n) for n, item in numbered]
    sections = [
        {"id": section, "title": SECTION_TITLES[section],
         "items": [entry for entry in plan if entry["section"] == section]}
        for section, _ in result.plan.sections
    ]
    bracket = [
        {"grade": g, "items": [plan_item_json(item, n) for n, item in items]}
        for g, items in result.plan.numbered_bracket()
    ]
    return {
        "grade": result.grading.grade,
        "grade_status": result.grading.status,
        "grade_at_least": result.grading.at_least,
        "missing": list(result.missing),
        "grade_basis": list(result.grading.basis),
        "grade_statements": list(result.grading.statement_ids),
        **icans_json(result.icans),
        "slots": dict(result.case.__dict__),
        "assumed": dict(result.plan.assumed),
        **coding_json(result),
        "plan": plan,
        "sections": sections,
        "bracket": bracket,
        "references": [reference_json(r) for r in result.references],
        **({"course": list(result.course_lines)} if result.course_lines else {}),
        "kb_version": result.kb_version,
        "disclaimer": result.disclaimer,
    }
