"""Weight: "70 kg", "wt 70kg", "weight 70", "154 lb", "154 lbs". A number needs a unit or a
keyword; after a keyword without a unit it is read as kg, and the echo says so."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.patterns import Words, alternation, fmt, parse_number
from dialogs.understanding.results import Mention, Outcome, Problem
from dialogs.understanding.spans import Coverage
from dialogs.understanding.utterance import Utterance
from knowledge.slots import WEIGHT_RANGE_KG
from knowledge.units import LB_PER_KG, UnitError, kilograms

SLOT = "weight_kg"
STONE_LB = 14.0
_ACCEPTED = (
    f"{fmt(WEIGHT_RANGE_KG[0])}-{fmt(WEIGHT_RANGE_KG[1])} kg"
    f" ({WEIGHT_RANGE_KG[0] * LB_PER_KG:.1f}-{WEIGHT_RANGE_KG[1] * LB_PER_KG:.1f} lb)"
)


_THRESHOLD = re.compile(r"(?:(?<![-=])>=?|<=?|\u2265|\u2264|(?<![a-z])(?:over|under|above|below|at least|less than"
                        r"|more than|greater than))[ :=]{0,2}$", re.ASCII)


# "up 2.3 kg from admission", "(+3.1 kg since D0)", "2 kg weight gain": a change of weight, not the weight
_CHANGE_BEFORE = re.compile(r"(?:(?<![a-z])(?:up|down|gained|gaining|gain of|gain|lost|losing|loss of|increased by|"
                            r"decreased by|dropped by|dropped|delta|change of|changed by)[ :=]{0,2}|[+\u00b1] ?|"
                            r"(?:^|(?<=[ (]))-)$", re.ASCII)
# ("90.1 kg up 2.3 kg": the change follows the weight, and "up" before a number is its own)
_CHANGE_AFTER = re.compile(r" ?(?:(?:up|down)(?![a-z])(?! {0,2}(?:by |from |to )?[0-9+-])|(?:gain|gained|heavier|"
                           r"lighter|weight gain|weight loss|wt gain|wt loss|net positive|positive|above dry weight|"
                           r"above baseline|over baseline|more than|less than|more|less|above|below)(?![a-z]))",
                           re.ASCII)
# Of several weights, one said to be now ("current 80.3", "today 63.0 kg", "84.1 today") or another's
# (admission, before lymphodepletion, usual, dry, yesterday, "down from 73 kg"): the weight now is the one
# said so, or the only one not said to be another's; otherwise it is asked, never the last one written.
_NOW_BEFORE = re.compile(r"(?:(?<![a-z])(?:now|current|currently|today|todays|today's|this am|this morning)(?![a-z])"
                         r"[^,;.(]{0,16}|(?:->|\u2192|=>) ?)$", re.ASCII)
# a word of now after the only weight, which is another time's ("wt 82 kg yesterday, 84.1 today"): asked
_NOW_LATER = re.compile(r"(?<![a-z])(?:now|current|currently|today)(?: weight| wt| weighs)?[ :=~]{0,3}\d{2,3}(?![0-9])"
                        r"|(?<![0-9.])\d{2,3}(?:[.,]\d)? ?(?:kg )?(?:today|now)(?![a-z])", re.ASCII)
# (not a now that leads the next number: "pre-LD weight 77 kg, current 80.3")
_NOW_AFTER = re.compile(r" ?(?:kg|kgs|lb|lbs)?\)? ?[(,]? ?(?:now|today|this am|this morning|currently|current)"
                        r"(?![a-z])(?! {0,2}(?:weight |wt |is |of )?[:=~]? {0,2}\d)", re.ASCII)
_OTHER_BEFORE = re.compile(
    r"(?<![a-z])(?:was|were|adm|admit|admitting|admission|pre-?ld|pre-?lymphodepletion|pre-?car-?t|pre-?infusion|"
    r"usual|usually|baseline|dry|ideal|ibw|yesterday|yest|from|previous|previously|prior|before|last week|"
    r"last month|vs|versus|d0|day 0|on d0)(?![a-z])[^,;(]{0,16}$", re.ASCII)
_OTHER_AFTER = re.compile(r" ?(?:kg|kgs|lb|lbs)?\)? ?\(?(?:[a-z]{2,10} )?(?:yesterday|yest|on admission|at admission|"
                          r"admit|admission|last month|last week|last year|dry wt|"
                          r"on d0|at d0|pre-?ld|before|ago|previously|last week|at baseline|baseline|dry weight|"
                          r"usual|pre-?lymphodepletion)(?![a-z])", re.ASCII)
# "wt 187 (lb)": the unit in brackets after the number
_BRACKETED_POUNDS = re.compile(r" ?\((?:lb|lbs|pounds)\)", re.ASCII)


def _number() -> str:
    units = alternation(
        vocab.words("weight", "kg_units") + vocab.words("weight", "lb_units") + vocab.words("weight", "stone_units"),
        glued=True,
    )
    return rf"(?P<num>\d{{1,4}}(?:[.,]\d{{1,2}})?)(?![0-9]|[.,][0-9])(?: ?(?P<unit>{units})(?![/]))?"


@cache
def _after_keyword() -> Words:
    keywords = vocab.words("weight", "keywords")
    return Words(rf"{alternation(keywords)}[ :=]{{0,3}}(?:(?:of|is|was|about|~) {{0,2}})?{_number()}", keywords)


@cache
def _with_unit() -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9.,/])" + _number(), re.ASCII)


def _outcome(match: re.Match[str], bracketed_unit: str | None = None) -> Outcome:
    value = parse_number(match.group("num"))
    unit = match.group("unit") or bracketed_unit
    if unit is not None and unit in vocab.words("weight", "stone_units"):
        value, unit = value * STONE_LB, "lb"  # "weighs 12 st"
    pounds = unit is not None and unit in (*vocab.words("weight", "lb_units"), "lb")
    try:
        kg = kilograms(value, "lb" if pounds else "kg")
    except UnitError:
        shown = f"{fmt(value)} {'lb' if pounds else 'kg'}"
        return Problem(SLOT, match.start(), match.end(), f"weight {shown} is outside {_ACCEPTED}")
    if pounds:
        echo = f"{fmt(value)} lb = {fmt(kg)} kg"
    elif unit is None:
        echo = f"{fmt(kg)} kg (no unit given: read as kg)"
    else:
        echo = f"{fmt(kg)} kg"
    return Mention(SLOT, kg, match.start(), match.end(), echo)


def _ordinal(match: re.Match[str]) -> bool:
    """ "1st dose", "the 21st": an ordinal, not stones (a weight in stones after a keyword still is)."""
    number = match.group("num")
    return match.group("unit") == "st" and match.end("num") == match.start("unit") and number.isdigit() and (
        number.endswith("1") and not number.endswith("11")
    )


@cache
def _stones_and_pounds() -> re.Pattern[str]:
    """ "11st 4lb", "12 stone 6": stones and pounds together."""
    stones = alternation(vocab.words("weight", "stone_units"), glued=True)
    pounds = alternation(vocab.words("weight", "lb_units"), glued=True)
    return re.compile(
        rf"(?<![a-z0-9.,/])(?P<st>\d{{1,2}}) ?{stones} ?(?P<lb>\d{{1,2}})(?![0-9.,])(?: ?{pounds})?(?![a-z])", re.ASCII
    )


def read(u: Utterance) -> list[Outcome]:
    found: list[Outcome] = []
    changed = False  # a change of weight was said ("has gained 4 kg since")
    used = Coverage(len(u.text))
    for match in _stones_and_pounds().finditer(u.text):
        pounds = int(match.group("st")) * STONE_LB + int(match.group("lb"))
        used.add(match.start(), match.end())
        try:
            kg = kilograms(pounds, "lb")
        except UnitError:
            found.append(Problem(SLOT, match.start(), match.end(), f"weight {fmt(pounds)} lb is outside {_ACCEPTED}"))
            continue
        echo = f"{match.group('st')} st {match.group('lb')} lb = {fmt(pounds)} lb = {fmt(kg)} kg"
        found.append(Mention(SLOT, kg, match.start(), match.end(), echo))
    for regex in (_after_keyword(), _with_unit()):
        for match in regex.finditer(u.text):
            unitless_alone = regex is _with_unit() and match.group("unit") is None
            if unitless_alone or used.touches(match.start(), match.end()):
                continue
            if regex is _with_unit() and _ordinal(match):
                continue
            if _THRESHOLD.search(u.text, max(0, match.start() - 12), match.start("num")):
                continue  # "Weight >=30 kg so 8 mg/kg", "under 30 kg: 12 mg/kg": a dosing threshold
            if (_CHANGE_BEFORE.search(u.text, max(0, match.start("num") - 16), match.start("num"))
                    or _CHANGE_AFTER.match(u.text, match.end())):
                changed = True
                continue
            bracketed = _BRACKETED_POUNDS.match(u.text, match.end()) if match.group("unit") is None else None
            found.append(_outcome(match, "lb" if bracketed else None))
            used.add(match.start(), bracketed.end() if bracketed else match.end())
    return _the_weight_now(u, found, changed)


def _the_weight_now(u: Utterance, found: list[Outcome], changed: bool) -> list[Outcome]:
    """One weight: of several different ones, the one said to be now, or the only one not said to
    be another time's; none of them when that cannot be told (the weight is asked), nor when the
    only one is another time's and the line says it changed or names a now after it."""
    weights = [o for o in found if isinstance(o, Mention)]
    rest = [o for o in found if not isinstance(o, Mention)]

    def said(before: re.Pattern[str], after: re.Pattern[str], w: Mention) -> bool:
        return bool(before.search(u.text, max(0, w.start - 24), w.start) or after.match(u.text, w.end))

    if len({round(float(w.value), 1) for w in weights}) == 1:
        last = weights[-1]
        if said(_OTHER_BEFORE, _OTHER_AFTER, last) and not said(_NOW_BEFORE, _NOW_AFTER, last) and (
                changed or _NOW_LATER.search(u.text, last.end)):
            return [*rest, Problem(SLOT, last.start, last.end, f"'{u.original[last.start : last.end]}' is an "
                                   "earlier weight and the line says it changed: say the weight now, in kg")]
        return found
    if not weights:
        return found

    now = [w for w in weights if said(_NOW_BEFORE, _NOW_AFTER, w)]
    others = [w for w in weights if w not in now and said(_OTHER_BEFORE, _OTHER_AFTER, w)]
    chosen = now if len(now) == 1 else [w for w in weights if w not in others] if not now else []
    shown = ", ".join(u.original[w.start : w.end] for w in weights)
    if len(chosen) == 1:
        return [*rest, replace(chosen[0], echo=f"{chosen[0].echo} (the weight now, of {shown})")]
    return [*rest, Problem(SLOT, weights[0].start, weights[-1].end,
                           f"several weights ({shown}): say the weight now, in kg")]
