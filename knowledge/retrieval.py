"""Deterministic ranked retrieval over knowledge-base statements, for follow-up questions.

"What dose of anakinra?", "is siltuximab an option?", "why not GM-CSF?": the question and every
statement (its text, keywords and id words) are read as clinical concepts through the synonym
table (`retrieval_text`, `data/synonyms.toml`), then statements are ranked by BM25 over
those concepts with a plain inverted index.

"Not covered" rule. A question gets hits only when

* it names at least one *specific* concept the index knows (not a stopword, not a number, not
  a concept marked generic in synonyms.toml such as "dose", "CRS" or "grade", and found in no
  more than half of the statements), and
* the specific concepts it shares with the index outnumber the words it uses that the index
  has never seen, a drug-shaped unknown word ("posaconazole", "emapalumab": see `drug_suffixes`
  in synonyms.toml) counting twice; filler words are stopwords and do not count. So "dose of
  posaconazole?" and "posaconazole for children?" get nothing, "is there a role for
  cyclophosphamide?" is answered; and
* a statement shares at least one of the question's specific concepts (a broader concept such
  as "corticosteroid" for "dex" counts); other statements are never hits.

Scoring: BM25 (k1 1.2, b 0.75) per concept; generic and broader concepts weigh half.

Otherwise `search` returns [] and the caller must say plainly that the knowledge base does not
cover the question. Same question, same hits in the same order: ties are broken by statement
order.

Two engines, one result. Below `ARRAYS_FROM` statements (the shipped knowledge base has about a
hundred) the postings are dicts scored in pure Python, and numpy is never imported. From
`ARRAYS_FROM` on they are numpy arrays (`retrieval_arrays`), which give the same hits with the
same scores, bit for bit, in a fraction of the time (at 100,000 statements, under a
millisecond where the Python loop takes tens: benchmarks/results/retrieval.md).
"""

from __future__ import annotations

import heapq
import math
import operator
from collections import Counter
from collections.abc import Container, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from knowledge.loader import KnowledgeBase, default_kb
from knowledge.retrieval_text import Vocabulary, default_vocabulary, unique

if TYPE_CHECKING:
    from knowledge.retrieval_arrays import ArrayPostings

K1 = 1.2
B = 0.75
BROADER_WEIGHT = 0.5  # a question's "dex" also asks, at this weight, about corticosteroids
GENERIC_WEIGHT = 0.5  # generic concepts ("dose", "grade", "count") only re-rank, at this weight
GENERIC_SHARE = 0.5  # a concept found in more than this share of statements is generic
# statements from which the postings are numpy arrays (same hits): arrays overtake the Python loop
# near 500 statements, but below 2,000 the loop takes under 0.25 ms a question and needs no numpy
ARRAYS_FROM = 2_000


@dataclass(frozen=True)
class Hit:
    statement_id: str
    score: float


class Index:
    """An inverted index: concept -> {document number: BM25 weight of that concept there}.

    With `arrays_from` statements or more, the postings are kept as numpy arrays instead.
    """

    def __init__(
        self,
        ids: tuple[str, ...],
        postings: dict[str, dict[int, float]],
        generic: frozenset[str],
        vocabulary: Vocabulary,
        arrays_from: int = ARRAYS_FROM,
    ) -> None:
        self._ids = ids
        self._generic = generic
        self._vocabulary = vocabulary
        self._postings = postings
        self._arrays: ArrayPostings | None = None
        if len(ids) >= arrays_from:
            from knowledge.retrieval_arrays import ArrayPostings  # numpy: only for a large knowledge base

            self._arrays = ArrayPostings(postings, len(ids))
            self._postings = {}

    @classmethod
    def build(cls, documents: Sequence[tuple[str, str]], *, arrays_from: int = ARRAYS_FROM) -> Index:
        """Index (id, text) pairs with the shipped synonym table; ids must be unique."""
        return cls.build_with(documents, default_vocabulary(), arrays_from=arrays_from)

    @classmethod
    def build_with(
        cls, documents: Sequence[tuple[str, str]], vocabulary: Vocabulary, *, arrays_from: int = ARRAYS_FROM
    ) -> Index:
        ids = tuple(doc_id for doc_id, _ in documents)
        if len(set(ids)) != len(ids):
            repeated = sorted({i for i in ids if ids.count(i) > 1})
            raise ValueError(f"document ids must be unique; repeated: {', '.join(repeated)}")
        counts: list[Counter[str]] = []
        lengths: list[int] = []
        broader: dict[str, tuple[str, ...]] = {}
        for _, text in documents:
            concepts = vocabulary.concepts_in(text)
            tf = Counter(concepts)
            for concept, freq in list(tf.items()):  # a broader concept has no broader of its own
                parents = broader.get(concept)
                if parents is None:
                    parents = broader[concept] = vocabulary.concept(concept).broader
                for parent in parents:
                    tf[parent] += freq
            counts.append(tf)
            lengths.append(len(concepts))
        n = len(documents)
        avg_len = (sum(lengths) / n) if n else 0.0
        df: Counter[str] = Counter()
        for tf in counts:
            df.update(tf.keys())
        postings: dict[str, dict[int, float]] = {}
        for number, tf in enumerate(counts):
            norm = K1 * (1 - B + B * lengths[number] / avg_len) if avg_len else K1
            for concept, freq in tf.items():
                idf = math.log(1 + (n - df[concept] + 0.5) / (df[concept] + 0.5))
                postings.setdefault(concept, {})[number] = idf * freq * (K1 + 1) / (freq + norm)
        generic = frozenset(
            c for c, d in df.items() if vocabulary.is_generic(c) or d > GENERIC_SHARE * n
        )
        return cls(ids, postings, generic, vocabulary, arrays_from)

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def engine(self) -> str:
        """How this index scores: "arrays" (numpy) or "python"; both give the same hits."""
        return "arrays" if self._arrays is not None else "python"

    def search(self, query: str, k: int = 3) -> list[Hit]:
        """The best `k` statements for `query`, best first; [] when the query is not covered."""
        if k <= 0:
            return []
        vocabulary, postings, generic = self._vocabulary, self._postings, self._generic
        indexed: Container[str] = postings if self._arrays is None else self._arrays
        weights: dict[str, float] = {}
        known = unknown = 0
        for concept in unique(vocabulary.concepts_in(query)):
            weights[concept] = GENERIC_WEIGHT if concept in generic else 1.0
            if concept in indexed:
                known += concept not in generic
            elif not vocabulary.is_generic(concept):
                unknown += 2 if vocabulary.looks_like_drug(concept) else 1
        if known <= unknown:
            return []
        for concept in list(weights):
            for parent in vocabulary.concept(concept).broader:
                weights.setdefault(parent, BROADER_WEIGHT)
        if self._arrays is not None:
            present = [(c, w) for c, w in weights.items() if c in indexed]
            specific = [(c, w) for c, w in present if c not in generic]
            common = [(c, w) for c, w in present if c in generic]
            return [Hit(self._ids[n], score) for score, n in self._arrays.top(specific, common, k)]

        scores: dict[int, float] = {}
        for concept, weight in weights.items():  # specific concepts choose the candidates
            posting = postings.get(concept)
            if concept in generic or not posting:
                continue
            if not scores:
                scores = {n: weight * value for n, value in posting.items()}
                continue
            get = scores.get
            for n, value in posting.items():
                scores[n] = get(n, 0.0) + weight * value
        for concept, weight in weights.items():  # generic ones only re-rank those candidates
            posting = postings.get(concept)
            if concept not in generic or not posting:
                continue
            if len(posting) < len(scores):
                for n, value in posting.items():
                    if n in scores:
                        scores[n] += weight * value
            else:
                found = posting.get
                for n in scores:
                    extra = found(n)
                    if extra is not None:
                        scores[n] += weight * extra
        # best score first, then statement order: the largest (score, -number)
        best = heapq.nlargest(k, zip(scores.values(), map(operator.neg, scores), strict=True))
        return [Hit(self._ids[-negated], score) for score, negated in best]


def statement_documents(kb: KnowledgeBase) -> list[tuple[str, str]]:
    """What is indexed for each statement: its text, its keywords and the words of its id."""
    return [(s.id, " ".join([s.text, *s.keywords, s.id])) for s in kb.statements]


@cache
def _kb_index(kb: KnowledgeBase) -> Index:
    return Index.build(statement_documents(kb))


def kb_index(kb: KnowledgeBase | None = None) -> Index:
    """The index of `kb` (default: the shipped knowledge base), built once per knowledge base."""
    return _kb_index(kb if kb is not None else default_kb())


def search(query: str, k: int = 3, kb: KnowledgeBase | None = None) -> list[Hit]:
    """Rank the statements of `kb` for a follow-up question; [] means "not covered"."""
    return kb_index(kb).search(query, k)
