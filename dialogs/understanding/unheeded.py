"""A vasopressor or an oxygen device named as now that no reader used ("never a lower grade").

Every slot reader says what it made of the terms it looked at: a value, a note ("read as before,
not now") or a problem. A vasopressor or device left over, named after the value that was read
and implying more support than that value, means the reader could not place it; the slot is then
asked instead of graded from the lower value, and the problem says which words were not placed.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from dialogs.understanding import terms as kinds
from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.patterns import Words, compile_words
from dialogs.understanding.results import Mention, Outcome
from dialogs.understanding.utterance import Term, Utterance, done_extubation
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
        if implied is None or term.negated or term.past or u.earlier_row(implied[0], term.start):
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


@cache
def _words(key: str) -> Words:
    return compile_words(vocab.words("unheeded", key))


def stepped_down(u: Utterance, mentions: Sequence[Mention], latest: dict[str, Mention]) -> dict[str, Mention]:
    """Per slot, the higher value read before the lower one kept, when the lower one's part of the line
    says another time or a plan ("HFNC 40L, BP ok; yesterday on RA", "levo 0.1; PTA: no pressors") and
    nothing between them says the support changed now: the slot is then asked, never graded lower."""
    found: dict[str, Mention] = {}
    for slot in ("hypotension", "oxygen"):
        kept = latest.get(slot)
        if kept is None:
            continue
        earlier = [m for m in mentions if m.slot == slot and m.end <= kept.start
                   and _level(slot, m.value) > _level(slot, kept.value)]
        if not earlier:
            continue
        higher = earlier[-1]
        part = u.clauses[u.clause_index(kept.start)]
        start = max(higher.end, _part_start(u, kept.start))
        if _changed_now(u, higher.end, kept.end):
            continue  # "BiPAP overnight, now 4L NC", "declined CPAP, currently on HFNC"
        if _words("other_time").search(u.text, start, max(part.end, kept.end)):
            found[slot] = higher
    return found


def _changed_now(u: Utterance, start: int, end: int) -> bool:
    """A word of `unheeded.now` between the two supports; an extubation only when one is said done
    ("wasn't extubated this am", "extubated in 2019 after surgery" change nothing now)."""
    for said in _words("now").finditer(u.text, start, end):
        if not said.group().startswith("extubat") or done_extubation(u.text) is not None:
            return True
    return False


def _part_start(u: Utterance, pos: int) -> int:
    """Where the sentence or semicolon part holding `pos` starts."""
    cut = max(u.text.rfind(mark, 0, pos) for mark in (";", ". ", "//", "|", " - "))
    return cut + 1 if cut >= 0 else 0
