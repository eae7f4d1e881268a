"""Consistency checks over the whole knowledge base (`crs-assistant kb check`)."""

from __future__ import annotations

import re
from pathlib import Path

from knowledge.loader import DATA_DIR, KbLoadError, KnowledgeBase, load
from knowledge.models import Condition, Statement
from knowledge.slots import slot_vocabulary

_TAG_IN_TEXT = re.compile(r"\[(\d+)\]")


def _condition_problems(where: str, cond: Condition) -> list[str]:
    vocab = slot_vocabulary()
    problems = []
    for slot, pred in cond.items():
        if slot not in vocab:
            problems.append(f"{where}: condition names unknown slot '{slot}' (known: {', '.join(vocab)})")
            continue
        kind = vocab[slot]
        values: list[object] = []
        for op in ("eq", "ne"):
            v = getattr(pred, op)
            if v is not None:
                values.append(v)
        for op in ("in_", "not_in"):
            vs = getattr(pred, op)
            if vs is not None:
                values.extend(vs)
        for v in values:
            if isinstance(kind, tuple):
                if v not in kind:
                    problems.append(f"{where}: slot '{slot}' has no value {v!r} (known: {', '.join(kind)})")
            elif kind == "bool" and not isinstance(v, bool):
                problems.append(f"{where}: slot '{slot}' is true/false, not {v!r}")
            elif kind == "number" and (isinstance(v, bool) or not isinstance(v, int | float)):
                problems.append(f"{where}: slot '{slot}' is a number, not {v!r}")
        bounds = [pred.lt, pred.le, pred.gt, pred.ge]
        if any(b is not None for b in bounds) and kind != "number":
            problems.append(f"{where}: slot '{slot}' is not a number; lt/le/gt/ge do not apply")
    return problems


def _statement_problems(kb: KnowledgeBase, st: Statement, order: dict[str, int]) -> list[str]:
    where = f"{kb.origin.get(st.id, '?')}: statement ({st.id})"
    problems = [f"{where}: cites unknown reference '{tag}'" for tag in st.refs if tag not in kb.references]
    if len(set(st.refs)) != len(st.refs):
        problems.append(f"{where}: cites a reference twice")
    if _TAG_IN_TEXT.search(st.text):
        problems.append(f"{where}: text carries a numbered citation; cite with 'refs' instead")
    problems += _condition_problems(where, st.when)
    for cond in st.when_any:
        problems += _condition_problems(where, cond)
    if st.action is not None:
        if st.action not in order:
            problems.append(f"{where}: action '{st.action}' is not declared in actions.toml")
        for needed in st.when_actions:
            if needed not in order:
                problems.append(f"{where}: when_actions names undeclared action '{needed}'")
            elif st.action in order and order[needed] >= order[st.action]:
                problems.append(
                    f"{where}: when_actions names '{needed}', which comes after '{st.action}' in actions.toml"
                )
    if st.dose is not None and st.role != "primary":
        problems.append(f"{where}: a dose belongs on a primary statement")
    return problems


def problems_in(kb: KnowledgeBase) -> list[str]:
    problems: list[str] = []
    order: dict[str, int] = {a.code: i for i, a in enumerate(kb.actions)}
    if len(order) != len(kb.actions):
        problems.append("actions.toml: an action code is declared twice")
    for st in kb.statements:
        problems += _statement_problems(kb, st, order)
    cited = {tag for st in kb.statements for tag in st.refs}
    problems += [
        f"references.toml: reference ({tag}) is cited by no statement"
        for tag in kb.references
        if tag not in cited
    ]
    primaries = {st.action for st in kb.statements if st.role == "primary"}
    problems += [
        f"actions.toml: action ({code}) has no primary statement, so it can never enter a plan"
        for code in order
        if code not in primaries
    ]
    return problems


def registry_problems(root: Path = DATA_DIR) -> list[str]:
    """The slot registry under `root` (`slots.toml`), and whether the code built on the shipped one agrees."""
    from knowledge import slot_registry
    from knowledge.grading import HYPOTENSION_GRADE, OXYGEN_GRADE
    from knowledge.planning import PLAN_DEFAULTS
    from knowledge.slots import case_disagreements

    problems = slot_registry.problems_in(root / "slots.toml")
    if problems or root.resolve() != DATA_DIR.resolve():
        return problems
    registry = slot_registry.default_registry()
    problems += case_disagreements()
    for name, assumed in PLAN_DEFAULTS.items():
        try:
            slot_registry.validate(name, assumed)
        except slot_registry.SlotValueError as exc:
            problems.append(f"knowledge/planning.py: PLAN_DEFAULTS: {exc}")
    for name, table in (("hypotension", HYPOTENSION_GRADE), ("oxygen", OXYGEN_GRADE)):
        if tuple(table) != tuple(registry[name].allowed):
            problems.append(f"{registry.source}: slot ({name}): values {registry[name].allowed} but the grading "
                            f"rules (knowledge/grading.py) know {tuple(table)}")
    return problems


def check(root: Path = DATA_DIR) -> list[str]:
    """Every problem in the knowledge base under `root`, its slot registry included; empty when it is clean."""
    registry = registry_problems(root)
    try:
        kb = load(root)
    except KbLoadError as exc:
        return registry + exc.problems
    problems = registry + problems_in(kb)
    from knowledge.practice import load_practice

    try:
        load_practice(kb, root)
    except KbLoadError as exc:
        problems += exc.problems
    return problems
