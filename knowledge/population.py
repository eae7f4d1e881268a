"""Whose doses the plan may give: an adult's or a child's (FACTS-2 section 1).

A child's corticosteroid doses are not covered by the fact sheets, so the plan must know
whether the patient is a child before it gives a dose. The consult asks when the weight is
under the tocilizumab label's 30 kg threshold; until then a patient under 30 kg whose age is
not given is dosed as a child (no adult dose), and one of 30 kg or more as an adult.
"""

from __future__ import annotations

from knowledge.slots import Case

# The tocilizumab label's weight threshold (12 mg/kg under 30 kg; FACTS.md, FACTS-2 section 1),
# below which the consult asks whether the patient is a child.
CHILD_QUESTION_BELOW_KG = 30


def population(case: Case) -> tuple[str, bool]:
    """"adult" or "child", and whether that was assumed (the age was not given)."""
    if case.child is not None:
        return ("child" if case.child else "adult"), False
    if case.weight_kg is not None and case.weight_kg < CHILD_QUESTION_BELOW_KG:
        return "child", True
    return "adult", True
