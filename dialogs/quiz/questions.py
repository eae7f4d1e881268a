"""Questions about a practice case, with the right answer taken from the engine.

Five kinds: the ASTCT grade; the next best action (multiple choice over plan action codes,
distractors from near misses and classic pitfalls); the tocilizumab dose for the weight; the
ASTCT ICANS grade (when the case gives every ICANS domain); and the product label's action for
the grade (the engine's product-label item against the same label's rows for other grades).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from typing import Literal

from dialogs.quiz.cases import PracticeCase
from knowledge import slot_registry
from knowledge.assessment import Assessment, assess
from knowledge.loader import default_kb
from knowledge.slots import STEROID_VALUES, Case

QuestionKind = Literal["grade", "action", "dose", "icans", "product"]
UNDEFINED = "Not defined by ASTCT"
GRADE_OPTIONS = ("Grade 0 (criteria not met)", "Grade 1", "Grade 2", "Grade 3", "Grade 4", UNDEFINED)
ICANS_OPTIONS = ("ICANS grade 0 (no ICANS)", "ICANS grade 1", "ICANS grade 2", "ICANS grade 3", "ICANS grade 4")
GM_CSF_OPTION = "Start GM-CSF (sargramostim) for the neutropenia"

# The plan action that best answers "what next?", most decisive first.
KEY_ACTIONS = (
    "consider-alternative-causes", "corticosteroid-high-dose", "anakinra-escalate", "anakinra", "tocilizumab",
    "siltuximab", "icu-transfer", "icans-assessment", "antibiotics-empiric", "corticosteroid-low-dose",
    "vasopressor-support", "oxygen", "fluids", "labs",
)
# Which statement explains each classic pitfall, and which concept it belongs to.
TRAP_TEACHING = {
    "vasopressin": ("astct-vasopressin", "vasopressin-count"),
    "six-litres": ("astct-six-litres", "six-litres"),
    "fever-after-toci": ("astct-fever-waiver", "fever-waiver"),
    "organ-toxicity": ("astct-organ-toxicity", "organ-toxicity"),
    "gm-csf": ("avoid-gm-csf", "gm-csf"),
}


@dataclass(frozen=True)
class Question:
    kind: QuestionKind
    prompt: str
    options: tuple[str, ...]
    correct: int
    concepts: tuple[str, ...]
    statements: tuple[str, ...]  # what the feedback explains with
    pitfalls: tuple[tuple[int, str], ...] = ()  # (option index, statement id) for trap answers


def grade_option(result: Assessment) -> int:
    return result.grade if result.grade is not None else len(GRADE_OPTIONS) - 1


def _pitfall_grades(case: PracticeCase) -> list[tuple[int, str]]:
    """The grade a trainee would give by falling into each of the case's traps."""
    out: list[tuple[int, str]] = []
    s = case.slots
    for trap in case.traps:
        wrong: Case | None = None
        if trap == "vasopressin" and s.hypotension == "one-pressor":
            wrong = s.model_copy(update={"hypotension": "multi-pressor"})
        elif trap == "six-litres" and s.oxygen == "low-flow":
            wrong = s.model_copy(update={"oxygen": "high-flow"})
        elif trap == "fever-after-toci":
            wrong = s.model_copy(update={"anticytokine_given": False})
        elif trap == "organ-toxicity":
            right = assess(s).grade
            if right is not None and right < 4:
                out.append((right + 1, TRAP_TEACHING[trap][0]))
        if wrong is not None:
            out.append((grade_option(assess(wrong)), TRAP_TEACHING[trap][0]))
    return out


def grade_question(case: PracticeCase, result: Assessment) -> Question:
    correct = grade_option(result)
    pitfalls = tuple((i, sid) for i, sid in _pitfall_grades(case) if i != correct)
    grading = [c for c in case.concepts if c in {
        "fever-threshold", "fever-waiver", "grade0-not-crs", "more-severe", "vasopressin-count", "vasopressin-only",
        "six-litres", "masks", "positive-pressure", "organ-toxicity"}]
    return Question("grade", "What is the ASTCT CRS grade?", GRADE_OPTIONS, correct,
                    tuple(grading) or ("more-severe",), result.grading.statement_ids, pitfalls)


def _near_miss_actions(case: PracticeCase, result: Assessment) -> list[str]:
    """Actions that belong to plans one step away: the grade one off, another steroid stance."""
    s = case.slots
    variants: list[Case] = [s.model_copy(update={"steroids": st}) for st in STEROID_VALUES]
    for hypo, oxy in (("none", "none"), ("fluids", "low-flow"), ("one-pressor", "high-flow"),
                      ("multi-pressor", "positive-pressure")):
        variants.append(s.model_copy(update={"hypotension": hypo, "oxygen": oxy}))
    have = set(result.plan.actions)
    found: list[str] = []
    for v in variants:
        found += [a for a in assess(v).plan.actions if a not in have and a not in found]
    return found


def action_question(case: PracticeCase, result: Assessment, rng: random.Random) -> Question | None:
    key = next((a for a in KEY_ACTIONS if a in result.plan.actions), None)
    if key is None:
        return None
    labels: dict[str, str] = {a.code: a.label for a in default_kb().actions}
    distractors = [labels[a] for a in _near_miss_actions(case, result) if a in KEY_ACTIONS]
    pitfalls: list[str] = [GM_CSF_OPTION] if "gm-csf" in case.traps else []
    extra = [labels[a] for a in KEY_ACTIONS if a not in result.plan.actions and labels[a] not in distractors]
    wrong = list(dict.fromkeys(pitfalls + distractors + extra))[:3]
    options = [labels[key], *wrong]
    rng.shuffle(options)
    item = next(i for i in result.plan.items if i.action == key)
    concept = {"tocilizumab": "toci-dose", "corticosteroid-high-dose": "steroids-by-grade",
               "anakinra": "anakinra-steroids-declined", "anakinra-escalate": "anakinra-evidence",
               "consider-alternative-causes": "grade0-not-crs", "icu-transfer": "icu",
               "icans-assessment": "icans-tocilizumab", "antibiotics-empiric": "gm-csf",
               "siltuximab": "refractory-options"}.get(key, "icu")
    trap = tuple((options.index(GM_CSF_OPTION), "avoid-gm-csf") for _ in pitfalls)
    return Question("action", "Which of these belongs in the plan now?", tuple(options), options.index(labels[key]),
                    (concept,), item.statement_ids, trap)


def dose_question(case: PracticeCase, result: Assessment, rng: random.Random) -> Question | None:
    toci = next((i for i in result.plan.items if i.action == "tocilizumab"), None)
    w = case.slots.weight_kg
    if toci is None or toci.dose_mg is None or w is None:
        return None
    right = round(toci.dose_mg)
    candidates = [round(8 * w), round(12 * w), 800, round(4 * w), round(10 * w)]
    wrong = [c for c in dict.fromkeys(candidates) if c != right and c > 0][:3]
    values = [right, *wrong]
    rng.shuffle(values)
    return Question("dose", f"What tocilizumab dose for this patient ({w:g} kg)?",
                    tuple(f"{v} mg" for v in values), values.index(right), ("toci-dose",), toci.statement_ids)


def icans_question(result: Assessment) -> Question | None:
    if result.icans.status not in ("graded", "no-icans") or result.case.icans is not True:
        return None
    correct = result.icans.grade or 0
    return Question("icans", "What is the ASTCT ICANS grade?", ICANS_OPTIONS, correct, ("icans-grade",),
                    ("icans-grading",))


def _action_words(text: str) -> str:
    """A label statement's action without its "Product label, grade N CRS:" lead (no give-away)."""
    head, sep, rest = text.partition(": ")
    return rest if sep and "label" in head else text


def product_question(result: Assessment, rng: random.Random) -> Question | None:
    product = result.case.product
    item = next((i for i in result.plan.items if i.action == "product-label"), None)
    if product is None or item is None or result.grade is None:
        return None
    kb = default_kb()
    right = _action_words(kb.by_id[item.statement_ids[0]].text)
    others = [_action_words(s.text) for s in kb.statements
              if s.action == "product-label" and product in s.product and s.id not in item.statement_ids]
    wrong = [o for o in dict.fromkeys(others) if o != right][:3]
    if not wrong:
        return None
    options = [right, *wrong]
    rng.shuffle(options)
    name = slot_registry.default_registry().value_words("product")[product]
    return Question("product", f"What does the {name} label say to do now for this CRS grade?", tuple(options),
                    options.index(right), ("product-label",), item.statement_ids)


def questions_for(case: PracticeCase, seed: int) -> tuple[Question, ...]:
    rng = random.Random(f"{seed}:{case.id}")
    result = assess(case.slots)
    found = [grade_question(case, result), icans_question(result), action_question(case, result, rng),
             product_question(result, rng), dose_question(case, result, rng)]
    return tuple(replace(q, concepts=tuple(dict.fromkeys(q.concepts))) for q in found if q is not None)
