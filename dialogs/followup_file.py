"""The drug table of follow-up questions that ask for more (`dialogs/data/followup.toml`): its
schema and loading. Each drug names a retrieval concept of `knowledge/data/synonyms.toml`, an
action of `knowledge/data/actions.toml` and slots of the slot registry; each must exist."""

from __future__ import annotations

from collections.abc import Container
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from dialogs.followup_data import Drug, FollowupData
from knowledge import datafile, slot_registry
from knowledge.datafile import Problem, entry_name
from knowledge.loader import KnowledgeBase

Word = Annotated[str, StringConstraints(strict=True, pattern=r"\S")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class _Drug(_Strict):
    concept: Word
    action: Word
    count_slot: Word | None = None
    running_slot: Word | None = None


class _File(_Strict):
    more_concepts: list[Word] = Field(min_length=1)
    more_words: list[Word] = Field(min_length=1)
    drug: list[_Drug] = Field(min_length=1)


class _Everything:
    def __contains__(self, item: object) -> bool:
        return True


def reference_problems(raw: _File, rel: str, kb: KnowledgeBase | None) -> list[Problem]:
    from knowledge.datafile import DataFileError
    from knowledge.retrieval_text import default_vocabulary

    try:
        concepts: Container[str] = default_vocabulary().concepts
    except DataFileError:  # a broken synonym table is its own problem (kb check lists it); nothing to check against
        concepts = _Everything()
    actions = set() if kb is None else {a.code for a in kb.actions}
    slots = {s.name for s in slot_registry.default_registry().slots}
    problems = [Problem(rel, f"'{c}' is not a concept of knowledge/data/synonyms.toml", "", "more_concepts")
                for c in raw.more_concepts if c not in concepts]
    for index, drug in enumerate(raw.drug):
        where = entry_name("drug", index, drug.model_dump())
        if drug.concept not in concepts:
            problems.append(Problem(rel, f"'{drug.concept}' is not a concept of knowledge/data/synonyms.toml",
                                    where, "concept"))
        if kb is not None and drug.action not in actions:
            problems.append(Problem(rel, f"action '{drug.action}' is not declared in actions.toml", where, "action"))
        for field in ("count_slot", "running_slot"):
            slot = getattr(drug, field)
            if slot is not None and slot not in slots:
                problems.append(Problem(rel, f"unknown slot '{slot}'", where, field))
    return problems


def read_followup(path: Path, rel: str, kb: KnowledgeBase | None) -> tuple[FollowupData | None, list[Problem]]:
    """The drug table in `path` (None when anything is wrong) and every problem."""
    raw, problems = datafile.load(path, rel, _File)
    if raw is None:
        return None, problems
    problems = reference_problems(raw, rel, kb)
    if problems:
        return None, problems
    drugs = tuple(Drug(**d.model_dump()) for d in raw.drug)
    return FollowupData(frozenset(raw.more_concepts), tuple(raw.more_words), drugs), []
