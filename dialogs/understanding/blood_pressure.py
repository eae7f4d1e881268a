"""Hypotension by the ASTCT rule: vasopressin never adds a second vasopressor.

Agents by name ("levo + vaso"), pressors by count ("on 2 pressors", "single pressor"),
fluid-responsive hypotension ("responded to a 1 L bolus"), and none ("no pressors",
"normotensive"). Within one utterance the latest statement about each agent counts.
"""

from __future__ import annotations

import re
from functools import cache

from dialogs.understanding import terms as kinds
from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.patterns import alternation, compile_words
from dialogs.understanding.pressor_count import Tally, describe
from dialogs.understanding.results import Mention, Outcome, Problem
from dialogs.understanding.utterance import Term, Utterance

SLOT = "hypotension"
_UNNAMED = (
    "vasopressors mentioned without names or a number: name the agents (e.g. norepinephrine, "
    "vasopressin) or say how many"
)
_UNTREATED = (
    "hypotension mentioned without its treatment: say whether it responded to fluids or which vasopressors are running"
)


@cache
def _count_before() -> re.Pattern[str]:
    words = alternation(vocab.numbers("vasopressors.count_words"))
    return re.compile(rf"(?:(?<![0-9.,a-z])(?P<digits>\d{{1,2}})|(?P<word>{words})) {{0,2}}$", re.ASCII)


@cache
def _count_after() -> re.Pattern[str]:
    return re.compile(r" {0,2}x ?(?P<digits>\d{1,2})(?![0-9])", re.ASCII)


@cache
def _fluid_response() -> re.Pattern[str]:
    return compile_words(vocab.words("hypotension", "fluid_response"))


def _count(u: Utterance, term: Term) -> tuple[int, int, int] | None:
    """The number of pressors said around a generic word, with the span it was read from."""
    clause = u.clauses[term.clause]
    before = _count_before().search(u.text, max(clause.start, term.start - 16), term.start)
    after = _count_after().match(u.text, term.end, clause.end)
    found = before if before is not None else after
    if found is None:
        return None
    start, end = (found.start(), term.end) if found is before else (term.start, found.end())
    digits = found.group("digits")
    number = int(digits) if digits else vocab.numbers("vasopressors.count_words")[found.group("word")]
    return number, start, end


def _tally(u: Utterance) -> Tally:
    tally = Tally()
    responds: dict[int, re.Match[str] | None] = {}
    wanted = (kinds.VASOPRESSOR, kinds.PRESSOR_GENERIC, kinds.NORMOTENSIVE, kinds.HYPOTENSIVE, kinds.FLUID)
    for term in u.of_kind(*wanted):
        if term.kind == kinds.VASOPRESSOR:
            tally.agent(term, on=not term.negated)
        elif term.kind == kinds.PRESSOR_GENERIC:
            tally.generic(term, None if term.negated else _count(u, term))
        elif (term.kind == kinds.NORMOTENSIVE and not term.negated) or (
            term.kind == kinds.HYPOTENSIVE and term.negated
        ):
            tally.normal = term
        elif term.kind == kinds.HYPOTENSIVE:
            tally.hypotensive = term
        elif not term.negated:
            clause = u.clauses[term.clause]
            if term.clause not in responds:
                responds[term.clause] = _fluid_response().search(u.text, clause.start, clause.end)
            response = responds[term.clause]
            if response is not None:
                tally.fluids = (min(term.span[0], response.start()), max(term.span[1], response.end()))
    return tally


def read(u: Utterance) -> list[Outcome]:
    tally = _tally(u)
    described = describe(tally, u.original)
    if described is not None:
        value, start, end, echo = described
        return [Mention(SLOT, value, start, end, echo)]
    if tally.unnamed is not None:
        return [Problem(SLOT, *tally.unnamed.span, _UNNAMED)]
    if tally.hypotensive is not None:
        return [Problem(SLOT, *tally.hypotensive.span, _UNTREATED)]
    return []
