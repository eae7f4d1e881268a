"""Consistency checks over the whole knowledge base (`crs-assistant kb check`).

`knowledge.loader.load` runs the same checks (`problems_in_files`): a knowledge base that this
module rejects never loads. Each problem is one line naming the file, the entry and the field.
"""

from __future__ import annotations

import re
from itertools import product
from pathlib import Path
from typing import Any

from knowledge import datafile
from knowledge.content import Condition, Dose, Statement
from knowledge.loader import DATA_DIR, KbLoadError, KnowledgeBase, kb_root, read
from knowledge.slot_registry import default_registry
from knowledge.slots import WEIGHT_RANGE_KG, slot_vocabulary

PRODUCTS: frozenset[str] = frozenset(map(str, default_registry()["product"].allowed))


_TAG_IN_TEXT = re.compile(r"\[(\d+)\]")


def _value_problems(where: str, slot: str, kind: str | tuple[str, ...], values: list[object]) -> list[str]:
    problems = []
    for v in values:
        if isinstance(kind, tuple):
            if v not in kind:
                problems.append(f"{where}: slot '{slot}' has no value {v!r} (known: {', '.join(kind)})")
        elif kind == "bool" and not isinstance(v, bool):
            problems.append(f"{where}: slot '{slot}' is true/false, not {v!r}")
        elif kind == "number" and (isinstance(v, bool) or not isinstance(v, int | float)):
            problems.append(f"{where}: slot '{slot}' is a number, not {v!r}")
    return problems


def _condition_problems(where: str, name: str, cond: Condition) -> list[str]:
    """`name` is the condition's field ('when', 'when_any[2]'): each problem names `name.slot`."""
    vocab = slot_vocabulary()
    problems = []
    for slot, pred in cond.items():
        at = f"{where}: field '{name}.{slot}'"
        if slot not in vocab:
            problems.append(f"{at}: condition names unknown slot '{slot}' (known: {', '.join(vocab)})")
            continue
        kind = vocab[slot]
        values: list[object] = [v for v in (pred.eq, pred.ne) if v is not None]
        for listed in (pred.in_, pred.not_in):
            values.extend(listed or ())
        problems += _value_problems(at, slot, kind, values)
        bounds = [pred.lt, pred.le, pred.gt, pred.ge]
        if any(b is not None for b in bounds) and kind != "number":
            problems.append(f"{at}: slot '{slot}' is not a number; lt/le/gt/ge do not apply")
    return problems


def _dose_problems(kb: KnowledgeBase, where: str, dose: Dose) -> list[str]:
    """Every parameter within its drug's reviewed bounds, and so is every dose it can compute."""
    if dose.drug is None:
        return []
    drug = kb.dose_bounds.get(dose.drug)
    if drug is None:
        return [f"{where}: field 'dose.drug': drug '{dose.drug}' has no bounds in dose_bounds.toml"]
    problems = []
    for name, value in dose.parameters().items():
        bound = drug.bound(name)
        if bound is None:
            problems.append(f"{where}: field 'dose.{name}': dose_bounds.toml declares no bounds of "
                            f"{name} for {drug.drug}, so it may not be used")
        elif not bound.holds(value):
            problems.append(f"{where}: field 'dose.{name}': {value:g} is outside the reviewed bounds of "
                            f"{drug.drug} ({bound.min:g} to {bound.max:g}, dose_bounds.toml)")
    from knowledge.planning import raw_dose_mg

    for weight in WEIGHT_RANGE_KG:  # the extremes of every weight a case may have
        mg = raw_dose_mg(dose, weight)
        if mg is not None and not drug.dose_mg.holds(mg):
            problems.append(f"{where}: field 'dose': computes {mg:g} mg for {weight:g} kg, outside the reviewed "
                            f"dose_mg bounds of {drug.drug} ({drug.dose_mg.min:g} to {drug.dose_mg.max:g})")
    return problems


def _product_problems(where: str, st: Statement) -> list[str]:
    """A product statement carries its source key, status, region and label date; a U fact is
    never an action, only a caveated claim (a note with an evidence line)."""
    problems: list[str] = []
    if st.product:
        for field in ("status", "region", "label_date"):
            if getattr(st, field) is None:
                problems.append(f"{where}: field '{field}': a product statement needs it")
        unknown = [p for p in st.product if p not in PRODUCTS]
        problems += [f"{where}: field 'product': '{p}' is not a product of the slot registry" for p in unknown]
    if st.status == "U":
        if st.role == "primary":
            problems.append(f"{where}: field 'status': a U fact may not be used as an action (role primary); "
                            "make it a note with an evidence caveat")
        elif not st.evidence:
            problems.append(f"{where}: field 'evidence': a U fact needs its caveat")
    return problems


# the words a statement's text may take from the episode's course (knowledge/course.py `facts`),
# and the `tocilizumab_timing` values under which each is known
COURSE_PLACEHOLDERS = {"toci_next_at": ("wait-interval", "wait-24h"), "toci_last_at": ("wait-interval", "wait-24h"),
                       "toci_in_24h": ("wait-interval", "wait-24h")}


def _placeholder_problems(where: str, st: Statement) -> list[str]:
    """A `{name}` in a statement's text names a course fact, and the statement applies only when
    the course has it (its `tocilizumab_timing` condition allows no other value)."""
    problems = []
    for name in re.findall(r"\{([^{}]*)\}", st.text):
        known = COURSE_PLACEHOLDERS.get(name)
        if known is None:
            problems.append(f"{where}: field 'text': placeholder '{{{name}}}' is not a course fact "
                            f"(known: {', '.join(COURSE_PLACEHOLDERS)})")
            continue
        pred = st.when.get("tocilizumab_timing")
        allowed = None if pred is None else ([pred.eq] if pred.eq is not None else pred.in_)
        if not allowed or any(v not in known for v in allowed):
            problems.append(f"{where}: field 'when': placeholder '{{{name}}}' needs tocilizumab_timing "
                            f"limited to {', '.join(known)}")
    return problems


def _statement_problems(kb: KnowledgeBase, st: Statement, order: dict[str, int]) -> list[str]:
    where = f"{kb.origin.get(st.id, '?')}: statement ({st.id})"
    problems = [f"{where}: field 'refs': cites unknown reference '{tag}'" for tag in st.refs
                if tag not in kb.references]
    if len(set(st.refs)) != len(st.refs):
        problems.append(f"{where}: field 'refs': cites a reference twice")
    if _TAG_IN_TEXT.search(st.text):
        problems.append(f"{where}: field 'text': carries a numbered citation; cite with 'refs' instead")
    problems += _condition_problems(where, "when", st.when)
    for n, cond in enumerate(st.when_any, start=1):
        problems += _condition_problems(where, f"when_any[{n}]", cond)
    if st.action is not None:
        if st.action not in order:
            problems.append(f"{where}: field 'action': action '{st.action}' is not declared in actions.toml")
        for needed in st.when_actions:
            if needed not in order:
                problems.append(f"{where}: field 'when_actions': names undeclared action '{needed}'")
            elif st.action in order and order[needed] >= order[st.action]:
                problems.append(f"{where}: field 'when_actions': names '{needed}', which comes after "
                                f"'{st.action}' in actions.toml")
    problems += _product_problems(where, st)
    problems += _placeholder_problems(where, st)
    if st.dose is not None:
        if st.role != "primary":
            problems.append(f"{where}: field 'dose': a dose belongs on a primary statement")
        problems += _dose_problems(kb, where, st.dose)
    return problems


def _grading_problems(kb: KnowledgeBase) -> list[str]:
    """The grading code cites statements by id: each must be in the knowledge base."""
    from knowledge.grading import grade
    from knowledge.slots import HYPOTENSION_VALUES, OXYGEN_VALUES, Case

    cited: set[str] = set()
    for temp, given, hypo, oxygen in product((None, 37.0, 39.0), (None, False, True),
                                             (None, *HYPOTENSION_VALUES), (None, *OXYGEN_VALUES)):
        values: dict[str, Any] = {slot: None for slot in Case.field_names()}
        values.update(temperature_c=temp, anticytokine_given=given, hypotension=hypo, oxygen=oxygen)
        case = Case.model_construct(**values)  # not validated: the checks must not depend on today's ranges
        cited.update(grade(case).statement_ids)
    return [f"statements/: statement ({sid}): the grading cites it, but no statement file declares it"
            for sid in sorted(cited - set(kb.by_id))]


def problems_in(kb: KnowledgeBase) -> list[str]:
    """Every cross-file problem of a parsed knowledge base (`knowledge.loader.read`)."""
    problems: list[str] = []
    order: dict[str, int] = {a.code: i for i, a in enumerate(kb.actions)}
    if len(order) != len(kb.actions):
        problems.append("actions.toml: an action code is declared twice")
    for st in kb.statements:
        problems += _statement_problems(kb, st, order)
    for drug in kb.dose_bounds.values():
        problems += [f"dose_bounds.toml: drug ({drug.drug}): field 'refs': cites unknown reference '{tag}'"
                     for tag in drug.refs if tag not in kb.references]
    cited = {tag for st in kb.statements for tag in st.refs}
    problems += [
        f"references.toml: reference ({tag}): field 'tag': cited by no statement"
        for tag in kb.references
        if tag not in cited
    ]
    primaries = {st.action for st in kb.statements if st.role == "primary"}
    problems += [
        f"actions.toml: action ({code}): field 'code': has no primary statement, so it can never enter a plan"
        for code in order
        if code not in primaries
    ]
    return problems + _grading_problems(kb)


def registry_problems(root: Path = DATA_DIR) -> list[str]:
    """The slot registry under `root` (`slots.toml`), and whether the code built on the shipped one agrees."""
    from knowledge import slot_registry
    from knowledge.grading import HYPOTENSION_GRADE, OXYGEN_GRADE
    from knowledge.planning import PLAN_DEFAULTS
    from knowledge.slots import case_disagreements

    problems = slot_registry.problems_in(root / "slots.toml")
    if problems or root.resolve() != DATA_DIR.resolve():
        return problems
    registry = slot_registry.default_registry()
    problems += case_disagreements()
    for name, assumed in PLAN_DEFAULTS.items():
        try:
            slot_registry.validate(name, assumed)
        except slot_registry.SlotValueError as exc:
            problems.append(f"knowledge/planning.py: PLAN_DEFAULTS: {exc}")
    for name, table in (("hypotension", HYPOTENSION_GRADE), ("oxygen", OXYGEN_GRADE)):
        if tuple(table) != tuple(registry[name].allowed):
            problems.append(f"{registry.source}: slot ({name}): values {registry[name].allowed} but the grading "
                            f"rules (knowledge/grading.py) know {tuple(table)}")
    return problems


def problems_in_files(kb: KnowledgeBase, root: Path) -> list[str]:
    """`problems_in`, plus the practice content, the ICD-10 codes, the synonym table and the
    table of expected doses under `root`."""
    problems = problems_in(kb)
    from knowledge.coding_file import read_codes
    from knowledge.dose_table import table_problems
    from knowledge.practice import load_practice
    from knowledge.retrieval_text import SYNONYMS_FILE, read_synonyms

    try:
        load_practice(kb, root)
    except KbLoadError as exc:
        problems += exc.problems
    problems += datafile.lines(read_codes(root)[1]) + read_synonyms(root / SYNONYMS_FILE)[1]
    if problems:  # the plans of a knowledge base with problems say nothing about the doses
        return [*problems, "expected_doses.toml: not compared with the plans until the problems above are fixed"]
    return table_problems(kb, root)


def check(root: Path | None = None) -> list[str]:
    """Every problem in the knowledge base under `root` (default: `kb_root()`), its slot registry
    included; empty when clean."""
    root = kb_root() if root is None else root
    registry = registry_problems(root)
    try:
        kb = read(root)
    except KbLoadError as exc:
        return exc.problems + registry
    return problems_in_files(kb, root) + registry

