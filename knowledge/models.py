"""The schema of the curated content in `knowledge/data/`: pydantic models that validate it.

Validation only (`kb check`, the loader): each model is converted, once validated, into the plain
frozen dataclass of the same name in `knowledge.content` (`plain_form`), which is what the rest of
the program reads and what the compiled snapshot holds. The type names (`Scalar`, `ActionCode`,
...) are declared once, in `knowledge.content`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from knowledge import content
from knowledge.content import SEVERITY_RANK, ActionCode, FactStatus, PlanSection, Scalar, Severity
from knowledge.plain import plain_form

__all__ = ["SEVERITY_RANK", "ActionCode", "FactStatus", "PlanSection", "Scalar", "Severity"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


@plain_form(content.Predicate)
class Predicate(_Strict):
    """A test on one slot's value. Every operator given must hold."""

    eq: Scalar | None = None
    ne: Scalar | None = None
    in_: list[Scalar] | None = Field(None, alias="in")
    not_in: list[Scalar] | None = None
    lt: float | None = None
    le: float | None = None
    gt: float | None = None
    ge: float | None = None
    known: bool | None = None

    @model_validator(mode="after")
    def _at_least_one(self) -> Predicate:
        if not self.model_fields_set:
            raise ValueError("a predicate needs at least one operator (eq, in, ge, known, ...)")
        return self


Condition = dict[str, Predicate]


@plain_form(content.Review)
class Review(_Strict):
    status: Literal["draft", "reviewed"]
    date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    by: str


@plain_form(content.Dose)
class Dose(_Strict):
    """A dose as people read it (`words`) and, when it can be computed, its parameters: a fixed
    `mg`, or `mg_per_kg` (with an optional cap `max_mg`). Each parameter must lie within the
    bounds declared for its `drug` in `dose_bounds.toml` (checked at load)."""

    words: str = Field(min_length=1)
    drug: str | None = Field(None, pattern=r"^[a-z][a-z0-9-]*$")
    mg: float | None = Field(None, gt=0, allow_inf_nan=False)
    mg_per_kg: float | None = Field(None, gt=0, allow_inf_nan=False)
    max_mg: float | None = Field(None, gt=0, allow_inf_nan=False)
    # a daily range [low, high] in mg/kg/day, computed for the weight and offered only above the
    # daily dose now running (`anakinra_mg_day`)
    mg_per_kg_day: list[float] | None = Field(None, min_length=2, max_length=2)
    max_mg_day: float | None = Field(None, gt=0, allow_inf_nan=False)  # caps the daily range

    @model_validator(mode="after")
    def _parameters_fit_together(self) -> Dose:
        if self.mg_per_kg_day is not None and not 0 < self.mg_per_kg_day[0] <= self.mg_per_kg_day[1]:
            raise ValueError("'mg_per_kg_day' is [low, high] with 0 < low <= high")
        if self.mg is not None and self.mg_per_kg is not None:
            raise ValueError("a dose is either fixed ('mg') or weight-based ('mg_per_kg'), not both")
        if self.max_mg_day is not None and self.mg_per_kg_day is None:
            raise ValueError("'max_mg_day' caps a daily range; it needs 'mg_per_kg_day'")
        if self.max_mg is not None and self.mg_per_kg is None:
            raise ValueError("'max_mg' caps a weight-based dose; it needs 'mg_per_kg'")
        if (self.mg is not None or self.mg_per_kg is not None) and self.drug is None:
            raise ValueError("a dose with 'mg' or 'mg_per_kg' needs a 'drug' (its bounds are in dose_bounds.toml)")
        return self


@plain_form(content.Bound)
class Bound(_Strict):
    """An inclusive range of reviewed values."""

    min: float = Field(gt=0, allow_inf_nan=False)
    max: float = Field(gt=0, allow_inf_nan=False)

    @model_validator(mode="after")
    def _ordered(self) -> Bound:
        if self.min > self.max:
            raise ValueError("'min' is above 'max'")
        return self


@plain_form(content.DrugBounds)
class DrugBounds(_Strict):
    """What a drug's dose parameters may be (`mg`, `mg_per_kg`, `max_mg`), and what a computed
    dose in mg may be (`dose_mg`). A parameter without a bound may not be used for that drug."""

    drug: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    dose_mg: Bound
    mg: Bound | None = None
    mg_per_kg: Bound | None = None
    max_mg: Bound | None = None
    max_mg_day: Bound | None = None
    # the schedule's caps, where the guidelines give them (tocilizumab): doses in any 24 hours,
    # doses in total, and the shortest interval between two doses in hours
    doses_per_24h: int | None = Field(None, ge=1)
    doses_total: int | None = Field(None, ge=1)
    min_interval_h: float | None = Field(None, gt=0)
    refs: list[str] = Field(min_length=1)
    review: Review


@plain_form(content.Statement)
class Statement(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    text: str = Field(min_length=1)
    refs: list[str] = Field(min_length=1)
    evidence: str | None = None
    keywords: list[str] = []
    review: Review
    action: ActionCode | None = None
    role: Literal["primary", "note"] | None = None
    when: Condition = {}
    when_any: list[Condition] = []
    when_actions: list[ActionCode] = []
    dose: Dose | None = None
    # Product statements (FACTS-2): the products they are about, the fact's status, the
    # label region and the label date ("undated" where the fact sheet gives none).
    product: list[str] = []
    status: FactStatus | None = None
    region: Literal["US", "EU", "HK", "UK", "all"] | None = None
    label_date: str | None = Field(None, pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?|undated)$")

    @model_validator(mode="after")
    def _plan_fields_go_together(self) -> Statement:
        has_rule = bool(self.when or self.when_any or self.when_actions or self.dose)
        if self.action is None and (self.role is not None or has_rule):
            raise ValueError("'role', 'when', 'when_any', 'when_actions' and 'dose' need an 'action'")
        if self.action is not None and self.role is None:
            raise ValueError("a statement with an 'action' needs a 'role' (primary or note)")
        if self.dose is not None and "population" not in self.when:
            raise ValueError("a statement with a 'dose' must say whose dose it is: add population = "
                             "{ eq = \"adult\" }, { eq = \"child\" } or { in = [\"adult\", \"child\"] } to its "
                             "'when' (FACTS-2 section 1: a child never gets an adult dose by default)")
        return self


@plain_form(content.Reference)
class Reference(_Strict):
    tag: str = Field(pattern=r"^[A-Z][A-Z0-9]*$")
    title: str
    source: str
    year: int | None = Field(None, ge=1900, le=2100)  # None where the fact sheet gives no date
    kind: Literal["source-document", "guideline", "primary-study", "review", "drug-label"]
    verified: Literal["full text", "partial", "secondary reproduction", "not seen"]
    authors: str | None = None
    pmid: str | None = None
    doi: str | None = None
    note: str | None = None



@plain_form(content.Action)
class Action(_Strict):
    code: ActionCode
    label: str
    severity: Severity
    section: PlanSection
    critical_from_grade: int | None = Field(None, ge=0, le=4)


@plain_form(content.KbMeta)
class KbMeta(_Strict):
    name: str
    updated: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    disclaimer: str
