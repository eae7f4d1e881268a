"""Values a case may hold that no guideline expects: accepted as facts, but flagged for a second look.

A flag never changes the grade or the plan; it is one line naming the slot, the value and the cap.
"""

from __future__ import annotations

from knowledge.slots import Case

# FACTS.md section 3: tocilizumab no more than 3 doses in 24 h and 4 in total (ASCO, NCCN; LABEL).
# The plan statements test the same cap (`tocilizumab_doses = { lt = 4 }` in statements/tocilizumab.toml).
TOCILIZUMAB_TOTAL_DOSES = 4


def case_flags(case: Case) -> list[str]:
    """One line per value beyond a guideline cap, in slot order; empty when there is none."""
    flags: list[str] = []
    doses = case.tocilizumab_doses
    if doses is not None and doses > TOCILIZUMAB_TOTAL_DOSES:
        flags.append(f"tocilizumab_doses: {doses} is more than the {TOCILIZUMAB_TOTAL_DOSES} doses in total the "
                     "guidelines allow; taken as given, please check it")
    return flags
