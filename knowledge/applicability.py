"""Whether a statement applies to a case and, when it does not, which of its conditions fail.

The same condition machinery as the plan (`knowledge.conditions`): a statement applies when
all of `when` holds, one of `when_any` (if given) and one of `when_actions` (if given). `unmet`
lists what fails, as data, so a front end can say why in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.conditions import CaseTest, Values, ValueTest, compile_condition, compile_predicate
from knowledge.content import Condition, Predicate, Scalar, Statement

_Compiled = tuple[tuple[tuple[str, Predicate, ValueTest], ...], tuple[CaseTest, ...]]
_COMPILED: dict[int, tuple[Statement, _Compiled]] = {}  # by id(): statements are not hashable


@dataclass(frozen=True)
class Unmet:
    """One failed part of a statement's conditions.

    `slot`/`predicate`/`value`: a test of `when` and the case's value (None: not known).
    `alternatives`: `when_any`, none of which holds. `actions`: `when_actions`, none in the plan.
    """

    slot: str | None = None
    predicate: Predicate | None = None
    value: Scalar | None = None
    alternatives: tuple[Condition, ...] = ()
    actions: tuple[str, ...] = ()


def _compiled(st: Statement) -> _Compiled:
    found = _COMPILED.get(id(st))
    if found is None or found[0] is not st:
        tests = tuple((slot, pred, compile_predicate(pred)) for slot, pred in st.when.items())
        found = _COMPILED[id(st)] = (st, (tests, tuple(compile_condition(c) for c in st.when_any)))
    return found[1]


def unmet(st: Statement, values: Values, actions: Sequence[str]) -> tuple[Unmet, ...]:
    """Every failed part of `st`'s conditions for this case; empty when it applies."""
    tests, any_of = _compiled(st)
    failed = [Unmet(slot=slot, predicate=pred, value=values.get(slot))
              for slot, pred, test in tests if not test(values.get(slot))]
    if any_of and not any(c(values) for c in any_of):
        failed.append(Unmet(alternatives=tuple(st.when_any)))
    if st.when_actions and not any(a in actions for a in st.when_actions):
        failed.append(Unmet(actions=tuple(st.when_actions)))
    return tuple(failed)


def count_cap(statements: Sequence[Statement], slot: str) -> int | None:
    """The smallest `lt` bound the statements put on a count slot: 4 for `tocilizumab_doses < 4`."""
    bounds = [st.when[slot].lt for st in statements if slot in st.when and st.when[slot].lt is not None]
    return int(min(b for b in bounds if b is not None)) if bounds else None
