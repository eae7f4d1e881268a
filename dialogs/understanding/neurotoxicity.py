"""Signs of ICANS: "confused", "aphasic", "seizure", "ICE 7" (below 10), "ICANS" -> True;
"no ICANS", "neuro intact", "ICE 10", "no neurotoxicity" -> False. Negating one sign
("not confused") says nothing about the others and is not read."""

from __future__ import annotations

import re
from functools import cache

from dialogs.understanding import terms as kinds
from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.patterns import alternation
from dialogs.understanding.results import Mention, Outcome, Problem
from dialogs.understanding.spans import Coverage
from dialogs.understanding.utterance import Utterance

SLOT = "icans"
ICE_MAX = 10
_GRADE = re.compile(
    r"(?<![a-z])(?:icans (?:grade|gr|g) ?(?P<a>\d{1,2})|(?:grade|gr|g) ?(?P<b>\d{1,2}) icans)(?![0-9])", re.ASCII
)


@cache
def _ice() -> re.Pattern[str]:
    keyword = alternation(vocab.words("neurotoxicity", "ice_keywords"))
    return re.compile(
        rf"{keyword}[ :=]{{0,3}}(?:(?:of|is|was|now) {{1,2}})?"
        rf"(?P<num>\d{{1,3}})(?![0-9]|[.,][0-9])(?: ?/ ?10(?![0-9]))?",
        re.ASCII,
    )


def ice_pattern() -> re.Pattern[str]:
    """ "ICE 7", "ICE score: 7/10": the number is group `num`."""
    return _ice()


def from_ice(score: int, start: int, end: int) -> Outcome:
    """An ICE score out of 10: below 10 means signs of ICANS."""
    if score > ICE_MAX:
        return Problem(SLOT, start, end, f"ICE score {score} is outside 0-10")
    if score < ICE_MAX:
        return Mention(SLOT, True, start, end, f"ICE {score}/10: below 10, read as signs of ICANS")
    return Mention(SLOT, False, start, end, "ICE 10/10: read as no ICANS")


_CAPD = re.compile(r"(?<![a-z])capd(?: score)?[ :=]{0,3}(?:of |is |was |now )?(?P<num>\d{1,2})(?![0-9])", re.ASCII)
CAPD_ICANS = 9  # CAPD >= 9 suggests ICANS in children under 12 (FACTS section 2)


def _scores(u: Utterance, used: Coverage) -> list[Outcome]:
    found: list[Outcome] = []
    for match in _CAPD.finditer(u.text) if "capd" in u.text else ():
        used.add(match.start(), match.end())
        score = int(match.group("num"))
        if score >= CAPD_ICANS:
            echo = f"CAPD {score}: 9 or more, read as signs of ICANS"
            found.append(Mention(SLOT, True, match.start(), match.end(), echo))
    for match in _ice().finditer(u.text):
        used.add(match.start(), match.end())
        found.append(from_ice(int(match.group("num")), match.start(), match.end()))
    for match in _GRADE.finditer(u.text) if "icans" in u.text else ():
        grade = int(match.group("a") or match.group("b"))
        start, end = match.start(), match.end()
        used.add(start, end)
        if grade > 4:
            found.append(Problem(SLOT, start, end, f"ICANS grade {grade} is outside 0-4"))
        else:
            found.append(Mention(SLOT, grade > 0, start, end, f"ICANS grade {grade}"))
    return found


def read(u: Utterance) -> list[Outcome]:
    used = Coverage(len(u.text))
    found = _scores(u, used)
    for term in u.of_kind(kinds.NEURO_SIGN, kinds.NEURO_GENERIC, kinds.NEURO_ABSENT):
        if used.touches(term.start, term.end):
            continue
        if term.kind == kinds.NEURO_ABSENT and not term.negated:
            found.append(Mention(SLOT, False, *term.span, "no signs of ICANS"))
        elif term.kind == kinds.NEURO_GENERIC and term.negated:
            found.append(Mention(SLOT, False, *term.span, "no ICANS"))
        elif term.kind != kinds.NEURO_ABSENT and not term.negated:
            found.append(
                Mention(SLOT, True, *term.span, f"{u.original[term.start : term.end]}: read as signs of ICANS")
            )
    return found
