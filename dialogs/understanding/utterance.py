"""One utterance prepared for the slot readers: its text, clauses and terms with negation."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from dialogs.understanding import terms as kinds
from dialogs.understanding.clauses import Clause, split
from dialogs.understanding.negation import negated_by, scope
from dialogs.understanding.text import normalise


@dataclass(frozen=True)
class Term:
    kind: str
    name: str
    start: int
    end: int
    clause: int  # index into Utterance.clauses
    negated: bool
    span: tuple[int, int]  # the term with its negation cue, for phrases


@dataclass(frozen=True)
class Utterance:
    original: str  # the input as read (capped); phrases are cut from it
    text: str  # normalised, same length
    clauses: tuple[Clause, ...]
    terms: tuple[Term, ...]
    expecting: str | None
    by_clause: tuple[tuple[Term, ...], ...]  # the terms of each clause
    clause_starts: tuple[int, ...]

    def clause_index(self, pos: int) -> int:
        return _index(self.clause_starts, pos)

    def clause_at(self, pos: int) -> Clause:
        return self.clauses[self.clause_index(pos)]

    def of_kind(self, *wanted: str) -> list[Term]:
        return [t for t in self.terms if t.kind in wanted]

    def in_clause(self, clause: int, *wanted: str) -> list[Term]:
        return [t for t in self.by_clause[clause] if t.kind in wanted]


def _index(starts: Sequence[int], pos: int) -> int:
    return max(0, bisect_right(starts, pos) - 1)


def prepare(original: str, expecting: str | None) -> Utterance:
    text = normalise(original)
    found = kinds.find(text)
    clauses = split(text, [(f.start, f.end) for f in found if f.kind in kinds.AGENT_KINDS])
    cues = scope(text, [(f.start, f.end) for f in found])
    starts = tuple(c.start for c in clauses)
    terms = []
    grouped: list[list[Term]] = [[] for _ in clauses]
    for f in found:
        index = _index(starts, f.start)
        negation = negated_by(cues, clauses[index], f.start, f.end)
        term = Term(f.kind, f.name, f.start, f.end, index, negation is not None, negation or (f.start, f.end))
        terms.append(term)
        grouped[index].append(term)
    by_clause = tuple(tuple(group) for group in grouped)
    return Utterance(original, text, clauses, tuple(terms), expecting, by_clause, starts)
