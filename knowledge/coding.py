"""ICD-10-CM codes for the documented CRS and ICANS grades (knowledge/data/icd10.toml, from
FACTS-2.md section 7), each with its source status. Only a graded case gets a code: an open,
undefined or zero grade gets none, since a code must never be inferred."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ICD_PATH = Path(__file__).parent / "data" / "icd10.toml"
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


@cache
def _table() -> dict[str, dict[int, tuple[str, str]]]:
    raw = tomllib.loads(ICD_PATH.read_text(encoding="utf-8"))
    return {cond: {int(g): (e["code"], e["status"]) for g, e in grades.items()} for cond, grades in raw.items()}


def code_for(condition: str, grade: int | None) -> Code | None:
    if grade is None or grade < 1:
        return None
    found = _table().get(condition, {}).get(grade)
    return None if found is None else Code(condition, grade, found[0], found[1])


def codes(crs_grade: int | None, icans_grade: int | None) -> tuple[Code, ...]:
    return tuple(c for c in (code_for("crs", crs_grade), code_for("icans", icans_grade)) if c is not None)
