"""The product and its day: "D+4 axi-cel", "tec step-up 2 yesterday", "C1D15 epcoritamab",
"day 3 post Yescarta". The last product named wins; two different products in one line are
a problem, not a guess."""

from __future__ import annotations

import re
from functools import cache

from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.patterns import Words, compile_words
from dialogs.understanding.results import Mention, Outcome, Problem
from dialogs.understanding.utterance import Utterance
from knowledge import slot_registry

_DAY = re.compile(r"(?<![a-z0-9])(?:d ?\+ ?|day ?\+ ?|day (?=\d+ (?:post|after|since)))(?P<num>\d{1,3})(?![0-9])",
                  re.ASCII)
_CYCLE = re.compile(r"(?<![a-z0-9])c(?:ycle)? ?(?P<c>\d{1,2}) ?d(?:ay)? ?(?P<d>\d{1,2})(?![0-9])", re.ASCII)
_STEP = re.compile(r"(?<![a-z0-9])(?:step[- ]?up(?: dose)?|sud) ?#? ?(?P<num>\d)(?![0-9])", re.ASCII)
_EU = re.compile(r"(?<![a-z])(?:eu|smpc|european|ema)(?: label| smpc)?(?![a-z])", re.ASCII)
_US = re.compile(r"(?<![a-z])(?:us (?:label|pi|prescribing information)|uspi|fda label|usa)(?![a-z])", re.ASCII)
_YESTERDAY = re.compile(r"(?<![a-z])(?:yesterday|(?P<n>\d) days? ago|today)(?![a-z])", re.ASCII)


@cache
def _names() -> tuple[tuple[str, Words], ...]:
    keys = slot_registry.default_registry()["product"].allowed
    return tuple((str(k), compile_words(vocab.words("products", str(k)))) for k in keys)


@cache
def _any_name() -> Words:
    """Every product's names in one pattern: most lines name no product, and one scan then stands
    for one per product (it matches wherever one of theirs would)."""
    keys = slot_registry.default_registry()["product"].allowed
    return compile_words([w for k in keys for w in vocab.words("products", str(k))])


def read(u: Utterance) -> list[Outcome]:
    found: list[Outcome] = []
    named: list[tuple[int, int, str]] = []
    if _any_name().search(u.text) is not None:
        for key, pattern in _names():
            named += [(m.start(), m.end(), key) for m in pattern.finditer(u.text)]
    named.sort()
    if len({key for _, _, key in named}) > 1:
        start, end = named[0][0], named[-1][1]
        shown = ", ".join(dict.fromkeys(key for _, _, key in named))
        found.append(Problem("product", start, end, f"two products named ({shown}): say which one this CRS follows"))
    elif named:
        start, end, key = named[-1]
        words = slot_registry.default_registry().value_words("product")[key]
        found.append(Mention("product", key, start, end, f"product: {words}"))
    for match in _DAY.finditer(u.text):
        day = int(match.group("num"))
        if day <= 365:
            found.append(Mention("day", day, match.start(), match.end(), f"day {day} after infusion"))
    for match in _CYCLE.finditer(u.text):
        cycle, day = int(match.group("c")), int(match.group("d"))
        if cycle == 1 and 1 <= day <= 28:
            found.append(Mention("cycle_day", day, match.start(), match.end(), f"cycle 1 day {day} dose"))
    for regex, region in ((_EU, "EU"), (_US, "US")):
        for match in regex.finditer(u.text):
            found.append(Mention("region", region, match.start(), match.end(), f"label region: {region}"))
    step = None
    for match in _STEP.finditer(u.text):
        value = int(match.group("num"))
        if 1 <= value <= 3:
            step = match
            found.append(Mention("step_up", value, match.start(), match.end(), f"step-up dose {value}"))
    if step is not None:
        when = _YESTERDAY.search(u.text)
        if when is not None:
            days = 1 if "yesterday" in when.group() else 0 if "today" in when.group() else int(when.group("n"))
            found.append(Mention("day", days, when.start(), when.end(), f"{days} day(s) since the last dose"))
    return found
