"""Words for values, conditions, summaries and changes: how the consult talks about a case."""

from __future__ import annotations

from collections.abc import Mapping

from dialogs.render import SLOT_LABELS, grade_headline
from knowledge.assessment import Assessment
from knowledge.grading import HYPOTENSION_WORDS, OXYGEN_WORDS
from knowledge.models import Condition, Scalar

STEROID_WORDS = {"full": "full dose acceptable", "low-dose": "low dose only", "none": "no steroids"}
LABELS = {**SLOT_LABELS, "anakinra_given": "on anakinra"}
_OPS = {"eq": "=", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">=", "in_": "in", "not_in": "not in"}


def value_words(slot: str, value: Scalar) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if slot == "temperature_c":
        return f"{value:g} C"
    if slot == "weight_kg":
        return f"{value:g} kg"
    if slot == "anakinra_mg_day":
        return "none" if value == 0 else f"{value:g} mg/day"
    if slot == "hypotension":
        return HYPOTENSION_WORDS.get(str(value), str(value))
    if slot == "oxygen":
        return OXYGEN_WORDS.get(str(value), str(value))
    if slot == "steroids":
        return STEROID_WORDS.get(str(value), str(value))
    return str(value)


def condition_words(cond: Condition) -> str:
    parts = []
    for slot, pred in cond.items():
        for op, symbol in _OPS.items():
            operand = getattr(pred, op)
            if operand is not None:
                shown = ", ".join(map(str, operand)) if isinstance(operand, list) else f"{operand:g}" if (
                    isinstance(operand, float)) else str(operand).lower()
                parts.append(f"{slot} {symbol} {shown}")
        if pred.known is not None:
            parts.append(f"{slot} {'known' if pred.known else 'not known'}")
    return " and ".join(parts)


def summary(values: Mapping[str, Scalar], unknown: frozenset[str], slots: list[str], result: Assessment) -> str:
    lines = ["Case so far:"]
    for slot in slots:
        if slot in values:
            shown = value_words(slot, values[slot])
        elif slot in unknown:
            shown = "unknown"
        else:
            shown = "not yet answered"
        lines.append(f"  - {LABELS.get(slot, slot)}: {shown}")
    lines.append(grade_headline(result))
    return "\n".join(lines)


def changes(before: Assessment, after: Assessment, changed: list[tuple[str, Scalar | None, Scalar]]) -> str:
    lines = []
    for slot, old, new in changed:
        was = "not known" if old is None else value_words(slot, old)
        lines.append(f"Changed {LABELS.get(slot, slot)}: {was} -> {value_words(slot, new)}.")
    if before.grade != after.grade or before.grading.status != after.grading.status:
        lines.append(f"{grade_headline(before)} -> {grade_headline(after)}, because:")
        lines += [f"  - {b}" for b in after.grading.basis]
    else:
        lines.append(f"{grade_headline(after)}: unchanged.")
    old_plan = {i.action: i.label for i in before.plan.items}
    new_plan = {i.action: i.label for i in after.plan.items}
    added = [label for code, label in new_plan.items() if code not in old_plan]
    removed = [label for code, label in old_plan.items() if code not in new_plan]
    if added:
        lines.append("Plan now adds: " + "; ".join(added) + ".")
    if removed:
        lines.append("Plan no longer has: " + "; ".join(removed) + ".")
    if not added and not removed:
        lines.append("Plan actions: unchanged.")
    return "\n".join(lines)
