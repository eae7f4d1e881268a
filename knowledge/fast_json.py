"""The JSON of an assessment, assembled from cached fragments for `assess --batch`.

Produces exactly `json.dumps(to_json(result))` in compact form (a test checks this over the
whole input space); plan items and references repeat across cases, so their encoded text
is cached.
"""

from __future__ import annotations

import json

from knowledge.assessment import Assessment, coding_json, icans_json, plan_item_json, reference_json
from knowledge.content import Reference
from knowledge.planning import SECTION_TITLES, PlanItem

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_ITEMS: dict[tuple[PlanItem, int], str] = {}
_REFS: dict[int, tuple[Reference, str]] = {}  # by identity: hashing a pydantic model hashes every field
_SECTIONS = {section: _encode({"id": section, "title": title})[:-1] for section, title in SECTION_TITLES.items()}
_TAILS: dict[tuple[str, str], str] = {}


def _item(item: PlanItem, n: int) -> str:
    found = _ITEMS.get((item, n))
    if found is None:
        found = _encode(plan_item_json(item, n))
        if len(_ITEMS) < 50_000:
            _ITEMS[(item, n)] = found
    return found


def _reference(result: Assessment, index: int) -> str:
    ref = result.references[index]
    found = _REFS.get(id(ref))
    if found is None or found[0] is not ref:
        found = _REFS[id(ref)] = (ref, _encode(reference_json(ref)))
    return found[1]


def encode(result: Assessment) -> str:
    g = result.grading
    head = _encode({
        "grade": g.grade, "grade_status": g.status, "grade_at_least": g.at_least, "missing": list(result.missing),
        "grade_basis": list(g.basis), "grade_statements": list(g.statement_ids),
        **icans_json(result.icans), "slots": dict(result.case.__dict__), "assumed": dict(result.plan.assumed),
        **coding_json(result),
    })
    # the items numbered in reading order, section by section, as `Plan.numbered` numbers them
    every: list[str] = []
    in_sections: list[str] = []
    for section, items in result.plan.sections:
        texts = [_item(item, n) for n, item in enumerate(items, start=len(every) + 1)]
        every += texts
        in_sections.append(f'{_SECTIONS[section]},"items":[' + ",".join(texts) + "]}")
    plan = ",".join(every)
    sections = ",".join(in_sections)
    bracket = ",".join(
        f'{{"grade":{g},"items":[' + ",".join(_item(item, n) for n, item in items) + "]}"
        for g, items in result.plan.numbered_bracket()
    )
    refs = ",".join(_reference(result, n) for n in range(len(result.references)))
    tail = _TAILS.get((result.kb_version, result.disclaimer))
    if tail is None:
        tail = _TAILS[(result.kb_version, result.disclaimer)] = _encode(
            {"kb_version": result.kb_version, "disclaimer": result.disclaimer})
    return f'{head[:-1]},"plan":[{plan}],"sections":[{sections}],"bracket":[{bracket}],"references":[{refs}],{tail[1:]}'
