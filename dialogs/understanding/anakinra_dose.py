"""Anakinra mg/day: "anakinra 100 mg q6h" -> 400, "100 mg BID" -> 200, "anakinra 400 mg/day".

An amount belongs to the nearest drug named before it in its clause (else after it in its
clause, else before it in the utterance); with no drug named, to anakinra only when the
assistant asked for the anakinra dose. q6h, q8h, q12h are 24/hours doses a day.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache

from dialogs.understanding import terms as kinds
from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.patterns import alternation, fmt, key, parse_number
from dialogs.understanding.results import Mention, Outcome, Problem
from dialogs.understanding.utterance import Term, Utterance
from knowledge.slots import ANAKINRA_MG_DAY_MAX

SLOT = "anakinra_mg_day"
_AMOUNT = re.compile(
    r"(?<![0-9a-z.,])(?P<num>\d{1,5}(?:[.,]\d{1,2})?) ?"
    r"(?P<unit>mg ?/ ?kg(?P<kgday> ?/ ?(?:day|d|24 ?h)| per day| daily| a day)?|mg)?(?![a-z0-9])",
    re.ASCII,
)
_HOURS = r"(?: ?(?:hours?|hrs?|h))"
_ACCEPTED = f"0-{fmt(ANAKINRA_MG_DAY_MAX)} mg/day"


@cache
def _frequency() -> re.Pattern[str]:
    routes = alternation(vocab.words("anakinra_dose", "routes"))
    per_day = alternation(vocab.words("anakinra_dose", "per_day"))
    times = alternation(vocab.numbers("anakinra_dose.doses_per_day"))
    every = alternation(vocab.words("anakinra_dose", "every"))
    hours = alternation(vocab.words("anakinra_dose", "hours"), glued=True)
    return re.compile(
        rf" {{0,2}}(?:{routes} {{1,2}})?(?:(?P<per_day>{per_day})"
        rf"|(?:q ?(?P<q>\d{{1,2}}){_HOURS}?|{every} (?P<every>\d{{1,2}}) ?{hours}"
        rf"|(?P<hourly>\d{{1,2}})[ -]?(?:hourly|hrly)"
        rf"|(?:/|per) ?(?P<slash>\d{{1,2}}){_HOURS})(?![a-z0-9])|(?P<times>{times}))",
        re.ASCII,
    )


@cache
def _times() -> dict[str, int]:
    return {key(words): n for words, n in vocab.numbers("anakinra_dose.doses_per_day").items()}


def _owner(u: Utterance, drugs: list[Term], starts: list[int], pos: int) -> str | None:
    clause = u.clause_index(pos)
    i = bisect_left(starts, pos)
    before = drugs[i - 1] if i else None
    after = drugs[i] if i < len(drugs) else None
    if before is not None and before.clause == clause:
        return before.name
    if after is not None and after.clause == clause:
        return after.name
    if before is not None:
        return before.name
    return "anakinra" if u.expecting == SLOT else None


def _per_day(freq: re.Match[str]) -> float | None:
    if freq.group("per_day"):
        return 1.0
    hours = freq.group("q") or freq.group("every") or freq.group("hourly") or freq.group("slash")
    if hours:
        return 24 / int(hours) if 1 <= int(hours) <= 24 else None
    return float(_times()[key(freq.group("times"))])


def _per_kg(u: Utterance, amount: re.Match[str], freq: re.Match[str] | None) -> Outcome:
    """ "8 mg/kg/day" or "2 mg/kg q6h", computed for the weight known from the text or the consult."""
    mg_kg = parse_number(amount.group("num"))
    start, end = amount.start(), freq.end() if freq else amount.end()
    per_day = 1.0 if amount.group("kgday") else (_per_day(freq) if freq else None)
    if per_day is None:
        return Problem(SLOT, start, end, f"anakinra {fmt(mg_kg)} mg/kg: say how often (q6h, BID) or per day")
    daily = mg_kg * per_day
    if u.weight_kg is None:
        return Problem(
            SLOT, start, end, f"anakinra {fmt(daily)} mg/kg/day: give the weight to work out the dose in mg/day"
        )
    mg_day = round(daily * u.weight_kg, 1)
    if mg_day > ANAKINRA_MG_DAY_MAX:
        return Problem(SLOT, start, end, f"anakinra {fmt(mg_day)} mg/day is outside {_ACCEPTED}")
    echo = f"anakinra {fmt(daily)} mg/kg/day x {fmt(u.weight_kg)} kg = {fmt(mg_day)} mg/day"
    return Mention(SLOT, mg_day, start, end, echo)


def _outcome(u: Utterance, amount: re.Match[str], named: bool) -> Outcome | None:
    mg = parse_number(amount.group("num"))
    unit = amount.group("unit")
    freq = _frequency().match(u.text, amount.end())
    start, end = amount.start(), freq.end() if freq else amount.end()
    if unit is not None and "kg" in unit:
        return _per_kg(u, amount, freq)
    if freq is None:
        if unit is None:
            return None
        if not named:  # the assistant asked for mg/day
            return Mention(SLOT, mg, start, end, f"anakinra {fmt(mg)} mg/day (read as mg per day)")
        return Problem(
            SLOT,
            start,
            end,
            f"anakinra {fmt(mg)} mg without how often: give mg per dose with q6h, BID or daily, or mg/day",
        )
    per_day = _per_day(freq)
    if per_day is None:
        return Problem(SLOT, start, end, "anakinra: give the interval in hours (q6h, q8h, q12h, q24h) or mg/day")
    mg_day = round(mg * per_day, 1)
    if mg_day > ANAKINRA_MG_DAY_MAX:
        return Problem(
            SLOT, start, end, f"anakinra {fmt(mg_day)} mg/day is outside 0-{fmt(ANAKINRA_MG_DAY_MAX)} mg/day"
        )
    written = u.original[amount.end() : freq.end()].strip()
    echo = (
        f"anakinra {fmt(mg_day)} mg/day"
        if freq.group("per_day")
        else f"anakinra {fmt(mg)} mg {written} = {fmt(mg_day)} mg/day"
    )
    return Mention(SLOT, mg_day, start, end, echo)


def read(u: Utterance) -> list[Outcome]:
    drugs = u.of_kind(kinds.DRUG)
    found: list[Outcome] = []
    if u.expecting != SLOT and all(t.name != "anakinra" for t in drugs):
        return found  # no amount can be anakinra's (`_owner`)
    starts = [t.start for t in drugs]
    for amount in _AMOUNT.finditer(u.text):
        if _owner(u, drugs, starts, amount.start()) != "anakinra":
            continue
        outcome = _outcome(u, amount, named=bool(drugs))
        if outcome is not None:
            found.append(outcome)
    return found
