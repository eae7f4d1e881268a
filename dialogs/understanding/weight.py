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


def _either(*keys: str) -> str:
    """The words of the lists `weight.<key>` as plain alternatives, longest first (the context
    patterns put their own word boundaries around them)."""
    words = sorted({w for key in keys for w in vocab.words("weight", key)}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w) for w in words) + ")"


def _units() -> str:
    return _either("kg_units", "lb_units")


@cache
def _threshold() -> re.Pattern[str]:
    """ "Weight >=30 kg so 8 mg/kg", "under 30 kg: 12 mg/kg": a dosing threshold before the number."""
    return re.compile(rf"(?:(?<![-=])>=?|<=?|\u2265|\u2264|(?<![a-z]){_either('threshold_words')})[ :=]{{0,2}}$",
                      re.ASCII)


@cache
def _change_before() -> re.Pattern[str]:
    """ "up 2.3 kg from admission", "(+3.1 kg since D0)": a change of weight, not the weight."""
    return re.compile(rf"(?:(?<![a-z]){_either('change_before')}[ :=]{{0,2}}|[+\u00b1] ?|(?:^|(?<=[ (]))-)$",
                      re.ASCII)


@cache
def _change_after() -> re.Pattern[str]:
    """ "90.1 kg up 2.3 kg", "2 kg weight gain": the change follows the number ("up" before a number
    is that number's)."""
    return re.compile(rf" ?(?:(?:up|down)(?![a-z])(?! {{0,2}}(?:by |from |to )?[0-9+-])|{_either('change_after')}"
                      r"(?![a-z]))", re.ASCII)


# Of several weights, one said to be now ("current 80.3", "today 63.0 kg", "84.1 today") or another
# time's (admission, before lymphodepletion, usual, dry, yesterday, "down from 73 kg"): the weight now
# is the one said so, or the only one not said to be another's; otherwise it is asked, never the last
# one written.
@cache
def _now_before() -> re.Pattern[str]:
    return re.compile(rf"(?:(?<![a-z]){_either('now_words')}(?![a-z])[^,;.(]{{0,16}}|(?:->|\u2192|=>) ?)$",
                      re.ASCII)


@cache
def _now_later() -> re.Pattern[str]:
    """A word of now after the only weight, which is another time's ("wt 82 kg yesterday, 84.1 today")."""
    now = _either("now_words")
    return re.compile(rf"(?<![a-z]){now}(?: {_either('keywords')})?[ :=~]{{0,3}}\d{{2,3}}(?![0-9])"
                      rf"|(?<![0-9.])\d{{2,3}}(?:[.,]\d)? ?(?:{_units()} )?{now}(?![a-z])", re.ASCII)


@cache
def _now_after() -> re.Pattern[str]:
    """A word of now after the number (not one that leads the next number: "pre-LD weight 77 kg, current 80.3")."""
    return re.compile(rf" ?{_units()}?\)? ?[(,]? ?{_either('now_words')}(?![a-z])"
                      rf"(?! {{0,2}}(?:{_either('keywords')} |is |of )?[:=~]? {{0,2}}\d)", re.ASCII)


@cache
def _earlier_before() -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z]){_either('earlier_before')}(?![a-z])[^,;(]{{0,16}}$", re.ASCII)


@cache
def _earlier_after() -> re.Pattern[str]:
    return re.compile(rf" ?{_units()}?\)? ?\(?(?:[a-z]{{2,10}} )?{_either('earlier_after')}(?![a-z])", re.ASCII)


@cache
def _bracketed_pounds() -> re.Pattern[str]:
    """ "wt 187 (lb)": the unit in brackets after the number."""
    return re.compile(rf" ?\({_either('lb_units')}\)", re.ASCII)


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
            if _threshold().search(u.text, max(0, match.start() - 12), match.start("num")):
                continue  # "Weight >=30 kg so 8 mg/kg", "under 30 kg: 12 mg/kg": a dosing threshold
            if (_change_before().search(u.text, max(0, match.start("num") - 16), match.start("num"))
                    or _change_after().match(u.text, match.end())):
                changed = True
                continue
            bracketed = _bracketed_pounds().match(u.text, match.end()) if match.group("unit") is None else None
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
        if said(_earlier_before(), _earlier_after(), last) and not said(_now_before(), _now_after(), last) and (
                changed or _now_later().search(u.text, last.end)):
            return [*rest, Problem(SLOT, last.start, last.end, f"'{u.original[last.start : last.end]}' is an "
                                   "earlier weight and the line says it changed: say the weight now, in kg")]
        return found
    if not weights:
        return found

    now = [w for w in weights if said(_now_before(), _now_after(), w)]
    others = [w for w in weights if w not in now and said(_earlier_before(), _earlier_after(), w)]
    chosen = now if len(now) == 1 else [w for w in weights if w not in others] if not now else []
    shown = ", ".join(u.original[w.start : w.end] for w in weights)
    if len(chosen) == 1:
        return [*rest, replace(chosen[0], echo=f"{chosen[0].echo} (the weight now, of {shown})")]
    return [*rest, Problem(SLOT, weights[0].start, weights[-1].end,
                           f"several weights ({shown}): say the weight now, in kg")]
