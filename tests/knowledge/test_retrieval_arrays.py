"""A large knowledge base is searched through numpy arrays, with exactly the hits of the pure-Python engine.

Same statements, same order, same scores to the last bit, same "not covered": on the shipped
knowledge base, on a synthetic one of 3,000 statements where a question's concepts are in
hundreds of statements each (so the arrays engine's shortcuts are taken), and for any text.
"""

from __future__ import annotations

import random
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge.loader import default_kb
from knowledge.retrieval import ARRAYS_FROM, Index, kb_index, statement_documents

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS: dict[str, Any] = tomllib.loads((ROOT / "tests" / "data" / "retrieval_questions.toml").read_text())
ASKED: list[str] = [e["q"] for e in QUESTIONS["question"]] + [e["q"] for e in QUESTIONS["not_covered"]]
REAL = statement_documents(default_kb())
WORDS = sorted({w for _, text in REAL for w in re.findall(r"\S+", text)})


def synthetic(size: int, seed: int = 14) -> list[tuple[str, str]]:
    """The real statements among random ones drawn from their words and lengths."""
    rng = random.Random(seed)
    words = [w for _, text in REAL for w in re.findall(r"\S+", text)]
    lengths = [len(re.findall(r"\S+", text)) for _, text in REAL]
    docs = [(f"synthetic-{n}", " ".join(rng.choices(words, k=rng.choice(lengths)))) for n in range(size - len(REAL))]
    for position, doc in sorted(zip(rng.sample(range(size), len(REAL)), REAL, strict=True)):
        docs.insert(position, doc)
    return docs


@pytest.fixture(scope="module")
def engines() -> tuple[Index, Index]:
    docs = synthetic(3_000)
    return Index.build(docs, arrays_from=len(docs) + 1), Index.build(docs, arrays_from=len(docs))


@pytest.fixture(scope="module")
def shipped_arrays() -> Index:
    return Index.build(REAL, arrays_from=0)


def test_the_engine_follows_the_size_of_the_knowledge_base(engines: tuple[Index, Index]) -> None:
    python, arrays = engines
    assert (python.engine, arrays.engine) == ("python", "arrays")
    assert kb_index().engine == "python"  # the shipped knowledge base: pure Python, numpy never imported
    assert Index.build(synthetic(ARRAYS_FROM)).engine == "arrays"


@pytest.mark.parametrize("k", [1, 3, 8, 40])
def test_shipped_knowledge_base_same_hits_and_scores(shipped_arrays: Index, k: int) -> None:
    for question in ASKED:
        assert shipped_arrays.search(question, k) == kb_index().search(question, k), question


@pytest.mark.parametrize("k", [1, 3, 8, 200])
def test_large_knowledge_base_same_hits_and_scores(engines: tuple[Index, Index], k: int) -> None:
    python, arrays = engines
    answered = 0
    for question in ASKED:
        expected = python.search(question, k)
        assert arrays.search(question, k) == expected, question
        answered += bool(expected)
    assert answered >= 100  # the comparison is not between two empty lists


def test_ties_are_broken_by_statement_order_in_arrays_too() -> None:
    same = "siltuximab is an option"
    docs = [("b-second", same), ("x", "ruxolitinib"), ("a-first", same), ("y", "IVIG"), ("c-third", same), ("z", "ATG")]
    for order in (docs, docs[::-1]):
        expected = [h.statement_id for h in Index.build(order, arrays_from=99).search("siltuximab")]
        assert [h.statement_id for h in Index.build(order, arrays_from=0).search("siltuximab")] == expected
    assert expected == ["c-third", "a-first", "b-second"]


def test_an_empty_index_of_arrays_covers_nothing() -> None:
    assert Index.build([], arrays_from=0).search("tocilizumab dose") == []


SLOW_FIXTURE = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]  # the module fixture is read only
phrases = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=SLOW_FIXTURE)
@given(question=phrases, k=st.integers(-1, 12))
def test_any_question_of_knowledge_base_words_same_hits(engines: tuple[Index, Index], question: str, k: int) -> None:
    python, arrays = engines
    assert arrays.search(question, k) == python.search(question, k)


@settings(max_examples=150, deadline=None, suppress_health_check=SLOW_FIXTURE)
@given(text=st.text(max_size=300), k=st.integers(-1, 8))
def test_any_text_same_hits(engines: tuple[Index, Index], text: str, k: int) -> None:
    python, arrays = engines
    assert arrays.search(text, k) == python.search(text, k)
