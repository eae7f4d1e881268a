"""A practice run's results as Markdown (the jinja2 templates) or versioned JSON."""

from __future__ import annotations

import json
from typing import Any, Literal

from dialogs.quiz.session import QuizState, concept_results, concept_tally
from knowledge.practice import default_practice

QuizFormat = Literal["md", "json"]
SCHEMA = {"format": "crs-assistant/practice-run", "version": 1}


def run_document(state: QuizState, kb_version: str) -> dict[str, Any]:
    """The run as data. Schema v1: format, version, seed, kb_version, score, cases [{id, text}],
    answers [{case_id, kind, chosen, right, correct, concepts}], by_concept [{concept, title, right, answered}]."""
    titles = {c.id: c.title for c in default_practice()[0]}
    tally = concept_tally(concept_results(state))
    return {
        **SCHEMA,
        "seed": state.seed,
        "kb_version": kb_version,
        "score": sum(a.correct for a in state.answers),
        "cases": [{"id": c.id, "text": c.text} for c in state.cases],
        "answers": [{"case_id": a.case_id, "kind": a.kind, "chosen": a.chosen, "right": a.right,
                     "correct": a.correct, "concepts": list(a.concepts)} for a in state.answers],
        "by_concept": [{"concept": c, "title": titles.get(c, c), "right": r, "answered": n}
                       for c, (r, n) in sorted(tally.items())],
    }


def export_run(state: QuizState, kb_version: str, fmt: QuizFormat) -> str:
    doc = run_document(state, kb_version)
    if fmt == "json":
        return json.dumps(doc, ensure_ascii=True, indent=1) + "\n"
    from assistant.export.inert import inert
    from assistant.export.render import environment

    return inert(environment().get_template("quiz.md.j2").render(run=doc))
