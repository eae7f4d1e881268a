"""The BM25 postings of a large knowledge base as numpy arrays, scored a whole list at a time.

`knowledge.retrieval` scores a small knowledge base (the shipped one has about a hundred
statements) in pure Python and hands a large one here: from a few thousand statements on,
a follow-up question's concepts can each be found in tens of thousands of statements, and a
loop over every candidate in Python costs tens of milliseconds. Here each concept's postings
are two arrays (statement numbers, BM25 weights) and a question adds them into one score per
statement with `numpy.add.at`; generic concepts are looked up only for the candidates that
can still reach the k best.

The scores are the pure-Python ones to the last bit: each statement's weights are added in the
same order (its specific concepts in question order, then its generic ones), from 0.0, in
float64, one addition per posting. Hits are the candidates (statements with a specific concept)
of best score, ties broken by statement order.

numpy is imported only by this module, and this module only for a large knowledge base.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

PROBES = 8  # per concept, its best-weighted statements give a first bound on the k-th score
LOOKUP_COST = 16  # looking one statement up in a list costs about this many postings added whole


class ArrayPostings:
    """concept -> (statement numbers in increasing order, BM25 weights), and each list's best statements."""

    def __init__(self, postings: Mapping[str, Mapping[int, float]], size: int) -> None:
        self.size = size
        self._numbers: dict[str, npt.NDArray[np.intp]] = {}
        self._weights: dict[str, npt.NDArray[np.float64]] = {}
        self._best: dict[str, npt.NDArray[np.intp]] = {}
        for concept, posting in postings.items():
            numbers = np.fromiter(posting.keys(), dtype=np.intp, count=len(posting))
            weights = np.fromiter(posting.values(), dtype=np.float64, count=len(posting))
            self._numbers[concept] = numbers
            self._weights[concept] = weights
            self._best[concept] = numbers[np.argsort(-weights, kind="stable")[:PROBES]]

    def __contains__(self, concept: object) -> bool:
        return concept in self._numbers

    def top(
        self, specific: Sequence[tuple[str, float]], common: Sequence[tuple[str, float]], k: int
    ) -> list[tuple[float, int]]:
        """The k best (score, statement number), best first, ties by statement number.

        `specific` concepts choose the candidates, `common` (generic) ones only add to them;
        each is (concept, weight) in question order, concepts of this index only.
        Specific lists are added whole; generic ones, often in half the statements, are only
        looked up for the candidates that can still reach the k best.
        """
        scores = np.zeros(self.size)
        for concept, weight in specific:
            weights = self._weights[concept]
            np.add.at(scores, self._numbers[concept], weights if weight == 1.0 else weight * weights)
        # the exact scores of each list's best candidates: a floor for the k-th best score
        probes = np.unique(np.concatenate([self._best[c] for c, _ in (*specific, *common)]))
        probes = probes[scores[probes] > 0.0]
        least = 0.0
        if len(probes) >= k:
            floor = float(np.partition(self._total(scores, probes, common), -k)[-k])
            lift = sum(weight * float(self._weights[c].max()) for c, weight in common)
            # a hair below (floor - lift): float rounding must never drop a statement that reaches it
            least = floor - lift - 1e-9 * (floor + lift)
        # every BM25 weight is positive: a score above 0 is a candidate's
        chosen = np.flatnonzero(scores >= least if least > 0.0 else scores > 0.0)
        generic_postings = sum(len(self._numbers[c]) for c, _ in common)
        if len(chosen) * len(common) * LOOKUP_COST <= generic_postings:
            values = self._total(scores, chosen, common)
        else:  # too many to look up one by one: add the generic lists whole
            for concept, weight in common:
                weights = self._weights[concept]
                np.add.at(scores, self._numbers[concept], weights if weight == 1.0 else weight * weights)
            values = scores[chosen]
        if len(chosen) > k:
            kth = np.partition(values, -k)[-k]
            keep = values >= kth
            chosen, values = chosen[keep], values[keep]
        order = np.lexsort((chosen, -values))[:k]
        return [(float(values[i]), int(chosen[i])) for i in order]

    def _total(
        self, scores: npt.NDArray[np.float64], chosen: npt.NDArray[np.intp], common: Sequence[tuple[str, float]]
    ) -> npt.NDArray[np.float64]:
        """The scores of `chosen` with their generic concepts added, in order (adding 0.0 changes nothing)."""
        total = scores[chosen]
        for concept, weight in common:
            numbers, weights = self._numbers[concept], self._weights[concept]
            at = np.minimum(np.searchsorted(numbers, chosen), len(numbers) - 1)
            total += np.where(numbers[at] == chosen, weight * weights[at], 0.0)
        return total
