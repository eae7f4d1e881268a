"""Spaced repetition by concept: a Leitner scheme counted in practice runs.

Chosen over FSRS because practice here is counted in runs, not days: Leitner boxes are
deterministic (FSRS fuzzes intervals with `random` and schedules by wall-clock dates), easy
for a trainee to read ("box 1: every run"), and need no fitted parameters for 19 concepts.
A missed concept drops to box 1 and is practised in the very next run; each right answer
moves it up a box, and box N comes back every 2^(N-1) runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

TOP_BOX = 5


def update(boxes: Mapping[str, int], results: Iterable[tuple[str, bool]]) -> dict[str, int]:
    """New boxes after a run's (concept, correct) results; a concept missed once in the run drops."""
    out = dict(boxes)
    missed: set[str] = set()
    seen: set[str] = set()
    for concept, correct in results:
        seen.add(concept)
        if not correct:
            missed.add(concept)
    for concept in seen:
        out[concept] = 1 if concept in missed else min(TOP_BOX, out.get(concept, 1) + 1)
    return out


def due(boxes: Mapping[str, int], run_number: int) -> tuple[str, ...]:
    """Concepts to practise in run `run_number` (1-based), lowest box first."""
    ready = [c for c, box in boxes.items() if (run_number - 1) % (2 ** (box - 1)) == 0]
    return tuple(sorted(ready, key=lambda c: (boxes[c], c)))
