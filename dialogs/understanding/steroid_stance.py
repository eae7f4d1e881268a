"""What the team accepts about steroids: "team refuses steroids"/"no steroids" -> none (but in a
list of therapies not given, "no toci, no steroids, no APAP", it is no stance),
"hesitant about high-dose steroids"/"low dose only" -> low-dose, "steroids fine" -> full.

A stance needs a steroid word in its clause, or a dose qualifier with a stance word when
the utterance is about steroids ("no high-dose steroids, low dose ok"), or just a stance
word when the assistant asked about steroids ("hesitant", "fine"). Steroids *given*
("on dex", "s/p methylpred") are no stance.
"""

from __future__ import annotations

import re
from functools import cache

from dialogs.understanding import cues
from dialogs.understanding import terms as kinds
from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.negation import asked_at
from dialogs.understanding.patterns import Words, compile_words, key
from dialogs.understanding.results import Mention, Outcome, Problem
from dialogs.understanding.utterance import Utterance

SLOT = "steroids"
_PRONOUN = re.compile(r"(?<![a-z])(?:them|it|these|those)(?![a-z])", re.ASCII)
_CATEGORIES = ("refuse", "hesitant", "accept", "full", "high", "low", "only")
_HESITANT = "hesitancy about steroids: say whether the team accepts full-dose steroids, low dose only, or none"


@cache
def _meanings() -> dict[str, str]:
    return {key(p): c for c in _CATEGORIES for p in vocab.words("steroid_stance", c)}


@cache
def _stance_words() -> Words:
    return compile_words(p for c in _CATEGORIES for p in vocab.words("steroid_stance", c))


def _decide(said: set[str], refused: bool, given: bool) -> tuple[str, str] | str | None:
    """(value, echo), or a problem text, or None when the clause states no stance."""
    negative = refused or "refuse" in said
    stance = negative or bool(said & {"hesitant", "accept"})
    if given and not stance:
        return None
    if "low" in said and (not negative or "high" in said):
        return "low-dose", "low-dose steroids only"
    if "low" in said:
        return "none", "no steroids, not even at low dose"
    if "high" in said and (negative or "hesitant" in said):
        return "low-dose", "no high-dose steroids (read as low dose at most)"
    if "high" in said:
        return ("full", "steroids acceptable, high dose included") if "accept" in said else None
    if negative:
        return "none", "no steroids (the team does not accept them)"
    if "hesitant" in said:
        return _HESITANT
    if said & {"accept", "full"}:
        return "full", "steroids acceptable at full dose"
    return None


def _listed_with_other_therapies(u: Utterance, index: int) -> bool:
    """Another drug negated in this clause or the ones beside it: a list of therapies not given."""
    near = range(max(0, index - 1), min(len(u.clauses), index + 2))
    return any(t.negated and vocab.drug(t.name).drug_class != "steroid"
               for i in near for t in u.in_clause(i, kinds.DRUG))


def read(u: Utterance) -> list[Outcome]:
    drugs = u.of_kind(kinds.DRUG)
    about_steroids = any(vocab.drug(t.name).drug_class == "steroid" for t in drugs)
    words: dict[int, list[re.Match[str]]] = {}
    for match in _stance_words().finditer(u.text):
        if asked_at(u.text, match.end()):
            continue  # "dex 10 once ok?": asked, not the team's stance
        words.setdefault(u.clause_index(match.start()), []).append(match)
    if not words and not about_steroids:
        return []  # no stance word and no steroid named: nothing to read
    may_omit = about_steroids or u.expecting == SLOT or not drugs
    given = cues.given_clauses(u)
    context = cues.clauses_with(u, cues.given_context())
    found: list[Outcome] = []
    for index in sorted(set(words) | {t.clause for t in drugs}):
        clause = u.clauses[index]
        named = u.in_clause(index, kinds.DRUG)
        steroids = [t for t in named if vocab.drug(t.name).drug_class == "steroid"]
        said = {_meanings()[key(m.group())] for m in words.get(index, [])}
        qualified = bool(said & {"low", "high", "full"}) and bool(said - {"low", "high", "full"})
        answer = u.expecting == SLOT and bool(said - {"only"})  # "hesitant", "fine" when asked
        # "reluctant re steroids, wants to avoid them altogether": "them" is the steroids just named
        refers = bool(said) and not named and index > 0 and bool(_PRONOUN.search(u.text, clause.start, clause.end))
        refers = refers and any(vocab.drug(t.name).drug_class == "steroid" for t in u.in_clause(index - 1, kinds.DRUG))
        if not steroids and not refers and (named or not may_omit or not (qualified or answer)):
            continue
        refused = any(t.negated and t.name == "steroids" for t in steroids) and index not in context
        if refused and not said and _listed_with_other_therapies(u, index):
            continue  # "no toci, no steroids, no APAP": what was not given, not what the team accepts
        decided = _decide(said, refused, index in given)
        spans = [t.span for t in steroids] + [(m.start(), m.end()) for m in words.get(index, [])]
        start, end = (min(s for s, _ in spans), max(e for _, e in spans)) if spans else (clause.start, clause.end)
        if isinstance(decided, tuple):
            found.append(Mention(SLOT, decided[0], start, end, decided[1]))
        elif isinstance(decided, str):
            found.append(Problem(SLOT, start, end, decided))
    return found
