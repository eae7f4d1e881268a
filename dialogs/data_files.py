"""The dialog's data files (`dialogs/data/`): where they are, and loading them all at once.

`CRS_ASSISTANT_DIALOGS` points the program at another folder of them (tests, reviewers trying
a change), as `CRS_ASSISTANT_KB` does for the knowledge base; by default the packaged one is
used. Every file is read by the one loading function (`knowledge.datafile.load`: bytes, TOML,
its model) and its problems are `Problem`s naming file, entry and field. `load_content` checks
every file against the knowledge base and the slot registry and refuses, listing every problem
of every file, when any is wrong; the consult, the quiz and `assess` load it before advising,
so a broken file is refused when a command starts, never mid-consult.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from knowledge.datafile import DataFileError, Problem
from knowledge.plain import Plain

if TYPE_CHECKING:
    from dialogs.followup_data import FollowupData
    from dialogs.spec import DialogSpec
    from knowledge.loader import KnowledgeBase

DATA_DIR = Path(__file__).parent / "data"
DIALOGS_ENV = "CRS_ASSISTANT_DIALOGS"
CONSULT, VOCABULARY, PROSE, FOLLOWUP = "consult.toml", "vocabulary.toml", "prose.toml", "followup.toml"
FILES = (CONSULT, VOCABULARY, PROSE, FOLLOWUP)


class DialogDataError(DataFileError):
    """A dialog data file failed its checks; `problems` lists every problem, one line each."""

    what = "dialog"


def dialogs_root() -> Path:
    """The dialog data folder in use: `$CRS_ASSISTANT_DIALOGS` when set, else the packaged one."""
    configured = os.environ.get(DIALOGS_ENV)
    return Path(configured).expanduser() if configured else DATA_DIR


def shown(name: str) -> str:
    """How problems name a dialog data file: 'dialogs/data/vocabulary.toml' (wherever it is read from)."""
    return f"dialogs/data/{name}"


class DialogContent(Plain, eq=False):
    """Every dialog data file, validated: the consult, the reader's vocabulary, prose and follow-ups."""

    spec: DialogSpec
    vocabulary: dict[str, Any]
    prose: dict[str, Any]  # the practice-case phrases (prose.toml) as plain data
    followup: FollowupData


def problems_and_content(root: Path, kb: KnowledgeBase | None) -> tuple[list[Problem], DialogContent | None]:
    """Every problem of every dialog data file under `root`, and the content when there is none.
    Without `kb` (a knowledge base that does not parse) its references are not checked, and
    there is no content."""
    from dialogs import followup_file, prose_file, spec
    from dialogs.vocabulary_file import read_vocabulary

    dialog, problems = spec.read_spec(root / CONSULT, kb)
    vocabulary, found = read_vocabulary(root / VOCABULARY, shown(VOCABULARY))
    problems += found
    prose, found = prose_file.read_prose(root / PROSE, shown(PROSE))
    problems += found
    followup, found = followup_file.read_followup(root / FOLLOWUP, shown(FOLLOWUP), kb)
    problems += found
    if problems or kb is None or dialog is None or vocabulary is None or prose is None or followup is None:
        return problems, None
    return [], DialogContent(dialog, vocabulary, prose.model_dump(), followup)


def load_content(root: Path, kb: KnowledgeBase) -> DialogContent:
    """The dialog content under `root`, only if every file passes its checks; else
    `DialogDataError` listing every problem."""
    problems, content = problems_and_content(root, kb)
    if content is None:
        raise DialogDataError(problems)
    return content


def dialog_key(data: Path, code: Path, kb_key: str) -> str:
    """The key of the validated dialog content: every file of its data folder, every source file
    of the `dialogs` package (`code`), and the key of the knowledge base it is checked against
    (which covers the `knowledge` code: slots, values and models)."""
    from knowledge.kb_cache import data_and_code_key

    return data_and_code_key(data, code) + kb_key


def content_key(root: Path, kb_key: str) -> str:
    from knowledge.kb_cache import package_dir

    return dialog_key(root, package_dir("dialogs"), kb_key)


def ensure_content() -> None:
    """Refuse (`DialogDataError`, or `KbLoadError`) unless the dialog content in use passes its
    checks, for the commands that do not otherwise load all of it (`assess`, `quiz`, `kb list`).
    Cheap when a run already validated exactly these files with this code: a marker kept in the
    content cache under the content's own key (written only after a load that passed), so the
    models need not even be imported."""
    from knowledge.kb_cache import cached, process_kb_key
    from knowledge.loader import default_kb, kb_root

    default_kb()  # the knowledge base first: its problems are named as its own
    key = content_key(dialogs_root(), process_kb_key(kb_root()))
    cached("dialog-checked", key, lambda: isinstance(default_content(), DialogContent), bool)


def default_content() -> DialogContent:
    """The dialog content in use (`dialogs_root()`), checked against the knowledge base in use
    (`kb_root()`): loaded once per process for each pair of folders."""
    from knowledge.loader import kb_root

    return content_for(kb_root(), dialogs_root())


@cache
def content_for(kb_folder: Path, root: Path) -> DialogContent:
    """The dialog content under `root` checked against the knowledge base under `kb_folder`,
    validated once and then served from the per-user content cache (only a successful load is
    ever stored, under a key that changes with any edit to any file of either folder or of the
    code)."""
    from knowledge.kb_cache import cached, process_kb_key
    from knowledge.loader import kb_in

    kb = kb_in(kb_folder)
    return cached("dialog", content_key(root, process_kb_key(kb_folder)), lambda: load_content(root, kb),
                  DialogContent)
