"""Cue words looked up per clause: "given"/"s/p"/"got" (a drug was given), a dose amount, and
the context words that make "no steroids" about what was given rather than what is accepted."""

from __future__ import annotations

import re
from functools import cache

from dialogs.understanding import terms as kinds
from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.patterns import Words, alternation, compile_words, scanner
from dialogs.understanding.utterance import Utterance

DOSE_AMOUNT = re.compile(
    r"(?<![0-9.,a-z])\d{1,5}(?:[.,]\d{1,2})? ?(?:mg|g|gm|gram|grams|mcg|units?)(?![a-z])", re.ASCII
)
# A clock time: "toci at 0200", "dex at 06:00", "paracetamol 2am".
DOSE_WORKED_OUT = re.compile(r"mg ?/ ?kg(?: ?(?:x|\*|for) ?\d{1,3}(?:[.,]\d)? ?kg)? ?(?:=|->|\u2192) ?~?\d{2,4}",
                             re.ASCII)
GIVEN_AT = scanner(
    r"(?<![a-z])(?:at|@) ?(?:[01]\d|2[0-3]):?[0-5]\d(?![0-9])|(?<![0-9])(?:1[0-2]|0?[1-9]) ?(?:am|pm)(?![a-z])",
    re.ASCII,
)
# A number with how often: "dex 10 q6h", "anakinra 100 bd", "methylpred 1 g daily".
DOSE_REGIMEN = re.compile(
    r"(?<![0-9.,a-z])\d{1,5}(?:[.,]\d{1,2})? ?(?:mg|g|mcg)?(?:/kg)? {0,2}(?:(?:iv|po|sc|sq|im) {1,2})?"
    r"(?:q ?\d{1,2} ?(?:h|hr|hrs|hours?|hourly)?|bid|tid|qid|bd|tds|qds|od|daily|\d{1,2}[ -]?(?:hourly|hrly))(?![a-z])",
    re.ASCII,
)


# How often, with no dose: "paracetamol 4-hourly so T only 37.6", "tylenol q6h", "PCM regular".
REGIMEN_ALONE = re.compile(
    r"(?<![a-z0-9])(?:q ?[2-8] ?(?:h|hr|hrs|hourly)|[2-8][ -]?(?:hourly|hrly)|qds|qid|tds|tid|regular|regularly"
    r"|around the clock|round the clock)(?![a-z])",
    re.ASCII,
)


@cache
def given_cues() -> Words:
    because = alternation(vocab.words("treatments", "because_after_given"))
    cues = vocab.words("treatments", "given_cues")
    # "reluctant given fungal risk": "given" that means "because of" is no cue
    return Words(rf"(?!given {{1,2}}{because}){alternation(cues)}", cues)


@cache
def given_context() -> Words:
    return compile_words(vocab.words("treatments", "given_context"))


def clauses_with(u: Utterance, pattern: re.Pattern[str] | Words) -> frozenset[int]:
    """The clauses in which `pattern` matches outside every known term ("on the vent" is no "on").
    A match that touches a term is searched again after its start ("defervesced after toci": the
    "after", not the afebrile term's "defervesced after")."""
    terms = u.term_coverage
    found: set[int] = set()
    pos = 0
    while (m := pattern.search(u.text, pos)) is not None:
        if terms.touches(m.start(), m.end()) and not _holds_temperature_term(u, m.start(), m.end()):
            pos = m.start() + 1
        else:
            found.add(u.clause_index(m.start()))
            pos = max(m.end(), m.start() + 1)
    return frozenset(found)


def _holds_temperature_term(u: Utterance, start: int, end: int) -> bool:
    """The cue holds whole the only terms it touches, and they say fever or none ("defervesced with")."""
    touching = [t for t in u.terms if t.start < end and start < t.end]
    return bool(touching) and all(start <= t.start and t.end <= end and t.kind in _TEMPERATURE_KINDS
                                  for t in touching)


_TEMPERATURE_KINDS = frozenset({kinds.AFEBRILE, kinds.FEVER})


# The utterance last asked about, with its answer: the treatments and steroid-stance readers ask
# for the same one. Compared by identity: hashing a whole utterance for a cache key costs more.
_last_given: list[tuple[Utterance, frozenset[int]]] = []


def given_clauses(u: Utterance) -> frozenset[int]:
    """Clauses that say a drug was given: a cue word, a dose amount or how often."""
    last = _last_given[0] if _last_given else None
    if last is not None and last[0] is u:
        return last[1]
    # a dose worked out ("toci 8mg/kg = 664mg", "8 mg/kg x 82 kg = 656 mg") is a dose checked, not given
    worked_out = clauses_with(u, DOSE_WORKED_OUT) if "kg" in u.text else frozenset()
    found = (
        clauses_with(u, given_cues())
        | ((clauses_with(u, DOSE_AMOUNT) | clauses_with(u, DOSE_REGIMEN) | clauses_with(u, REGIMEN_ALONE))
           - worked_out)
        | clauses_with(u, GIVEN_AT)
    )
    _last_given[:] = [(u, found)]
    return found
