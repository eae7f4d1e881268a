"""Short answers to the question just asked (`expecting`): "yes", "no", "none", a bare
number, "full", "low dose". "unknown"/"not sure" give nothing and no complaint. Read only
when the rest of the reading said nothing about that slot."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from dialogs.understanding import temperature
from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.answer_values import from_number, from_word
from dialogs.understanding.patterns import Words, compile_words
from dialogs.understanding.results import Outcome, Problem
from dialogs.understanding.spans import Coverage
from dialogs.understanding.utterance import Utterance

_BARE_NUMBER = re.compile(r"(?<![0-9a-z.,/])(?P<num>\d{1,5}(?:[.,]\d{1,3})?)(?![0-9a-z%/°]|[.,][0-9])", re.ASCII)
_FIRST_WORD = re.compile(r"[^a-z0-9]*(?P<word>[a-z]+(?:'[a-z]+)?)", re.ASCII)


@cache
def _unknown() -> Words:
    return compile_words(vocab.words("answers", "unknown"))


def _answer_word(u: Utterance) -> str | None:
    """'yes', 'no', 'full' or 'low-dose' when the answer is, or starts with, one of those.

    "no pressors" is no answer: the first word's clause names something.
    """
    stripped = u.text.strip(" .!;,")
    for kind, name in (("full", "full"), ("low-dose", "low_dose")):
        if stripped in vocab.words("answers", name):
            return kind
    first = _FIRST_WORD.match(u.text)
    if first is None or u.by_clause[u.clause_index(first.start("word"))]:
        return None
    word = first.group("word")
    return next((kind for kind in ("yes", "no") if word in vocab.words("answers", kind)), None)


def read(u: Utterance, outcomes: Sequence[Outcome]) -> list[Outcome]:
    slot = u.expecting
    if slot is None or any(o.slot == slot for o in outcomes):
        return []
    if _unknown().search(u.text):
        return []
    used = Coverage(len(u.text))
    for outcome in outcomes:
        used.add(outcome.start, outcome.end)
    numbers = [m for m in _BARE_NUMBER.finditer(u.text)
               if not used.touches(m.start(), m.end()) and not temperature.labelled(u.text, m.start())]
    if slot == temperature.SLOT and any(o.slot != slot for o in outcomes):
        # a case line, not a short answer: its temperature is what the temperature reader read
        # there, in chat as in `assess` ("Vitals: HR 110, BP 92/54, RA" gives no temperature)
        numbers = []
    if len(numbers) > 1:
        shown = ", ".join(m.group() for m in numbers[:5])
        return [Problem(slot, numbers[0].start(), numbers[-1].end(), f"more than one number ({shown}): give one")]
    if numbers:
        return from_number(u, slot, numbers[0])
    word = _answer_word(u)
    return from_word(u, slot, word) if word else []
