"""Words for values, conditions, summaries and changes: how the consult talks about a case."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from dialogs.render import grade_headline
from knowledge import slot_registry
from knowledge.assessment import Assessment
from knowledge.content import Condition, Scalar

# From the slot registry (knowledge/data/slots.toml), kept for importers; the functions below
# read the registry at call time.
STEROID_WORDS: dict[str, str] = slot_registry.default_registry().value_words("steroids")
LABELS: dict[str, str] = slot_registry.default_registry().labels(("case", "dialog"))
_OPS = {"eq": "=", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">=", "in_": "in", "not_in": "not in"}


def label(slot: str) -> str:
    """The slot's label for people, from the slot registry."""
    return slot_registry.label(slot)


def value_words(slot: str, value: Scalar) -> str:
    """The value as people read it ('38.9 C', 'low dose only', 'yes'), from the slot registry."""
    return slot_registry.words(slot, value)


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
        lines.append(f"  - {label(slot)}: {shown}")
    lines.append(grade_headline(result))
    return "\n".join(lines)


def changes(before: Assessment, after: Assessment, changed: list[tuple[str, Scalar | None, Scalar]]) -> str:
    lines = []
    for slot, old, new in changed:
        was = "not known" if old is None else value_words(slot, old)
        lines.append(f"Changed {label(slot)}: {was} -> {value_words(slot, new)}.")
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


def option_numbers(options: Sequence[str], most: int = 9) -> tuple[int, ...]:
    """The number shown with each quick reply. Options that are counts ("None", "1", "2",
    "4 (maximum)") are numbered by their value, so that choosing 2 and typing 2 mean the same;
    any others 1, 2, 3..."""
    values: list[int] = []
    for option in options:
        found = re.match(r"(none|\d+)\b", option.strip().lower())
        if found is None:
            return tuple(range(1, len(options) + 1))
        values.append(0 if found[1] == "none" else int(found[1]))
    if len(options) > 1 and len(set(values)) == len(values) and all(0 <= v <= most for v in values):
        return tuple(values)
    return tuple(range(1, len(options) + 1))
