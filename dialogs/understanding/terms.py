"""The vocabulary's phrases as kinds of term, found in one pass over the text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.patterns import Words, compile_words, key

DRUG = "drug"
VASOPRESSOR = "vasopressor"
PRESSOR_GENERIC = "pressor-generic"
NORMOTENSIVE = "normotensive"
HYPOTENSIVE = "hypotensive"
FLUID = "fluid"
NOT_FLUID = "not-fluid"  # "maintenance IVF": fluids that are no treatment of the pressure, read by no reader
NOT_INFUSION = "not-infusion"  # "racemic epi neb", "IM adrenaline": an agent's name that is no vasopressor running
ROOM_AIR = "room-air"
OXYGEN_GENERIC = "oxygen-generic"
OXYGEN_IGNORE = "oxygen-ignore"
OXYGEN_DEVICE = "oxygen-device"
FEVER = "fever"
AFEBRILE = "afebrile"
NEUTROPENIA_PRESENT = "neutropenia-present"
NEUTROPENIA_ABSENT = "neutropenia-absent"
NEURO_SIGN = "neuro-sign"
NEURO_GENERIC = "neuro-generic"
NEURO_ABSENT = "neuro-absent"
NEURO_NOT_SIGN = "neuro-not-sign"  # "unresponsive to fluids": a therapy's effect, read by no reader
NOTHING_GIVEN = "nothing-given"
NO_CRS_THERAPY = "no-crs-therapy"  # "no CRS-directed therapy": no tocilizumab, no anakinra
RESTARTED = "restarted"

# Terms that may sit on both sides of "and"/"+" without ending the clause.
AGENT_KINDS = frozenset({DRUG, VASOPRESSOR})

_LISTS = (
    (PRESSOR_GENERIC, "vasopressors", "generic"),
    (NORMOTENSIVE, "hypotension", "normotensive"),
    (NORMOTENSIVE, "hypotension", "no_treatment"),
    (HYPOTENSIVE, "hypotension", "hypotensive"),
    (FLUID, "hypotension", "fluids"),
    (NOT_FLUID, "hypotension", "not_fluids"),
    (NOT_INFUSION, "vasopressors", "not_infusions"),
    (ROOM_AIR, "oxygen", "room_air"),
    (OXYGEN_GENERIC, "oxygen", "generic"),
    (OXYGEN_IGNORE, "oxygen", "ignore"),
    (FEVER, "temperature", "fever"),
    (AFEBRILE, "temperature", "afebrile"),
    (NEUTROPENIA_PRESENT, "neutropenia", "present"),
    (NEUTROPENIA_ABSENT, "neutropenia", "absent"),
    (NEURO_SIGN, "neurotoxicity", "signs"),
    (NEURO_GENERIC, "neurotoxicity", "generic"),
    (NEURO_ABSENT, "neurotoxicity", "absent"),
    (NEURO_NOT_SIGN, "neurotoxicity", "not_signs"),
    (NOTHING_GIVEN, "treatments", "nothing_given"),
    (NO_CRS_THERAPY, "treatments", "no_crs_therapy"),
    (RESTARTED, "hypotension", "restarted"),
)


@dataclass(frozen=True)
class Found:
    kind: str
    name: str  # the drug, agent or device key; the phrase's key otherwise
    start: int
    end: int


@cache
def table() -> dict[str, tuple[str, str]]:
    """Each phrase's key with its kind and name; one phrase may not mean two things."""
    return meanings(vocab.raw())


def meanings(raw: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """`table()` of a parsed vocabulary (checked against its schema); `VocabularyError` when one
    phrase means two things."""
    entries: list[tuple[str, str, str]] = []
    for kind, section, name in _LISTS:
        entries += [(phrase.lower(), kind, key(phrase.lower())) for phrase in raw[section][name]]
    for drug, entry in raw["drugs"].items():
        entries += [(phrase.lower(), DRUG, drug) for phrase in entry["names"]]
    for agent, names in raw["vasopressors"]["agents"].items():
        entries += [(phrase.lower(), VASOPRESSOR, agent) for phrase in names]
    for device, entry in raw["oxygen"]["devices"].items():
        entries += [(phrase.lower(), OXYGEN_DEVICE, device) for phrase in entry["names"]]
    result: dict[str, tuple[str, str]] = {}
    for phrase, kind, name in entries:
        meaning = result.setdefault(key(phrase), (kind, name))
        if meaning != (kind, name):
            raise vocab.VocabularyError(f"vocabulary: '{phrase}' means both {meaning} and {(kind, name)}")
    return result


@cache
def _regex() -> Words:
    phrases = [p for _, section, name in _LISTS for p in vocab.words(section, name)]
    phrases += [p for d in vocab.drugs() for p in d.names]
    phrases += [p for names in vocab.vasopressor_agents().values() for p in names]
    phrases += [p for d in vocab.devices() for p in d.names]
    return compile_words(phrases)


@lru_cache(maxsize=4096)
def _meaning(written: str) -> tuple[str, str]:
    return table()[key(written)]


# "O2 99% RA", "o2: 96% on room air": the word names the saturation measured on room air, not oxygen given
_SATURATION_ON_AIR = re.compile(r"[ :=]{0,2}\d{2,3} ?%? {1,2}(?:on )?(?:ra|room air)(?![a-z])", re.ASCII)


def find(text: str) -> list[Found]:
    found = [Found(*_meaning(m.group()), m.start(), m.end()) for m in _regex().finditer(text)]
    return [Found(OXYGEN_IGNORE, f.name, f.start, f.end)
            if f.kind == OXYGEN_GENERIC and _SATURATION_ON_AIR.match(text, f.end) else f for f in found]
