"""A vasopressor or an oxygen device named as now that no reader used ("never a lower grade").

Every slot reader says what it made of the terms it looked at: a value, a note ("read as before,
not now") or a problem. A vasopressor or device left over, named after the value that was read
and implying more support than that value, means the reader could not place it; the slot is then
asked instead of graded from the lower value, and the problem says which words were not placed.
"""

from __future__ import annotations

from collections.abc import Sequence

from dialogs.understanding import terms as kinds
from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.results import Mention, Outcome
from dialogs.understanding.utterance import Term, Utterance
from knowledge.grading import HYPOTENSION_GRADE, OXYGEN_GRADE

_VASOPRESSIN = "vasopressin"
_SUPPORT_VALUE = {"cannula": "low-flow"}  # a nasal cannula is low flow at least


def _level(slot: str, value: object) -> int:
    if slot == "hypotension":
        return 3 if value == "vasopressin-only" else HYPOTENSION_GRADE.get(str(value), 0)
    return OXYGEN_GRADE.get(str(value), 0)


def _implied(term: Term) -> tuple[str, str] | None:
    """The slot and the least value the term says, if it were running now."""
    if term.kind == kinds.VASOPRESSOR:
        return "hypotension", "vasopressin-only" if term.name == _VASOPRESSIN else "one-pressor"
    if term.kind == kinds.OXYGEN_DEVICE:
        support = vocab.device(term.name).support
        return "oxygen", _SUPPORT_VALUE.get(support, support)
    return None


def unplaced(u: Utterance, outcomes: Sequence[Outcome], latest: dict[str, Mention]) -> dict[str, Term]:
    """Per slot, the first term named as now, used by no reader, after the value read for the slot
    and implying more support than it."""
    found: dict[str, Term] = {}
    for term in u.terms:
        implied = _implied(term)
        if implied is None or term.negated or term.past:
            continue
        if any(o.start < term.end and term.start < o.end for o in outcomes):
            continue
        slot, value = implied
        read = latest.get(slot)
        if read is None or read.end > term.start or slot in found:
            continue
        if _level(slot, value) > _level(slot, read.value):
            found[slot] = term
    return found
