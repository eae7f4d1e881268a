"""The knowledge base's content as the program reads it: plain frozen dataclasses, no pydantic.

Each class here is the run-time form of the schema model of the same name in `knowledge.models`,
which validates the data files (`kb check`, the loader) and is converted into these
(`knowledge.plain.to_plain`); `tests/knowledge/test_compiled.py` checks that each pair has the
same fields and defaults. The methods live here, where the program calls them; every field is
named when one is built (`kw_only`), as in the schema.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from knowledge.plain import Plain, field

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
PlanSection = Literal["now", "if-no-improvement", "monitor"]
Region = Literal["US", "EU", "HK", "UK", "all"]
ReferenceKind = Literal["source-document", "guideline", "primary-study", "review", "drug-label"]
Verified = Literal["full text", "partial", "secondary reproduction", "not seen"]

Scalar = bool | int | float | str

# the traps a practice vignette may set (knowledge/data/vignettes.toml)
Trap = Literal["vasopressin", "six-litres", "fever-after-toci", "organ-toxicity", "gm-csf"]


class Predicate(Plain, kw_only=True):
    """A test on one slot's value. Every operator given must hold."""

    ALIASES: ClassVar[dict[str, str]] = {"in_": "in"}

    eq: Scalar | None = None
    ne: Scalar | None = None
    in_: list[Scalar] | None = None
    not_in: list[Scalar] | None = None
    lt: float | None = None
    le: float | None = None
    gt: float | None = None
    ge: float | None = None
    known: bool | None = None


Condition = dict[str, Predicate]


class Review(Plain, kw_only=True):
    """Who reviewed a piece of content, when, and whether the review is final."""

    status: Literal["draft", "reviewed"]
    date: str
    by: str


class Dose(Plain, kw_only=True):
    """A dose as people read it (`words`) and, when it can be computed, its parameters: a fixed
    `mg`, or `mg_per_kg` (with an optional cap `max_mg`). Each parameter lies within the bounds
    declared for its `drug` in `dose_bounds.toml` (checked at load)."""

    words: str
    drug: str | None = None
    mg: float | None = None
    mg_per_kg: float | None = None
    max_mg: float | None = None
    # a daily range [low, high] in mg/kg/day, computed for the weight and offered only above the
    # daily dose now running (`anakinra_mg_day`)
    mg_per_kg_day: list[float] | None = None
    max_mg_day: float | None = None  # caps the daily range

    def parameters(self) -> dict[str, float]:
        """The numeric parameters given, by name."""
        found = {"mg": self.mg, "mg_per_kg": self.mg_per_kg, "max_mg": self.max_mg, "max_mg_day": self.max_mg_day}
        return {name: value for name, value in found.items() if value is not None}


class Bound(Plain, kw_only=True):
    """An inclusive range of reviewed values."""

    min: float
    max: float

    def holds(self, value: float) -> bool:
        return self.min <= value <= self.max


class DrugBounds(Plain, kw_only=True):
    """What a drug's dose parameters may be (`mg`, `mg_per_kg`, `max_mg`), and what a computed
    dose in mg may be (`dose_mg`). A parameter without a bound may not be used for that drug."""

    drug: str
    dose_mg: Bound
    mg: Bound | None = None
    mg_per_kg: Bound | None = None
    max_mg: Bound | None = None
    max_mg_day: Bound | None = None
    # the schedule's caps, where the guidelines give them (tocilizumab): doses in any 24 hours,
    # doses in total, and the shortest interval between two doses in hours
    doses_per_24h: int | None = None
    doses_total: int | None = None
    min_interval_h: float | None = None
    refs: list[str]
    review: Review

    def bound(self, parameter: str) -> Bound | None:
        found: Bound | None = getattr(self, parameter)
        return found


class Statement(Plain, kw_only=True):
    """One reviewed statement of the knowledge base: its text, sources, and when it applies."""

    id: str
    text: str
    refs: list[str]
    evidence: str | None = None
    keywords: list[str] = field(default_factory=list)
    review: Review
    action: ActionCode | None = None
    role: Literal["primary", "note"] | None = None
    when: Condition = field(default_factory=dict)
    when_any: list[Condition] = field(default_factory=list)
    when_actions: list[ActionCode] = field(default_factory=list)
    dose: Dose | None = None
    # Product statements (FACTS-2): the products they are about, the fact's status, the
    # label region and the label date ("undated" where the fact sheet gives none).
    product: list[str] = field(default_factory=list)
    status: FactStatus | None = None
    region: Region | None = None
    label_date: str | None = None


class Reference(Plain, kw_only=True):
    """A source the statements cite, by tag, with how much of it the team saw."""

    tag: str
    title: str
    source: str
    year: int | None = None  # None where the fact sheet gives no date
    kind: ReferenceKind
    verified: Verified
    authors: str | None = None
    pmid: str | None = None
    doi: str | None = None
    note: str | None = None


class Action(Plain, kw_only=True):
    """A plan item the statements attach to: its label, severity and section."""

    code: ActionCode
    label: str
    severity: Severity
    section: PlanSection
    critical_from_grade: int | None = None


class KbMeta(Plain, kw_only=True):
    """The knowledge base's name, date of its last update and disclaimer (`kb.toml`)."""

    name: str
    updated: str
    disclaimer: str
