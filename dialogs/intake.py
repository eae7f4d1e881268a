"""The one merge rule: free text read together with structured input.

Every front end (`assess` flags with `--text`, `--batch` lines with `text`, `chat`, `chat --jsonl`,
the TUI, a quick reply) turns what the user gave into slot values here, so the same facts give
the same slots and grade whichever front end they came through:

- a value counts only when the user gave it; nothing absent overrides what was read;
- a structured value (a flag, a batch field, a quick reply) given as well as text wins over it,
  and the echo says so when the two differ;
- therapy given (tocilizumab, siltuximab, anakinra, corticosteroids, antipyretics), in words or as
  a dose count or dose above zero, means antipyretic or anticytokine therapy was given: ASTCT then
  no longer requires fever. A "no" that contradicts it is reported, and the therapy counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from dialogs.render import SLOT_LABELS, tags
from knowledge.content import Scalar
from knowledge.loader import KnowledgeBase
from knowledge.plain import Plain

if TYPE_CHECKING:  # the reader (about 170 regular expressions) is imported only when there is text
    from dialogs.understanding.results import Patient

WAIVER = "anticytokine_given"
_DOSE_SLOTS = {"tocilizumab_doses": "tocilizumab", "anakinra_mg_day": "anakinra"}


class Intake(Plain):
    """What one input gives the consult."""

    values: dict[str, Scalar]  # slot values to record
    echo: tuple[str, ...] = ()  # what was read, for people ("I read: ...")
    notes: tuple[str, ...] = ()  # what was assumed, or read without being a slot value
    problems: tuple[str, ...] = ()  # values seen that cannot be used, saying what is accepted
    unread: tuple[str, ...] = ()  # parts of the text nothing could be read from, as written
    question: str = ""  # the question asked alongside, to be answered from the knowledge base
    patients: tuple[Patient, ...] = ()  # two or more patients: nothing recorded until one is chosen


def _shown(value: Scalar) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _therapies(values: Mapping[str, Scalar], read_therapy: tuple[str, ...]) -> list[str]:
    """The therapies that make the fever waiver apply, for the echo."""
    found = list(read_therapy)
    for slot, drug in _DOSE_SLOTS.items():
        amount = values.get(slot)
        if isinstance(amount, int | float) and not isinstance(amount, bool) and amount > 0 and drug not in found:
            found.append(drug)
    return found


def take(
    text: str | None,
    given: Mapping[str, Scalar] | None = None,
    *,
    known: Mapping[str, Scalar] | None = None,
    expecting: str | None = None,
    kb: KnowledgeBase | None = None,
    source: str = "given",
) -> Intake:
    """Slot values from `text` and `given` (structured input), in a consult that already holds
    `known`. `source` names the structured input in the echo ("flag", "field")."""
    given = dict(given or {})
    known = known or {}
    echo: list[str] = []
    notes: list[str] = []
    problems: list[str] = []
    values: dict[str, Scalar] = {}
    unread: tuple[str, ...] = ()
    question = ""
    therapy: tuple[str, ...] = ()
    if text is not None:
        from dialogs.understanding import read

        weight = given.get("weight_kg", known.get("weight_kg"))
        reading = read(text, expecting, weight_kg=float(weight) if isinstance(weight, int | float) else None)
        if reading.patients:
            return Intake({}, problems=tuple(reading.problems), patients=reading.patients)
        for finding in reading.findings:
            values[finding.slot] = finding.value
            cited = ""
            if finding.statement and kb is not None and finding.statement in kb.by_id:
                cited = f" (statement {finding.statement} {tags(kb.by_id[finding.statement].refs)})"
            echo.append(finding.echo + cited)
        notes += reading.notes
        problems += reading.problems
        unread, question, therapy = reading.unread, reading.question, reading.therapy
    for slot, value in given.items():
        if slot in values and values[slot] != value:
            label = SLOT_LABELS.get(slot, slot)
            said = _shown(values[slot])
            notes.append(f"{label}: {_shown(value)} as {source}, the text said {said}: the {source} counts")
        values[slot] = value
    _waiver(values, known, therapy, echo, problems)
    return Intake(values, tuple(echo), tuple(dict.fromkeys(notes)), tuple(dict.fromkeys(problems)), unread, question)


def _waiver(
    values: dict[str, Scalar],
    known: Mapping[str, Scalar],
    read_therapy: tuple[str, ...],
    echo: list[str],
    problems: list[str],
) -> None:
    """Therapy given sets the fever waiver (ASTCT); a contradicting "no" is reported, not obeyed."""
    therapies = _therapies({**known, **values}, read_therapy)
    if not therapies:
        return
    said = values.get(WAIVER, known.get(WAIVER))
    if said is True:
        return
    names = ", ".join(therapies)
    if said is False:
        problems.append(
            f"'no antipyretic or anticytokine therapy' contradicts {names} given: read as given, so fever is no "
            "longer required for the grade"
        )
    values[WAIVER] = True
    if not any(e.startswith("antipyretic or anticytokine therapy given") for e in echo):
        echo.append(f"antipyretic or anticytokine therapy given ({names})")
