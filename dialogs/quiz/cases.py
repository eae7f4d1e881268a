"""Practice cases: the curated vignettes, and a seeded generator that renders varied prose.

Every generated case is checked against the engine: the grade it was built for is the grade
the engine gives (one source of truth), and the same seed always gives the same cases.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from knowledge.assessment import assess
from knowledge.content import Trap
from knowledge.plain import to_plain
from knowledge.slots import STEROID_VALUES, Case

if TYPE_CHECKING:  # the practice content's schema (pydantic) only where vignettes are read
    from knowledge.practice import Vignette


@dataclass(frozen=True)
class PracticeCase:
    id: str
    text: str
    slots: Case
    concepts: tuple[str, ...]
    traps: tuple[Trap, ...]
    curated: bool


@cache
def prose() -> dict[str, Any]:
    """The generator's phrases (`dialogs/data/prose.toml`), checked with every dialog data file."""
    from dialogs.data_files import default_content

    return default_content().prose


def from_vignette(v: Vignette) -> PracticeCase:
    return PracticeCase(v.id, v.text, to_plain(v.slots), tuple(v.concepts), tuple(v.traps), curated=True)


# (hypotension, oxygen) pairs that give each grade when febrile
_BY_GRADE: dict[int, list[tuple[str, str]]] = {
    1: [("none", "none")],
    2: [("fluids", "none"), ("none", "low-flow"), ("fluids", "low-flow")],
    3: [("one-pressor", "none"), ("none", "high-flow"), ("one-pressor", "low-flow"), ("fluids", "high-flow")],
    4: [("multi-pressor", "none"), ("none", "positive-pressure"), ("multi-pressor", "high-flow")],
}


def _concepts(slots: Case, traps: list[Trap], grade: int | None) -> list[str]:
    found: list[str] = []
    febrile = (slots.temperature_c or 0) >= 38.0
    if grade == 0:
        found.append("grade0-not-crs")
    elif not febrile:
        found.append("fever-waiver")
    elif grade == 1:
        found.append("fever-threshold")
    trap_concepts = {"vasopressin": "vasopressin-count", "six-litres": "six-litres",
                     "organ-toxicity": "organ-toxicity", "gm-csf": "gm-csf"}
    found += [trap_concepts[t] for t in traps if t in trap_concepts]
    if slots.oxygen == "high-flow":
        found.append("masks")
    if slots.oxygen == "positive-pressure":
        found.append("positive-pressure")
    if slots.hypotension not in (None, "none") and slots.oxygen not in (None, "none"):
        found.append("more-severe")
    if grade is not None and grade >= 2 and (slots.tocilizumab_doses or 0) < 4:
        found.append("toci-dose")
    if grade is not None and grade >= 3:
        found.append("icu")
        found.append("steroids-by-grade" if slots.steroids == "full" else "anakinra-steroids-declined")
    if slots.icans:
        found.append("icans-tocilizumab")
    return list(dict.fromkeys(found))


# The prose's product names (prose.toml `products`) as product keys of the slot registry.
def generate(rng: random.Random, grade: int, stance: str, number: int) -> PracticeCase:
    """One case built to have `grade` (0-4) and the team's `stance` on steroids."""
    from dialogs.prose_file import PRODUCT_NAMES  # with the prose's schema: only when cases are generated

    p = prose()
    traps: list[Trap] = []
    day = rng.randint(1, 9)
    named = rng.choice(p["products"])
    opening = rng.choice(p["opening"]).format(day=day, product=named)
    parts = [opening[:1].upper() + opening[1:]]
    treated = grade >= 2 and rng.random() < 0.35
    if grade == 0:
        hypo, oxy = rng.choice([("one-pressor", "none"), ("none", "low-flow"), ("fluids", "none")])
        temp = rng.choice([36.8, 37.1, 37.4])
        parts.append(rng.choice(p["temperature"]["afebrile_untreated"]).format(c=temp))
        treated = False
    else:
        hypo, oxy = rng.choice(_BY_GRADE[grade])
        if treated and grade >= 2:
            temp = 37.0
            traps.append("fever-after-toci")
            parts.append(rng.choice(p["temperature"]["afebrile_treated"]).format(c=temp))
        else:
            temp = rng.choice([38.0, 38.3, 38.6, 38.9, 39.2, 39.6, 40.1])
            if rng.random() < 0.3:
                f = round(temp * 9 / 5 + 32, 1)
                parts.append(rng.choice(p["temperature"]["febrile_f"]).format(f=f))
                temp = round((f - 32) * 5 / 9, 2)
            else:
                parts.append(rng.choice(p["temperature"]["febrile_c"]).format(c=temp))
    if hypo == "one-pressor" and rng.random() < 0.5:
        parts.append(rng.choice(p["hypotension"]["one-pressor-vaso"]))
        traps.append("vasopressin")
    else:
        parts.append(rng.choice(p["hypotension"][hypo]))
    litres = rng.choice([2, 3, 4, 5, 6])
    if oxy == "low-flow" and litres == 6:
        traps.append("six-litres")
    parts.append(rng.choice(p["oxygen"][oxy]).format(litres=litres))
    doses = rng.choice([1, 1, 2]) if treated else 0
    anakinra = 0
    parts.append(rng.choice(p["given"]["toci"]).format(n=doses) if doses else rng.choice(p["given"]["no_toci"]))
    if treated and grade >= 3 and stance != "full" and rng.random() < 0.5:
        anakinra = 400
        parts.append(p["given"]["anakinra"][0])
    parts.append(rng.choice(p["stance"][stance]))
    kg = rng.choice([18, 26, 45, 58, 66, 72, 80, 95, 110, 130])
    parts.append(rng.choice(p["rest"]["weight_kg"]).format(kg=kg))
    neutropenic = rng.random() < 0.3
    anc = rng.choice([200, 300, 400]) if neutropenic else rng.choice([900, 1500, 2200])
    parts.append(rng.choice(p["rest"]["neutropenic" if neutropenic else "not_neutropenic"]).format(anc=anc))
    if neutropenic and grade >= 1:
        traps.append("gm-csf")
    icans = rng.random() < 0.2
    ice: int | None = None
    if icans:
        line = rng.choice(p["rest"]["icans"])
        ice = rng.choice([4, 6, 8])
        parts.append(line.format(ice=ice))
    else:
        parts.append(rng.choice(p["rest"]["no_icans"]))
    if grade >= 1 and rng.random() < 0.15:
        parts.append(rng.choice(p["rest"]["organ"]))
        traps.append("organ-toxicity")
    slots = Case.model_construct(temperature_c=temp, anticytokine_given=treated, hypotension=hypo, oxygen=oxy,
                 steroids=stance, tocilizumab_doses=doses, anakinra_mg_day=anakinra,
                 weight_kg=float(kg), neutropenic=neutropenic, icans=icans, ice_score=ice,
                 product=PRODUCT_NAMES[named], day=day)
    result = assess(slots).grade
    if result != grade:
        raise AssertionError(f"generator built grade {grade} but the engine says {result}: {slots}")
    return PracticeCase(f"g{number:03d}-grade{grade}-{stance}", " ".join(parts), slots,
                        tuple(_concepts(slots, traps, grade)), tuple(traps), curated=False)


def run_cases(seed: int, count: int, prefer: tuple[str, ...] = ()) -> tuple[PracticeCase, ...]:
    """`count` distinct cases: curated vignettes that teach a preferred concept first, then a
    mix of curated and generated cases cycling through every grade and steroid stance."""
    rng = random.Random(seed)
    from knowledge.practice import default_practice

    _, vignettes = default_practice()
    pool = [from_vignette(v) for v in vignettes]
    rng.shuffle(pool)
    preferred = [c for c in pool if set(c.concepts) & set(prefer)]
    chosen: list[PracticeCase] = preferred[: max(0, count // 2)]
    grades = [0, 1, 2, 3, 4]
    stances = list(STEROID_VALUES)
    rng.shuffle(grades)
    rng.shuffle(stances)
    n = made = 0
    seen = {c.text for c in chosen}
    rest = [c for c in pool if c not in chosen]
    while len(chosen) < count:
        if rest and n % 3 == 2:
            case = rest.pop()
        else:
            case = generate(rng, grades[made % 5], stances[made % 3], n)
            made += 1
        n += 1
        if case.text not in seen:
            seen.add(case.text)
            chosen.append(case)
        if n > count * 20:
            raise RuntimeError("could not find enough distinct practice cases")
    return tuple(chosen[:count])
