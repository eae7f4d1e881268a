"""`read`: clinician shorthand in, slot values out, with what was read and what could not be."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from pydantic import ValidationError

from dialogs.understanding import (
    anakinra_dose,
    blood_pressure,
    neurotoxicity,
    neutropenia,
    oxygen,
    short_answers,
    steroid_stance,
    temperature,
    treatments,
    weight,
)
from dialogs.understanding.questions import is_question
from dialogs.understanding.results import Finding, Mention, Outcome, Problem, Reading
from dialogs.understanding.text import TRUNCATED, capped
from dialogs.understanding.utterance import Utterance, prepare
from knowledge.slots import SLOT_NAMES, Case

_READERS: tuple[Callable[[Utterance], list[Outcome]], ...] = (
    temperature.read,
    blood_pressure.read,
    oxygen.read,
    steroid_stance.read,
    treatments.read,
    anakinra_dose.read,
    weight.read,
    neutropenia.read,
    neurotoxicity.read,
)


def _valid(mention: Mention) -> bool:
    try:
        Case.model_validate({mention.slot: mention.value})
    except ValidationError:
        return False
    return True


def _assemble(u: Utterance, outcomes: Sequence[Outcome], truncated: bool) -> Reading:
    latest: dict[str, Mention] = {}
    problems: list[Problem] = []
    for outcome in sorted(outcomes, key=lambda o: (o.start, o.end)):
        if isinstance(outcome, Problem):
            problems.append(outcome)
        elif _valid(outcome):
            latest[outcome.slot] = outcome
        else:
            problems.append(Problem(outcome.slot, outcome.start, outcome.end, f"{outcome.echo}: not accepted"))
    findings = tuple(
        Finding(m.slot, m.value, u.original[m.start : m.end], m.echo)
        for m in (latest[slot] for slot in SLOT_NAMES if slot in latest)
    )
    texts = list(dict.fromkeys(p.text for p in problems))
    if truncated:
        texts.append(TRUNCATED)
    return Reading(findings, tuple(texts), is_question(u.text))


def read(text: str, expecting: str | None = None) -> Reading:
    """Read clinician free text; `expecting` is the slot just asked about (short answers)."""
    text = str(text)
    if len(text) <= _MEMO_MAX_CHARS:
        return _read_memo(text, expecting)
    return _read(text, expecting)


# Short answers ("no", "1", "why", "70 kg") recur all through a consult and its replays; the
# reader is pure and a Reading is immutable, so recent ones are shared.
_MEMO_MAX_CHARS = 200


@lru_cache(maxsize=2048)
def _read_memo(text: str, expecting: str | None) -> Reading:
    return _read(text, expecting)


def _read(text: str, expecting: str | None) -> Reading:
    read_part, truncated = capped(text)
    u = prepare(read_part, expecting if expecting in SLOT_NAMES else None)
    outcomes = [outcome for reader in _READERS for outcome in reader(u)]
    outcomes += short_answers.read(u, outcomes)
    return _assemble(u, outcomes, truncated)
