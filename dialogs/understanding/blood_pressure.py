"""Hypotension by the ASTCT rule: vasopressin never adds a second vasopressor.

Agents by name ("levo + vaso"), pressors by count ("on 2 pressors", "single pressor"),
fluid-responsive hypotension ("responded to a 1 L bolus"), and none ("no pressors",
"normotensive"). Within one utterance the latest statement about each agent counts.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from dialogs.understanding import terms as kinds
from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.patterns import alternation, compile_words
from dialogs.understanding.pressor_count import Tally, describe
from dialogs.understanding.results import Mention, Note, Outcome, Problem
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


# A blood pressure written as numbers: "BP 82/44", "104/60".
_BP = re.compile(r"(?<![0-9/.,])(?P<sys>\d{2,3}) ?/ ?(?P<dia>\d{2,3})(?![0-9/])", re.ASCII)
_NOT_BETTER = re.compile(
    r"(?<![a-z])(?:still|despite|persistently|remains?|remained|no better|unchanged)(?![a-z])", re.ASCII
)


def _pressures(u: Utterance) -> list[tuple[int, int, int]]:
    """(systolic, start, end) of each plausible blood pressure in the text."""
    found = []
    for m in _BP.finditer(u.text):
        systolic, diastolic = int(m.group("sys")), int(m.group("dia"))
        if 40 <= systolic <= 250 and 20 <= diastolic < systolic:
            found.append((systolic, m.start(), m.end()))
    return found


def _responded(u: Utterance, term: Term, pressures: list[tuple[int, int, int]]) -> tuple[int, int] | None:
    """The span showing that blood pressure came up with the fluids of `term`, if it did."""
    clause = u.clauses[term.clause]
    end = clause.end
    following = term.clause + 1
    if following < len(u.clauses) and not u.in_clause(following, kinds.VASOPRESSOR, kinds.PRESSOR_GENERIC):
        end = u.clauses[following].end  # "500 mL bolus, BP up to 104/60"
    before = [p for p in pressures if p[2] <= term.start]
    after = [p for p in pressures if p[1] >= term.end and p[1] < end]
    if before and after:
        if after[-1][0] > before[-1][0]:
            return before[-1][1], after[-1][2]
        return None
    if _NOT_BETTER.search(u.text, clause.start, end):
        return None
    response = _fluid_response().search(u.text, clause.start, end)
    return (response.start(), response.end()) if response else None


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


def _restart(u: Utterance, tally: Tally, term: Term) -> None:
    """ "came off norepi yesterday, restarted at 0200": the last stopped agent runs again."""
    if term.negated or u.in_clause(term.clause, kinds.VASOPRESSOR):
        return
    if tally.stopped_agents:
        agent = tally.stopped_agents.pop()
        tally.agent(replace(agent, negated=False, span=(agent.span[0], max(agent.span[1], term.end))), on=True)
    elif tally.stopped is not None:
        tally.stopped = None
        tally.unnamed = term


def _tally(u: Utterance) -> Tally:
    tally = Tally()
    pressures = _pressures(u)
    wanted = (
        kinds.VASOPRESSOR, kinds.PRESSOR_GENERIC, kinds.NORMOTENSIVE, kinds.HYPOTENSIVE, kinds.FLUID, kinds.RESTARTED
    )
    for term in u.of_kind(*wanted):
        if term.past and term.negated and term.kind == kinds.VASOPRESSOR:
            tally.agent(term, on=False)  # "was on levo, now off"
        elif term.past and term.negated:
            tally.generic(term, None)
        elif term.past:
            tally.past.append(term)
        elif term.kind == kinds.RESTARTED:
            _restart(u, tally, term)
        elif term.kind == kinds.VASOPRESSOR:
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
            response = _responded(u, term, pressures)
            if response is not None:
                tally.fluids = (min(term.span[0], response[0]), max(term.span[1], response[1]))
            elif any(p[0] < 90 for p in pressures):
                tally.hypotensive = term
    return tally


def read(u: Utterance) -> list[Outcome]:
    tally = _tally(u)
    found: list[Outcome] = [
        Note(*t.span, f"'{u.original[t.span[0] : t.span[1]]}' read as before, not now") for t in tally.past
    ]
    described = describe(tally, u.original)
    if described is not None:
        value, start, end, echo = described
        return [*found, Mention(SLOT, value, start, end, echo)]
    if tally.unnamed is not None:
        return [*found, Problem(SLOT, *tally.unnamed.span, _UNNAMED)]
    if tally.hypotensive is not None:
        return [*found, Problem(SLOT, *tally.hypotensive.span, _UNTREATED)]
    low = [p for p in _pressures(u) if p[0] < 90]
    if low:
        return [*found, Problem(SLOT, low[0][1], low[0][2], _UNTREATED)]
    return found
