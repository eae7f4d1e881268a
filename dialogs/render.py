"""Plain-text rendering of an assessment, for people: terminal, pipes and screen readers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from knowledge import slot_registry
from knowledge.assessment import Assessment
from knowledge.coding import Code, codes
from knowledge.content import Reference
from knowledge.planning import SECTION_TITLES, PlanItem

# The case slots' labels, from the slot registry (knowledge/data/slots.toml); kept for importers.
# The functions below read the registry at call time (`slot_registry.label`).
SLOT_LABELS: dict[str, str] = slot_registry.default_registry().labels()


VERIFIED_WORDS = {
    "partial": "seen only in part",
    "secondary reproduction": "seen only as a secondary reproduction",
    "not seen": "not seen by the team",
}


def tags(refs: tuple[str, ...] | list[str]) -> str:
    return "".join(f"[{r}]" for r in refs)


def reference_line(ref: Reference) -> str:
    parts = [f"[{ref.tag}]"]
    if ref.authors:
        parts.append(ref.authors)
    parts.append(f"{ref.title}.")
    parts.append(f"{ref.source}, {ref.year}." if ref.year is not None else f"{ref.source} (undated).")
    ids = []
    if ref.pmid:
        ids.append(f"PMID {ref.pmid}")
    if ref.doi:
        ids.append(f"DOI {ref.doi}")
    if ids:
        parts.append("; ".join(ids) + ".")
    if ref.verified != "full text":
        parts.append(f"({VERIFIED_WORDS[ref.verified]})")
    return " ".join(parts)


def icans_headline(result: Assessment) -> str | None:
    """The ICANS grade beside the CRS grade, once neurotoxicity or one of its domains is reported."""
    i = result.icans
    if i.status == "graded":
        return f"ASTCT ICANS grade {i.grade}"
    if i.status == "incomplete":
        needed = ", ".join(slot_registry.label(s) for s in i.missing)
        reach = f"at least {i.at_least}" if i.at_least else "not yet known"
        return f"ASTCT ICANS grade: {reach} (still needed: {needed})"
    if i.status == "no-icans" and i.basis == ("every ICANS domain normal",):
        return "ASTCT ICANS grade 0 (every domain normal)"
    if result.case.icans:
        return "ASTCT ICANS grade: not yet known (still needed: the ICE score and the other domains)"
    return None


def summary_basis(plan: Mapping[str, Any]) -> tuple[str, ...]:
    """The grade basis for a note, from a plan reply's data (`dialogs.engine.plan_data`, as shown
    or today's): CRS (once graded), ICANS, and the ICD-10-CM codes the plan carried."""
    lines = list(plan.get("grade_basis", ())) if plan.get("grade_status") != "incomplete" else []
    if plan.get("icans_status") in ("graded", "incomplete"):
        lines += [f"ICANS: {b}" for b in plan.get("icans_basis", ())]
    lines += [f"coding: {Code(c['condition'], c['grade'], c['code'], c['status']).words()}"
              for c in plan.get("icd10", ())]
    return tuple(lines)


def grade_headline(result: Assessment) -> str:
    crs = _crs_headline(result)
    icans = icans_headline(result)
    return crs if icans is None else f"{crs}; {icans}"


def _crs_headline(result: Assessment) -> str:
    g = result.grading
    if g.grade is not None:
        return f"ASTCT grade {g.grade}" + (" (criteria for CRS not met)" if g.status == "not-crs" else "")
    if g.status == "undefined":
        return "ASTCT grade: not defined by ASTCT for this presentation"
    needed = ", ".join(slot_registry.label(s) for s in g.missing)
    reach = f"at least {g.at_least}" if g.at_least is not None else "not yet known"
    return f"ASTCT grade: {reach} (still needed: {needed})"


BRACKET_NOTE = ("The choice of grade is the clinician's: the plan above holds at every candidate grade; "
                "what each candidate grade adds follows.")
SO_FAR_NOTE = ("The grade is not yet known: the plan above holds at every grade still possible; "
               "what each would add follows.")


def _item_lines(n: int, item: PlanItem, teaching: bool) -> list[str]:
    lines = [f"{n:>2}. {item.label} ({item.severity}) {tags(item.refs)}", f"    {item.text}"]
    if item.dose:
        lines.append(f"    Dose: {item.dose}")
    if teaching or item.section == "if-no-improvement":  # escalation options carry their evidence level
        lines += [f"    Evidence: {e}" for e in item.evidence]
    return lines


def render_assessment(result: Assessment, *, teaching: bool = False, course: Sequence[str] = ()) -> str:
    """The plan as text; `course`: the episode's points and what was given when, after the grade."""
    lines = [grade_headline(result)]
    previous = ""
    so_far = result.grading.status == "incomplete"
    if not so_far or result.grading.at_least is not None:
        lines += [f"  - {b}" for b in result.grading.basis]
    if result.icans.status in ("graded", "incomplete"):
        lines += [f"  - ICANS: {b}" for b in result.icans.basis]
    lines += [f"  - coding: {c.words()}" for c in codes(result.grading.grade, result.icans.grade)]
    if course:
        lines += ["", "Course:", *(f"  {line}" for line in course)]
    if result.plan.items:
        lines.append("")
        lines.append("Plan:")
        for n, item in result.plan.numbered():
            if n == 1 or item.section != previous:
                lines.append(f"{SECTION_TITLES[item.section]}:")
            previous = item.section
            lines += _item_lines(n, item, teaching)
    if result.plan.bracket:
        lines.append("")
        lines.append(SO_FAR_NOTE if so_far else BRACKET_NOTE)
        for grade, items in result.plan.numbered_bracket():
            heading = f"If it is grade {grade}" if so_far else f"If you grade it as grade {grade}"
            lines.append(f"{heading}, add:" if items else f"{heading}: nothing to add.")
            for n, item in items:
                lines += _item_lines(n, item, teaching)
    if result.plan.assumed:
        shown = ", ".join(slot_registry.words(k, v) if isinstance(v, bool) else f"{slot_registry.label(k)} = {v}"
                          for k, v in result.plan.assumed.items())
        lines.append("")
        lines.append(f"Assumed until answered: {shown}.")
    if result.missing:
        lines.append(f"Still to ask: {', '.join(slot_registry.label(s) for s in result.missing)}.")
    if result.references:
        lines.append("")
        lines.append("References:")
        lines += [f"  {reference_line(r)}" for r in result.references]
    lines.append("")
    lines.append(f"Knowledge base {result.kb_version}. {result.disclaimer}")
    return "\n".join(lines)
