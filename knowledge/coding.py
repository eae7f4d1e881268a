"""ICD-10-CM codes for the documented CRS and ICANS grades (knowledge/data/icd10.toml, from
FACTS-2.md section 7), each with its source status. Only a graded case gets a code: an open,
undefined or zero grade gets none, since a code must never be inferred."""

from __future__ import annotations

from knowledge.loader import kb_in, kb_root
from knowledge.plain import Plain

STATUS_WORDS = {"V2": "seen only on code look-up sites, not the CMS/CDC tabular list", "U": "not confirmed"}


class Code(Plain):
    """One ICD-10-CM code for a condition at a grade, with its status in the fact sheets."""

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


def _table() -> dict[str, dict[int, tuple[str, str]]]:
    """The codes of the knowledge base in use (read and checked with it, `knowledge.coding_file`)."""
    return kb_in(kb_root()).icd10


def code_for(condition: str, grade: int | None) -> Code | None:
    if grade is None or grade < 1:
        return None
    found = _table().get(condition, {}).get(grade)
    return None if found is None else Code(condition, grade, found[0], found[1])


def codes(crs_grade: int | None, icans_grade: int | None) -> tuple[Code, ...]:
    return tuple(c for c in (code_for("crs", crs_grade), code_for("icans", icans_grade)) if c is not None)
