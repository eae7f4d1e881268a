"""The ASTCT ICANS domains in clinicians' words (FACTS.md section 2): the ICE score (a number,
or item by item), the CAPD, level of consciousness ("GCS 13 only rousable to voice"),
seizures, motor findings and raised intracranial pressure ("papilloedema").

Where a finding can belong to two grades it is not guessed: a bare "seizure" does not say
whether it resolved rapidly (grade 3) or was prolonged (grade 4), so the seizure slot is left
to be asked. Consciousness words of several levels give the most depressed one.
"""

from __future__ import annotations

import re
from functools import cache

from dialogs.understanding import neurotoxicity
from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.patterns import Words, alternation, compile_words
from dialogs.understanding.results import Mention, Outcome, Problem
from dialogs.understanding.utterance import Utterance
from knowledge.icans import ICE_ITEMS, ice_total

_SECTION = "icans_domains"
_LEVELS = ("unarousable", "touch", "voice", "spontaneous", "alert")  # most depressed first
_LEVEL_WORDS = {
    "unarousable": "unarousable", "touch": "awakens only to touch", "voice": "awakens to voice",
    "spontaneous": "awakens spontaneously", "alert": "alert",
}
_NEGATION = re.compile(r"(?<![a-z])(?:no|not|nil|without|denies|negative for)(?![a-z])[^.;]{0,30}$", re.ASCII)
_CAPD = re.compile(r"(?<![a-z])capd(?: score)?[ :=]{0,3}(?:of |is |was |now )?(?P<num>\d{1,2})(?![0-9])", re.ASCII)
# (slot, value, vocabulary key, echo); within a slot the first that matches wins
_FINDINGS: tuple[tuple[str, str | bool, str, str], ...] = (
    ("seizure", "prolonged", "seizure_prolonged", "prolonged or repetitive seizures"),
    ("seizure", "resolved", "seizure_resolved", "a seizure that resolved"),
    ("seizure", "none", "seizure_none", "no seizure"),
    ("motor_weakness", False, "motor_none", "no focal motor weakness"),
    ("motor_weakness", True, "motor_weakness", "deep focal motor weakness"),
    ("raised_icp", "none", "icp_none", "no raised intracranial pressure"),
    ("raised_icp", "diffuse", "icp_diffuse", "signs of diffuse cerebral oedema / raised intracranial pressure"),
    ("raised_icp", "focal-oedema", "icp_focal", "focal oedema on imaging"),
)


@cache
def _pattern(key: str) -> Words:
    return compile_words(vocab.words(_SECTION, key))


@cache
def _item(key: str, top: int) -> Words:
    phrases = vocab.words(_SECTION, f"ice_{key}")
    return Words(rf"{alternation(phrases)}[ :=x]{{0,3}}(?P<num>\d)(?: ?/ ?{top})?(?![0-9])", phrases)


@cache
def _any_word() -> Words:
    """Every consciousness and finding phrase in one pattern: most lines name none, and one scan
    then stands for thirteen (it matches wherever one of theirs would)."""
    keys = (*_LEVELS, *(key for _, _, key, _ in _FINDINGS))
    return compile_words([w for k in keys for w in vocab.words(_SECTION, k)])


def _negated(u: Utterance, start: int) -> bool:
    clause = u.clause_at(start)
    return bool(_NEGATION.search(u.text, clause.start, start))


def _first(u: Utterance, key: str, *, negatable: bool = True) -> re.Match[str] | None:
    for match in _pattern(key).finditer(u.text):
        if negatable and _negated(u, match.start()):
            continue
        return match
    return None


def _consciousness(u: Utterance) -> list[Outcome]:
    for level in _LEVELS:
        match = _first(u, level)
        if match is not None:
            said = u.original[match.start():match.end()]
            return [Mention("consciousness", level, match.start(), match.end(),
                            f"level of consciousness: {_LEVEL_WORDS[level]} ('{said}')")]
    return []


def _ice_items(u: Utterance) -> list[Outcome]:
    found: list[tuple[int, int, int]] = []
    for key, top in ICE_ITEMS:
        match = _item(key, top).search(u.text)
        if match is None:
            return []
        found.append((int(match.group("num")), match.start(), match.end()))
    start, end = min(f[1] for f in found), max(f[2] for f in found)
    try:
        total = ice_total(*(f[0] for f in found))
    except ValueError as error:
        return [Problem("ice_score", start, end, f"{error}: the items are orientation 0-4, naming 0-3, "
                        "commands, writing and counting 0-1 each")]
    shown = ", ".join(f"{key} {f[0]}/{top}" for (key, top), f in zip(ICE_ITEMS, found, strict=True))
    return [Mention("ice_score", total, start, end, f"ICE score from its items ({shown}): {total}/10")]


def read(u: Utterance) -> list[Outcome]:
    found: list[Outcome] = []
    items = _ice_items(u)
    found += items
    if not items:
        for match in neurotoxicity.ice_pattern().finditer(u.text):
            score = int(match.group("num"))
            if score <= neurotoxicity.ICE_MAX:
                found.append(Mention("ice_score", score, match.start(), match.end(), f"ICE score {score}/10"))
    for match in _CAPD.finditer(u.text) if "capd" in u.text else ():
        score = int(match.group("num"))
        if score <= 32:
            found.append(Mention("capd_score", score, match.start(), match.end(), f"CAPD {score}"))
    if _any_word().search(u.text) is None:
        return found
    found += _consciousness(u)
    done: set[str] = set()
    for slot, value, key, echo in _FINDINGS:
        if slot in done:
            continue
        hit = _first(u, key, negatable=not key.endswith("_none"))
        if hit is not None:
            done.add(slot)
            found.append(Mention(slot, value, hit.start(), hit.end(), echo))
    return found
