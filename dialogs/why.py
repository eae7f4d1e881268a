"""`why` for clinicians: the grade's basis and, per plan item, the case facts its rules rest on,
as plain sentences wrapped with hanging indents ("Tocilizumab: ASTCT grade 3; 1 of at most 4
doses given; weight 82 kg."). The rule syntax stays in `crs-assistant kb show ID`."""

from __future__ import annotations

import textwrap

from dialogs.followup import followup_data, short_label
from dialogs.phrasing import value_words
from dialogs.render import tags
from knowledge.applicability import count_cap
from knowledge.assessment import Assessment
from knowledge.conditions import Values, condition_holds
from knowledge.content import Condition, Scalar, Statement
from knowledge.loader import KnowledgeBase
from knowledge.planning import PlanItem, planning_values, tocilizumab_caps

WIDTH = 72  # fits an 80-column terminal and the TUI's note column without a second wrap


def wrap(text: str, indent: str = "  ", hanging: str = "      ") -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=hanging,
                         break_on_hyphens=False, break_long_words=False) or [indent]


def _fact(slot: str, value: Scalar | None, assumed: dict[str, Scalar], kb: KnowledgeBase, action: str) -> str:
    if slot == "grade":
        return f"ASTCT grade {value}" if value is not None else "ASTCT grade not defined"
    if value is None:
        return f"{short_label(slot)}: not known"
    drug = next((d for d in followup_data().drugs if d.count_slot == slot), None)
    if drug is not None and isinstance(value, int | float) and not isinstance(value, bool):
        cap = count_cap([s for s in kb.statements if s.action == drug.action and s.role == "primary"], slot)
        shown = f"{int(value)} of at most {cap} doses given" if cap else f"{int(value)} doses given"
        return f"{short_label(slot).split(' ')[0]}: {shown}" if action != drug.action else shown
    shown = f"{short_label(slot)}: {value_words(slot, value)}"
    return shown + (" (assumed until answered)" if slot in assumed else "")


def _facts(cond: Condition, values: Values, assumed: dict[str, Scalar], kb: KnowledgeBase, action: str) -> list[str]:
    return [_fact(slot, values.get(slot), assumed, kb, action) for slot in cond]


def reasons(st: Statement, values: Values, assumed: dict[str, Scalar], kb: KnowledgeBase,
            plan_labels: dict[str, str]) -> list[str]:
    """The case facts a statement's conditions rest on, in words."""
    found = _facts(st.when, values, assumed, kb, st.action or "")
    holding = next((c for c in st.when_any if condition_holds(c, values)), None)
    if holding is not None:
        found += _facts(holding, values, assumed, kb, st.action or "")
    if st.when_actions:
        found += [f"with {plan_labels[a].lower()} in the plan" for a in st.when_actions if a in plan_labels]
    return list(dict.fromkeys(found))


def item_lines(item: PlanItem, values: Values, assumed: dict[str, Scalar], kb: KnowledgeBase,
               plan_labels: dict[str, str]) -> list[str]:
    primaries = [kb.by_id[sid] for sid in item.statement_ids if kb.by_id[sid].role == "primary"]
    facts: list[str] = []
    for st in primaries:
        facts += reasons(st, values, assumed, kb, plan_labels)
    because = "; ".join(dict.fromkeys(facts)) or "at every grade"
    refs = tags([r for st in primaries for r in st.refs])
    return wrap(f"{item.label}: {because}. {refs}")


def why_text(result: Assessment, kb: KnowledgeBase) -> str:
    g = result.grading
    lines = ["Grade basis:"]
    for b in g.basis:
        lines += wrap(b, "  - ", "    ")
    caps = tocilizumab_caps(kb) if result.course is not None else None
    values, assumed = planning_values(result.case, result.grade, course=result.course, caps=caps)
    labels = {i.action: i.label for i in result.plan.items}
    so_far = g.status == "incomplete"
    shown = values
    if so_far:  # the grade as the facts of the shared items say it (their rules hold at every grade possible)
        shown = {**values, "grade": f"at least {g.at_least} (not yet known)" if g.at_least is not None
                 else "not yet known"}
    if result.plan.items:
        lines.append("Why each plan item (the case facts its rules rest on):")
        for _, item in result.plan.numbered():
            lines += item_lines(item, shown, assumed, kb, labels)
    for grade, items in result.plan.bracket:
        lines.append(f"If it is grade {grade}:" if so_far else f"If you grade it as grade {grade}:")
        graded = {**values, "grade": grade}
        for item in items:
            lines += item_lines(item, graded, assumed, kb, labels)
    ids = [*g.statement_ids, *(sid for i in result.plan.items for sid in i.statement_ids)]
    if ids:
        lines += wrap("Statements: " + ", ".join(dict.fromkeys(ids)) + ". Their rules: crs-assistant kb show ID.",
                      "", "  ")
    return "\n".join(lines)
