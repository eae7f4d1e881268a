"""Practice content: teaching concepts and curated vignettes (`concepts.toml`, `vignettes.toml`).

The right answers to a vignette are never stored: they are computed from its slots by the
same grading and plan engine the bedside consult uses.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from knowledge import datafile
from knowledge.case_schema import CaseSchema
from knowledge.content import Trap
from knowledge.icans import DOMAIN_SLOTS
from knowledge.loader import DATA_DIR, KbLoadError, KnowledgeBase
from knowledge.products import OPTIONAL_SLOTS

# Slots a vignette may leave out: the ICANS domains (read only when neurotoxicity is present),
# the product and its day, whether the patient is a child (a vignette says so when it is) and
# whether CRS improved on first-line therapy (unknown in a vignette that does not say).
OPTIONAL_IN_VIGNETTES: frozenset[str] = frozenset(DOMAIN_SLOTS) | OPTIONAL_SLOTS | {"child", "improving"}



class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Concept(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    statement: str


class Vignette(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    text: str = Field(min_length=20)
    slots: CaseSchema  # validated with the ranges; `Case` is its plain form (`knowledge.plain.to_plain`)
    concepts: list[str] = Field(min_length=1)
    traps: list[Trap] = []


def _entries(path: Path, key: str, model: type[_Strict], problems: list[str]) -> list[_Strict]:
    rel = path.name  # named like every other data file: relative to the data folder
    raw, found = datafile.read_toml(path, rel)
    out, invalid = datafile.entries(raw or {}, key, model, rel)
    problems += datafile.lines([*found, *invalid])
    return out


def load_practice(kb: KnowledgeBase, root: Path = DATA_DIR) -> tuple[tuple[Concept, ...], tuple[Vignette, ...]]:
    problems: list[str] = []
    concepts = [c for c in _entries(root / "concepts.toml", "concept", Concept, problems) if isinstance(c, Concept)]
    vignettes = [v for v in _entries(root / "vignettes.toml", "vignette", Vignette, problems)
                 if isinstance(v, Vignette)]
    known = {c.id for c in concepts}
    for c in concepts:
        if c.statement not in kb.by_id:
            problems.append(f"concepts.toml: concept ({c.id}): statement '{c.statement}' is not in the KB")
    seen: set[str] = set()
    for v in vignettes:
        if v.id in seen:
            problems.append(f"vignettes.toml: vignette ({v.id}): id used twice")
        seen.add(v.id)
        problems += [f"vignettes.toml: vignette ({v.id}): unknown concept '{c}'" for c in v.concepts if c not in known]
        missing = [s for s, value in v.slots.__dict__.items() if value is None and s not in OPTIONAL_IN_VIGNETTES]
        if missing:
            shown = ", ".join(missing)
            problems.append(f"vignettes.toml: vignette ({v.id}): every slot must be given; missing {shown}")
    if problems:
        raise KbLoadError(problems)
    return tuple(concepts), tuple(vignettes)


@cache
def default_practice() -> tuple[tuple[Concept, ...], tuple[Vignette, ...]]:
    from knowledge.loader import default_kb

    return load_practice(default_kb())
