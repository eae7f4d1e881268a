"""Follow-up questions, answered only from knowledge-base statements, with their tags."""

from __future__ import annotations

from dialogs.render import tags
from knowledge.loader import KnowledgeBase
from knowledge.retrieval import search

NOT_COVERED = (
    "The knowledge base does not cover that, so I cannot answer it. I answer only from its curated "
    "statements; please check a primary source or local protocol."
)
# Show further hits only when they score close to the best one.
CLOSE_ENOUGH = 0.75


def answer(question: str, kb: KnowledgeBase, *, teaching: bool = False) -> tuple[str, tuple[str, ...]]:
    """The answer text and the statement ids it rests on (empty when not covered)."""
    hits = search(question, k=3, kb=kb)
    if not hits:
        return NOT_COVERED, ()
    best = hits[0].score
    chosen = [h for h in hits if h.score >= best * CLOSE_ENOUGH][:2]
    lines = []
    for hit in chosen:
        st = kb.by_id[hit.statement_id]
        lines.append(f"{st.text} {tags(st.refs)}")
        if st.evidence and teaching:
            lines.append(f"  Evidence: {st.evidence}")
        elif st.evidence:
            lines.append(f"  (Evidence note: {st.evidence})")
    return "\n".join(lines), tuple(h.statement_id for h in chosen)
