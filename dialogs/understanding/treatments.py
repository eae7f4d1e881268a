"""What was given: tocilizumab doses ("s/p toci x2", "2 doses of toci", "toci given",
"no toci", "toci-naive"), "no anakinra", and whether any antipyretic or anticytokine therapy
was given (tocilizumab, anakinra, siltuximab, steroids, antipyretics). A drug counts as given
with a cue in its clause ("s/p", "got", "given", "on"), a dose amount or a dose count.
"team refuses steroids" is a stance, not steroids given.
"""

from __future__ import annotations

import re
from functools import cache

from dialogs.understanding import cues
from dialogs.understanding import terms as kinds
from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.patterns import alternation
from dialogs.understanding.results import Mention, Outcome, Problem
from dialogs.understanding.utterance import Term, Utterance
from knowledge.slots import TOCILIZUMAB_DOSES_MAX

TOCILIZUMAB = "tocilizumab_doses"
ANAKINRA = "anakinra_mg_day"
ANTICYTOKINE = "anticytokine_given"
Count = tuple[int, int, int]  # doses, start, end


@cache
def _dose_count() -> re.Pattern[str]:
    numbers = alternation(vocab.numbers("treatments.number_words"))
    times = alternation(vocab.numbers("treatments.times_words"))
    ordinals = alternation(vocab.numbers("treatments.ordinal_words"))
    return re.compile(
        rf"(?<![a-z0-9])x ?(?P<x>\d{{1,2}})(?![0-9])"
        rf"|(?:(?<![0-9.,])(?P<n>\d{{1,2}})|(?P<word>{numbers})) {{0,2}}doses?(?![a-z])"
        rf"|(?P<times>{times})|(?P<ordinal>{ordinals}) {{0,2}}dose(?![a-z])",
        re.ASCII,
    )


def segments(u: Utterance) -> dict[Term, tuple[int, int]]:
    """Each drug name's part of its clause: up to the neighbouring drug names."""
    result = {}
    for index in sorted({t.clause for t in u.of_kind(kinds.DRUG)}):
        clause = u.clauses[index]
        named = u.in_clause(index, kinds.DRUG)
        for i, term in enumerate(named):
            start = named[i - 1].end if i else clause.start
            end = named[i + 1].start if i + 1 < len(named) else clause.end
            result[term] = (start, end)
    return result


def _count(u: Utterance, term: Term, segment: tuple[int, int]) -> Count | None:
    """The last dose count in the drug's part of the clause; the last one written wins."""
    matches = list(_dose_count().finditer(u.text, *segment))
    if not matches:
        return None
    last = matches[-1]
    group = last.lastgroup or ""
    written = last.group(group)
    if group in ("x", "n"):
        number = int(written)
    else:
        table = {"word": "number_words", "times": "times_words", "ordinal": "ordinal_words"}[group]
        number = vocab.numbers(f"treatments.{table}")[written]
    return number, min(last.start(), term.span[0]), max(last.end(), term.span[1])


def _tocilizumab(term: Term, count: Count | None) -> Outcome:
    if count is None:
        echo = "tocilizumab given, number of doses not stated: read as one dose"
        return Mention(TOCILIZUMAB, 1, *term.span, echo)
    number, start, end = count
    if number > TOCILIZUMAB_DOSES_MAX:
        most = TOCILIZUMAB_DOSES_MAX
        text = f"tocilizumab {number} doses is more than {most}: give the number of doses (0-{most})"
        return Problem(TOCILIZUMAB, start, end, text)
    return Mention(TOCILIZUMAB, number, start, end, f"tocilizumab {number} dose{'s' if number != 1 else ''}")


def read(u: Utterance) -> list[Outcome]:
    found: list[Outcome] = []
    given_clauses = cues.given_clauses(u)
    given: list[Term] = []
    parts = segments(u)
    for term in u.of_kind(kinds.DRUG):
        drug_class = vocab.drug(term.name).drug_class
        if term.negated:
            if drug_class == "tocilizumab":
                found.append(Mention(TOCILIZUMAB, 0, *term.span, "no tocilizumab given (0 doses)"))
            elif drug_class == "anakinra":
                found.append(Mention(ANAKINRA, 0.0, *term.span, "no anakinra (0 mg/day)"))
            continue
        count = _count(u, term, parts[term]) if drug_class == "tocilizumab" else None
        if term.clause not in given_clauses and count is None:
            continue
        given.append(term)
        if drug_class == "tocilizumab":
            found.append(_tocilizumab(term, count))
    if given:
        names = ", ".join(dict.fromkeys(t.name for t in given))
        found.append(
            Mention(ANTICYTOKINE, True, *given[-1].span, f"antipyretic or anticytokine therapy given ({names})")
        )
    for term in u.of_kind(kinds.NOTHING_GIVEN):
        found.append(Mention(ANTICYTOKINE, False, *term.span, "no antipyretic or anticytokine therapy given"))
    return found
