"""Evaluate a statement's declarative conditions against a case's values.

A value of None means "not known": every test on it fails, except `known = false`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from knowledge.models import Condition, Predicate, Scalar, Statement

Values = Mapping[str, Scalar | None]


def _number(value: Scalar) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def predicate_holds(pred: Predicate, value: Scalar | None) -> bool:
    if pred.known is not None and pred.known != (value is not None):
        return False
    if value is None:
        return pred.known is False
    if pred.eq is not None and value != pred.eq:
        return False
    if pred.ne is not None and value == pred.ne:
        return False
    if pred.in_ is not None and value not in pred.in_:
        return False
    if pred.not_in is not None and value in pred.not_in:
        return False
    bounds = (pred.lt, pred.le, pred.gt, pred.ge)
    if any(b is not None for b in bounds):
        num = _number(value)
        if num is None:
            return False
        if pred.lt is not None and not num < pred.lt:
            return False
        if pred.le is not None and not num <= pred.le:
            return False
        if pred.gt is not None and not num > pred.gt:
            return False
        if pred.ge is not None and not num >= pred.ge:
            return False
    return True


def condition_holds(cond: Condition, values: Values) -> bool:
    return all(predicate_holds(pred, values.get(slot)) for slot, pred in cond.items())


def statement_applies(st: Statement, values: Values, actions_so_far: Sequence[str]) -> bool:
    """All of `when`, at least one of `when_any` (if given), and one of `when_actions` (if given)."""
    if not condition_holds(st.when, values):
        return False
    if st.when_any and not any(condition_holds(c, values) for c in st.when_any):
        return False
    return not st.when_actions or any(a in actions_so_far for a in st.when_actions)
