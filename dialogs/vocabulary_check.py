"""The dialog's data files for `crs-assistant kb check`: every file of `dialogs/data/` (the
consult dialog, the reader's vocabulary, the practice-case prose, the follow-up drug table),
each through the one loading function and its checks (`dialogs.data_files`).

The knowledge package cannot import dialogs, so `kb check` (in assistant) runs these beside the
knowledge base's own checks. Each problem is one line naming the file, the entry and the field.
"""

from __future__ import annotations

from pathlib import Path

from dialogs.data_files import VOCABULARY, dialogs_root, shown
from knowledge.loader import KbLoadError, KnowledgeBase, kb_root, read


def vocabulary_problems(path: Path | None = None) -> list[str]:
    """Every problem of the vocabulary file (default: the one in use)."""
    from dialogs.vocabulary_file import read_vocabulary

    _, problems = read_vocabulary(dialogs_root() / VOCABULARY if path is None else path, shown(VOCABULARY))
    return [str(p) for p in problems]


def _parsed_kb() -> KnowledgeBase | None:
    """The knowledge base in use as parsed (its cross-checks are `kb check`'s own lines), or None."""
    try:
        return read(kb_root())
    except KbLoadError:
        return None


def problems(root: Path | None = None) -> list[str]:
    """Every problem of every dialog data file under `root` (default: the folder in use). The
    references into the knowledge base (a question's `why`, a drug's action) are checked only
    when the knowledge base parses; `kb check` lists its problems either way."""
    from dialogs.data_files import problems_and_content

    found, _ = problems_and_content(dialogs_root() if root is None else root, _parsed_kb())
    return [str(p) for p in found]
