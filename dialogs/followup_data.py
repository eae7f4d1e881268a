"""The follow-up drug table as the program reads it (plain data, no pydantic); its schema and
reader are `dialogs.followup_file`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Drug:
    concept: str
    action: str
    count_slot: str | None = None
    running_slot: str | None = None


@dataclass(frozen=True)
class FollowupData:
    more_concepts: frozenset[str]
    more_words: tuple[str, ...]
    drugs: tuple[Drug, ...]
