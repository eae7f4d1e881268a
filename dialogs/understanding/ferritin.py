"""Ferritin's trend, for the IEC-HS prompt (FACTS-2 section 5): "ferritin still rising",
"rising ferritin", "ferritin 8000 -> 15000" -> True; "ferritin falling", "ferritin down" -> False."""

from __future__ import annotations

import re

from dialogs.understanding.results import Mention, Outcome
from dialogs.understanding.utterance import Utterance

SLOT = "ferritin_rising"
_RISING = re.compile(
    r"(?<![a-z])(?:ferritin (?:is |keeps |still |continues to |continuing to ){0,2}(?:rising|climbing|increasing|"
    r"going up|up(?![a-z])|uptrending|trending up|higher)|(?:rising|climbing|increasing|uptrending) ferritin)",
    re.ASCII)
_FALLING = re.compile(
    r"(?<![a-z])(?:ferritin (?:is |now )?(?:falling|down(?![a-z])|improving|decreasing|downtrending|trending down)"
    r"|(?:falling|decreasing|improving) ferritin)", re.ASCII)
_ARROW = re.compile(r"(?<![a-z])ferritin:? ?(?P<a>\d{2,6}) ?(?:->|→|to) ?(?P<b>\d{2,6})(?![0-9])", re.ASCII)


def read(u: Utterance) -> list[Outcome]:
    found: list[Outcome] = []
    if "ferritin" not in u.text:  # every pattern here names it
        return found
    for match in _RISING.finditer(u.text):
        found.append(Mention(SLOT, True, match.start(), match.end(), "ferritin still rising"))
    for match in _FALLING.finditer(u.text):
        found.append(Mention(SLOT, False, match.start(), match.end(), "ferritin not rising"))
    for match in _ARROW.finditer(u.text):
        rising = int(match.group("b")) > int(match.group("a"))
        found.append(Mention(SLOT, rising, match.start(), match.end(),
                             "ferritin still rising" if rising else "ferritin not rising"))
    found.sort(key=lambda m: m.start)
    return found
