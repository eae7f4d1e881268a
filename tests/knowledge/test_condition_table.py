"""The plan's condition table decides exactly as the statements' conditions read: a statement holds
on a case's bits when, and only when, its `when`, `when_any` and `when_actions` hold on the values."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.conditions import ConditionTable, holding, statement_applies
from knowledge.loader import default_kb
from knowledge.models import Predicate, Statement
from knowledge.planning import build_plan, planning_values
from knowledge.slots import Case

SLOTS = ("a", "b", "c")
SCALARS = st.one_of(
    st.booleans(),
    st.integers(-3, 5),
    st.sampled_from([0.0, 0.5, 1.0, 2.5, 38.0, -0.0, float("nan")]),
    st.sampled_from(["full", "none", "low-dose", ""]),
)
NUMBERS = st.sampled_from([0.0, 1.0, 2.5, 4.0, 38.0])


@st.composite
def predicates(draw: st.DrawFn) -> Predicate:
    fields: dict[str, Any] = {}
    for name in draw(st.sets(st.sampled_from(["eq", "ne", "in", "not_in", "lt", "le", "gt", "ge", "known"]),
                             min_size=1, max_size=3)):
        if name in ("eq", "ne"):
            fields[name] = draw(SCALARS.filter(lambda v: v == v))
        elif name in ("in", "not_in"):
            fields[name] = draw(st.lists(SCALARS.filter(lambda v: v == v), min_size=1, max_size=3))
        elif name == "known":
            fields[name] = draw(st.booleans())
        else:
            fields[name] = draw(NUMBERS)
    return Predicate.model_validate(fields)


CONDITIONS = st.dictionaries(st.sampled_from(SLOTS), predicates(), max_size=2)


@st.composite
def statements(draw: st.DrawFn) -> Statement:
    return Statement.model_construct(
        when=draw(CONDITIONS), when_any=draw(st.lists(CONDITIONS, max_size=2)),
        when_actions=draw(st.lists(st.sampled_from(["x", "y"]), max_size=2)),
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(statements(), min_size=1, max_size=4),
       st.lists(st.dictionaries(st.sampled_from(SLOTS), st.one_of(st.none(), SCALARS)), min_size=1, max_size=4),
       st.lists(st.sampled_from(["x", "y", "z"]), max_size=2))
def test_a_statement_holds_on_the_bits_exactly_when_its_conditions_hold(
    sts: list[Statement], cases: list[dict[str, Any]], chosen: list[str]
) -> None:
    table = ConditionTable()
    compiled = [(s, table.statement(s)) for s in sts]
    for values in [*cases, *cases]:  # the second time from the table's memory of each value
        expected = [s for s in sts if statement_applies(s, values, chosen)]
        assert holding(compiled, table.bits(values), chosen) == expected


def test_every_plan_holds_the_actions_whose_statements_hold_on_the_values() -> None:
    """The shipped statements, read one by one on the plan's values, choose the plan's actions and
    statements, whatever cases came before (the plan remembers what each combination chooses)."""
    kb = default_kb()
    cases = [
        Case.model_validate({"temperature_c": t, "hypotension": h, "oxygen": o, "tocilizumab_doses": d,
                             "weight_kg": w, "steroids": s, "improving": i, "icans": n, "product": p})
        for t in (37.2, 38.6) for h in ("none", "one-pressor", "multi-pressor") for o in ("none", "high-flow")
        for d in (None, 0, 2, 4) for w in (None, 22.0, 80.0) for s in (None, "none", "low-dose")
        for i in (None, True) for n in (None, True) for p in (None, "axi-cel")
    ]
    for case in [*cases, *reversed(cases)][::7]:
        for grade in (None, 1, 3):
            values, _ = planning_values(case, grade)
            chosen: list[str] = []
            expected: list[tuple[str, tuple[str, ...]]] = []
            for action in kb.actions:
                if case.improving is True and action.section == "if-no-improvement":
                    continue
                mine = [s for s in kb.statements if s.action == action.code]
                primaries = [s for s in mine if s.role == "primary" and statement_applies(s, values, chosen)]
                if primaries:
                    notes = [s for s in mine if s.role == "note" and statement_applies(s, values, chosen)]
                    expected.append((action.code, tuple(s.id for s in [*primaries, *notes])))
                    chosen.append(action.code)
            plan = build_plan(case, grade, kb)
            assert [(i.action, i.statement_ids) for i in plan.items] == expected
