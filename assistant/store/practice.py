"""Trainee progress in the session store: each practice run, its answers, and every concept's
Leitner box (dialogs.quiz.schedule), so missed concepts come back in the next run."""

from __future__ import annotations

import json
from dataclasses import dataclass

from assistant.store.sessions import SessionStore
from dialogs.quiz.schedule import due, update
from dialogs.quiz.session import QuizState, concept_results, concept_tally


@dataclass(frozen=True)
class ConceptStats:
    concept: str
    right: int
    answered: int
    box: int


@dataclass(frozen=True)
class Progress:
    runs: int
    right: int
    answered: int
    concepts: tuple[ConceptStats, ...]
    due_next: tuple[str, ...]


def boxes(store: SessionStore) -> dict[str, int]:
    return {concept: box for concept, box in store.query("SELECT concept, box FROM concept_boxes")}


def run_count(store: SessionStore) -> int:
    return int(store.query("SELECT count(*) FROM quiz_runs")[0][0])


def due_next(store: SessionStore) -> tuple[str, ...]:
    """Concepts the next run should practise, lowest box first."""
    return due(boxes(store), run_count(store) + 1)


def record_run(store: SessionStore, state: QuizState, kb_version: str) -> int:
    """Save a finished (or ended) run and move each concept's box, in one transaction."""
    right = sum(a.correct for a in state.answers)
    new_boxes = update(boxes(store), concept_results(state))
    with store.transaction() as conn:
        run_id = int(conn.execute(
            "INSERT INTO quiz_runs (started, seed, cases, score, total, kb_version) VALUES (?, ?, ?, ?, ?, ?) "
            "RETURNING id",
            (store.clock(), state.seed, len(state.cases), right, len(state.answers), kb_version),
        ).fetchone()[0])
        conn.executemany(
            "INSERT INTO quiz_answers (run_id, seq, case_id, kind, chosen, right_answer, correct, concepts) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(run_id, n, a.case_id, a.kind, a.chosen, a.right, int(a.correct), json.dumps(list(a.concepts)))
             for n, a in enumerate(state.answers)],
        )
        conn.executemany(
            "INSERT INTO concept_boxes (concept, box, run_id) VALUES (?, ?, ?) "
            "ON CONFLICT (concept) DO UPDATE SET box = excluded.box, run_id = excluded.run_id",
            [(concept, box, run_id) for concept, box in sorted(new_boxes.items())],
        )
    return run_id


def progress(store: SessionStore) -> Progress:
    rows = store.query("SELECT correct, concepts FROM quiz_answers")
    tally = concept_tally((concept, bool(correct)) for correct, concepts in rows for concept in json.loads(concepts))
    current = boxes(store)
    stats = tuple(
        ConceptStats(c, r, n, current.get(c, 1))
        for c, (r, n) in sorted(tally.items(), key=lambda kv: (kv[1][0] / kv[1][1], kv[0]))
    )
    totals = store.query("SELECT coalesce(sum(score), 0), coalesce(sum(total), 0) FROM quiz_runs")[0]
    return Progress(run_count(store), int(totals[0]), int(totals[1]), stats, due_next(store))
