"""Pydantic models of the curated content in `knowledge/data/`."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Severity = Literal["info", "warning", "critical"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "critical": 2}

ActionCode = Literal[
    "tocilizumab",
    "corticosteroid-high-dose",
    "corticosteroid-low-dose",
    "corticosteroid-escalate",
    "corticosteroid-not-covered",
    "anakinra",
    "anakinra-escalate",
    "siltuximab",
    "ruxolitinib",
    "cyclophosphamide",
    "cytokine-adsorption-crrt",
    "ivig",
    "antithymocyte-globulin",
    "icu-transfer",
    "vasopressor-support",
    "fluids",
    "oxygen",
    "labs",
    "infection-workup",
    "antibiotics-empiric",
    "antifungal-prophylaxis",
    "avoid-gm-csf",
    "icans-assessment",
    "consider-alternative-causes",
    "product-label",
    "definition-conflict",
    "product-info",
]

# A fact's status in the clinical fact sheets (FACTS.md, FACTS-2.md): V seen in the named
# source, V2 seen only in a secondary reproduction, U not confirmed; "not-covered" marks a
# statement that says the fact sheets do not cover a product, grade, region or age.
FactStatus = Literal["V", "V2", "U", "not-covered"]

Scalar = bool | int | float | str


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


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


class Review(_Strict):
    status: Literal["draft", "reviewed"]
    date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    by: str


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

    def parameters(self) -> dict[str, float]:
        """The numeric parameters given, by name."""
        found = {"mg": self.mg, "mg_per_kg": self.mg_per_kg, "max_mg": self.max_mg, "max_mg_day": self.max_mg_day}
        return {name: value for name, value in found.items() if value is not None}


class Bound(_Strict):
    """An inclusive range of reviewed values."""

    min: float = Field(gt=0, allow_inf_nan=False)
    max: float = Field(gt=0, allow_inf_nan=False)

    @model_validator(mode="after")
    def _ordered(self) -> Bound:
        if self.min > self.max:
            raise ValueError("'min' is above 'max'")
        return self

    def holds(self, value: float) -> bool:
        return self.min <= value <= self.max


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

    def bound(self, parameter: str) -> Bound | None:
        found: Bound | None = getattr(self, parameter)
        return found


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


PlanSection = Literal["now", "if-no-improvement", "monitor"]


class Action(_Strict):
    code: ActionCode
    label: str
    severity: Severity
    section: PlanSection
    critical_from_grade: int | None = Field(None, ge=0, le=4)


class KbMeta(_Strict):
    name: str
    updated: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    disclaimer: str
