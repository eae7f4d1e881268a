"""The ICD-10-CM code file (knowledge/data/icd10.toml): its schema and its reader, through the
one loading function. The knowledge base's loader keeps what it reads (`KnowledgeBase.icd10`);
`knowledge.coding` gives the codes out."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from knowledge import datafile
from knowledge.datafile import Problem

ICD_FILE = "icd10.toml"  # in the knowledge base's data folder


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class _Entry(_Strict):
    code: str = Field(pattern=r"^[A-Z][0-9]{2}\.[0-9A-Z]{1,4}$")
    status: Literal["V2", "U"]  # the keys of STATUS_WORDS


Grade = Literal["1", "2", "3", "4"]


class _CodeFile(_Strict):
    crs: dict[Grade, _Entry]
    icans: dict[Grade, _Entry]


def read_codes(root: Path) -> tuple[dict[str, dict[int, tuple[str, str]]] | None, list[Problem]]:
    """The codes in `root`/icd10.toml by condition and grade (None when anything is wrong), and
    every problem, through the one loading function."""
    codes, problems = datafile.load(root / ICD_FILE, ICD_FILE, _CodeFile)
    if codes is None:
        return None, problems
    return {cond: {int(g): (e.code, e.status) for g, e in getattr(codes, cond).items()}
            for cond in ("crs", "icans")}, []
