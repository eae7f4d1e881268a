"""ICD-10-CM codes for the documented CRS and ICANS grades (knowledge/data/icd10.toml, from
FACTS-2.md section 7), each with its source status. Only a graded case gets a code: an open,
undefined or zero grade gets none, since a code must never be inferred."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from knowledge import datafile
from knowledge.datafile import Problem
from knowledge.loader import KbLoadError, kb_root

ICD_FILE = "icd10.toml"  # in the knowledge base's data folder
STATUS_WORDS = {"V2": "seen only on code look-up sites, not the CMS/CDC tabular list", "U": "not confirmed"}


@dataclass(frozen=True)
class Code:
    condition: str  # "crs" or "icans"
    grade: int
    code: str
    status: str

    def words(self) -> str:
        name = "CRS" if self.condition == "crs" else "ICANS"
        return f"{self.code} ({name} grade {self.grade}; ICD-10-CM, {STATUS_WORDS[self.status]}: check before use)"

    def to_json(self) -> dict[str, object]:
        return {"condition": self.condition, "grade": self.grade, "code": self.code, "status": self.status,
                "source": "ICD"}


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


@cache
def _codes_in(root: Path) -> dict[str, dict[int, tuple[str, str]]]:
    table, problems = read_codes(root)
    if table is None:
        raise KbLoadError(problems)
    return table


def _table() -> dict[str, dict[int, tuple[str, str]]]:
    return _codes_in(kb_root())


def code_for(condition: str, grade: int | None) -> Code | None:
    if grade is None or grade < 1:
        return None
    found = _table().get(condition, {}).get(grade)
    return None if found is None else Code(condition, grade, found[0], found[1])


def codes(crs_grade: int | None, icans_grade: int | None) -> tuple[Code, ...]:
    return tuple(c for c in (code_for("crs", crs_grade), code_for("icans", icans_grade)) if c is not None)
