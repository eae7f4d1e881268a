"""What today's knowledge base would change in a stored consult: its events replayed, each plan
compared with the one that was shown (grade, plan items, doses).

`sessions regrade ID` prints every difference side by side; `kb impact` lists the stored consults
whose last plan shown would change. Pure functions over plan JSON (the assess JSON a plan reply
carries), read defensively: an imported document may hold anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dialogs.state import Reply


@dataclass(frozen=True)
class Difference:
    what: str  # "grade", "plan item", "dose: Tocilizumab"
    shown: str
    today: str


@dataclass(frozen=True)
class TurnDiff:
    turn: int
    differences: tuple[Difference, ...]


def _items(plan: Mapping[str, Any] | None) -> list[Mapping[str, Any]]:
    raw = plan.get("plan") if plan is not None else None
    return [i for i in raw if isinstance(i, Mapping)] if isinstance(raw, list) else []


def _name(item: Mapping[str, Any]) -> str:
    return str(item.get("label") or item.get("action") or "?")


def _dose(item: Mapping[str, Any]) -> str:
    dose = item.get("dose")
    return str(dose) if dose else "-"


def _grade(plan: Mapping[str, Any] | None) -> str:
    if plan is None:
        return "no plan"
    grade = plan.get("grade")
    return "undecided" if grade is None else str(grade)


def compare(shown: Mapping[str, Any] | None, today: Mapping[str, Any] | None) -> tuple[Difference, ...]:
    """The differences between two plans (either may be missing): grade, items, doses."""
    out: list[Difference] = []
    if _grade(shown) != _grade(today):
        out.append(Difference("grade", _grade(shown), _grade(today)))
    before = {_name(i): i for i in _items(shown)}
    after = {_name(i): i for i in _items(today)}
    for name in before:
        if name not in after:
            out.append(Difference("plan item", name, "-"))
    for name in after:
        if name not in before:
            out.append(Difference("plan item", "-", name))
    for name, item in before.items():
        if name in after and _dose(item) != _dose(after[name]):
            out.append(Difference(f"dose: {name}", _dose(item), _dose(after[name])))
    return tuple(out)


def plan_of(replies: Sequence[Reply]) -> Mapping[str, Any] | None:
    for reply in reversed(replies):
        if reply.kind == "plan" and isinstance(reply.data, Mapping):
            return reply.data
    return None


def regrade(shown: Mapping[int, Sequence[Reply]], today: Mapping[int, Sequence[Reply]]) -> list[TurnDiff]:
    """Turn by turn, wherever a plan was shown or would be shown today: what differs."""
    out = []
    for turn in sorted(set(shown) | set(today)):
        before, after = plan_of(shown.get(turn, ())), plan_of(today.get(turn, ()))
        if before is None and after is None:
            continue
        differences = compare(before, after)
        if differences:
            out.append(TurnDiff(turn, differences))
    return out


def side_by_side(diffs: Sequence[TurnDiff], width: int = 36) -> list[str]:
    """The differences as a table: what, as shown, | today."""
    lines = [f"{'TURN':<6}{'WHAT':<26}{'AS SHOWN':<{width}} | TODAY"]
    for diff in diffs:
        for n, d in enumerate(diff.differences):
            turn = str(diff.turn) if n == 0 else ""
            lines.append(f"{turn:<6}{_fit(d.what, 25):<26}{_fit(d.shown, width - 1):<{width}} | {d.today}")
    return lines


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def summary_line(diffs: Sequence[TurnDiff]) -> str:
    """`kb impact`'s one-line account of a consult's last plan."""
    parts = []
    for d in diffs[-1].differences if diffs else ():
        parts.append(f"{d.what} {d.shown} -> {d.today}")
    return "; ".join(parts)
