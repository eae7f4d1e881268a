"""Evaluate a statement's declarative conditions against a case's values.

A value of None means "not known": every test on it fails, except `known = false`.
Conditions are compiled once into plain closures (`compile_statement`), since the plan
evaluates every statement for every case.
"""

# No `from __future__ import annotations` here: typing.NamedTuple turns string annotations into
# ForwardRefs with compile(), and a run's first compile() builds the AST types (~10 M instructions
# of a cold `assess`). Names used in annotations are defined before their use.
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from knowledge.content import Condition, Predicate, Scalar, Statement

Values = Mapping[str, Scalar | None]
ValueTest = Callable[[Scalar | None], bool]
CaseTest = Callable[[Values], bool]
StatementTest = Callable[[Values, Sequence[str]], bool]


def _single_bound(op: str, bound: float) -> Callable[[Scalar], bool]:
    if op == "gt":
        return lambda v: v.__class__ is not bool and v.__class__ is not str and v > bound  # type: ignore[operator]
    if op == "ge":
        return lambda v: v.__class__ is not bool and v.__class__ is not str and v >= bound  # type: ignore[operator]
    if op == "lt":
        return lambda v: v.__class__ is not bool and v.__class__ is not str and v < bound  # type: ignore[operator]
    return lambda v: v.__class__ is not bool and v.__class__ is not str and v <= bound  # type: ignore[operator]


def compile_predicate(pred: Predicate) -> ValueTest:
    tests: list[Callable[[Scalar], bool]] = []
    if pred.eq is not None:
        eq = pred.eq
        tests.append(lambda v: v == eq)
    if pred.ne is not None:
        ne = pred.ne
        tests.append(lambda v: v != ne)
    if pred.in_ is not None:
        allowed = tuple(pred.in_)
        tests.append(lambda v: v in allowed)
    if pred.not_in is not None:
        barred = tuple(pred.not_in)
        tests.append(lambda v: v not in barred)
    ops = (("gt", pred.gt), ("ge", pred.ge), ("lt", pred.lt), ("le", pred.le))
    bounds = [(op, b) for op, b in ops if b is not None]
    if len(bounds) == 1:
        tests.append(_single_bound(*bounds[0]))
    elif bounds:
        singles = tuple(_single_bound(op, b) for op, b in bounds)
        tests.append(lambda v: all(t(v) for t in singles))
    if pred.known is False:
        return lambda v: v is None
    if len(tests) == 1:
        only = tests[0]
        return lambda v: v is not None and only(v)
    return lambda v: v is not None and all(t(v) for t in tests)


def compile_condition(cond: Condition) -> CaseTest:
    pairs = tuple((slot, compile_predicate(pred)) for slot, pred in cond.items())

    def holds(values: Values) -> bool:
        for slot, test in pairs:  # noqa: SIM110 - a plain loop is measurably faster here (batch hot path)
            if not test(values.get(slot)):
                return False
        return True

    return holds


def compile_statement(st: Statement) -> StatementTest:
    """All of `when`, at least one of `when_any` (if given), one of `when_actions` (if given)."""
    when = compile_condition(st.when)
    any_of = tuple(compile_condition(c) for c in st.when_any)
    needs = tuple(st.when_actions)

    def applies(values: Values, actions_so_far: Sequence[str]) -> bool:
        if not when(values):
            return False
        if any_of and not any(c(values) for c in any_of):
            return False
        return not needs or any(a in actions_so_far for a in needs)

    return applies


def predicate_holds(pred: Predicate, value: Scalar | None) -> bool:
    return compile_predicate(pred)(value)


def condition_holds(cond: Condition, values: Values) -> bool:
    return compile_condition(cond)(values)


def statement_applies(st: Statement, values: Values, actions_so_far: Sequence[str]) -> bool:
    return compile_statement(st)(values, actions_so_far)


_MEMO_MAX = 4096  # values remembered per slot (a weight, a dose: a few hundred in a long batch)


class StatementBits(NamedTuple):
    when: int  # every bit set
    when_any: tuple[int, ...]  # one of these masks fully set (if any)
    when_actions: tuple[str, ...]  # one of these actions already chosen (if any)


class ConditionTable:
    """Every (slot, predicate) test of a set of statements, numbered once: a case's values become
    one integer of bits (bit i set: test i holds), each slot's bits worked out once per value seen,
    so that a statement's `when` is one mask test however many slots it names."""

    def __init__(self) -> None:
        self._ids: dict[tuple[str, str], int] = {}
        self._tests: dict[str, list[tuple[int, ValueTest]]] = {}
        self._memo: dict[str, dict[tuple[type, Scalar | None], int]] = {}

    def mask(self, cond: Condition) -> int:
        """The bits that must all be set for `cond` to hold (0: an empty condition always holds)."""
        mask = 0
        for slot, pred in cond.items():
            key = (slot, repr(pred))  # the repr tells 1, 1.0 and True apart
            index = self._ids.get(key)
            if index is None:
                index = self._ids[key] = len(self._ids)
                self._tests.setdefault(slot, []).append((index, compile_predicate(pred)))
                self._memo[slot] = {}
            mask |= 1 << index
        return mask

    def bits(self, values: Values) -> int:
        bits = 0
        for slot, tests in self._tests.items():
            value = values.get(slot)
            memo = self._memo[slot]
            key = (value.__class__, value)  # True and 1 hash alike: the class keeps them apart
            found = memo.get(key)
            if found is None:
                found = 0
                for index, test in tests:
                    if test(value):
                        found |= 1 << index
                if len(memo) < _MEMO_MAX:
                    memo[key] = found
            bits |= found
        return bits

    def known(self, slots: Sequence[str]) -> int:
        """The bits that are all set when every one of `slots` is known."""
        return self.mask({slot: Predicate(known=True) for slot in slots})

    def statement(self, st: Statement) -> StatementBits:
        """The masks of `st`'s conditions, for `holding`."""
        return StatementBits(self.mask(st.when), tuple(self.mask(c) for c in st.when_any), tuple(st.when_actions))


def holding(
    statements: Sequence[tuple[Statement, StatementBits]], bits: int, actions_so_far: Sequence[str]
) -> list[Statement]:
    """The statements that apply, as `compile_statement` decides it, on `ConditionTable.bits`:
    all of `when`, at least one of `when_any` (if given), one of `when_actions` (if given)."""
    found = []
    for st, (when, any_of, needs) in statements:
        if bits & when != when:
            continue
        if any_of and not any(bits & m == m for m in any_of):
            continue
        if not needs or any(a in actions_so_far for a in needs):
            found.append(st)
    return found
