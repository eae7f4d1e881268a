"""Load and validate the curated content; errors name the file, the entry and the field.

`load` runs every check of `crs-assistant kb check` (`knowledge.check`): a knowledge base that
check would reject never loads, so nothing can advise from it. `read` only parses the files
(the schema), for the checks themselves. `CRS_ASSISTANT_KB` points the program at another
data folder (tests, reviewers trying a change); by default the packaged one is used.
"""

from __future__ import annotations

import os
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from knowledge import datafile
from knowledge.content import Action, DrugBounds, KbMeta, Reference, Statement
from knowledge.datafile import DataFileError
from knowledge.plain import Plain, field, to_plain

if TYPE_CHECKING:  # the schema (pydantic) only to read the files: the compiled snapshot needs neither
    from pydantic import BaseModel

    M = TypeVar("M", bound=BaseModel)  # only for the type checker: a string bound costs a compile() at start

DATA_DIR = Path(__file__).parent / "data"
KB_ENV = "CRS_ASSISTANT_KB"


class KbLoadError(DataFileError):
    """The knowledge base could not be loaded; `problems` lists every problem found."""

    what = "knowledge base"


class KnowledgeBase(Plain, eq=False):  # eq=False: hashed by identity, so caches can key on it
    """The validated knowledge base, in its plain run-time form (`knowledge.content`)."""

    meta: KbMeta
    statements: tuple[Statement, ...]
    references: dict[str, Reference]
    actions: tuple[Action, ...]
    content_hash: str
    # where each statement came from, for messages: id -> "statements/x.toml"
    origin: dict[str, str] = field(default_factory=dict)
    # the reviewed bounds of each drug's dose parameters (dose_bounds.toml), by drug
    dose_bounds: dict[str, DrugBounds] = field(default_factory=dict)
    # the ICD-10-CM codes (icd10.toml) by condition and grade: (code, status); set by `load`
    icd10: dict[str, dict[int, tuple[str, str]]] = field(default_factory=dict)

    @property
    def version(self) -> str:
        return f"{self.meta.updated}+{self.content_hash}"

    @cached_property
    def by_id(self) -> dict[str, Statement]:
        return {s.id: s for s in self.statements}


def _read_toml(path: Path, root: Path, problems: list[str]) -> dict[str, Any]:
    raw, found = datafile.read_toml(path, path.relative_to(root).as_posix())
    problems += datafile.lines(found)
    return raw or {}


def _entries(
    raw: dict[str, Any], key: str, model: type[M], rel: str, problems: list[str]
) -> list[M]:
    out, found = datafile.entries(raw, key, model, rel)
    problems += datafile.lines(found)
    return out


def content_hash(root: Path) -> str:
    import hashlib  # only when the files are read and validated, never when the snapshot is loaded

    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.toml")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def kb_root() -> Path:
    """The data folder in use: `$CRS_ASSISTANT_KB` when set, else the packaged `knowledge/data`."""
    configured = os.environ.get(KB_ENV)
    return Path(configured).expanduser() if configured else DATA_DIR


def read(root: Path = DATA_DIR) -> KnowledgeBase:
    """Parse every data file under `root` against the schema, without the cross-checks of
    `knowledge.check`; raise `KbLoadError` listing all problems. Use `load` to advise. What it
    returns holds the plain forms (`knowledge.content`) of what the schema validated."""
    from knowledge import models

    problems: list[str] = []
    meta_raw = _read_toml(root / "kb.toml", root, problems)
    meta, found = datafile.validate(models.KbMeta, meta_raw, "kb.toml")
    problems += datafile.lines(found)
    references = _entries(
        _read_toml(root / "references.toml", root, problems),
        "reference", models.Reference, "references.toml", problems,
    )
    actions = _entries(
        _read_toml(root / "actions.toml", root, problems), "action", models.Action, "actions.toml", problems
    )
    bounds = _entries(
        _read_toml(root / "dose_bounds.toml", root, problems), "drug", models.DrugBounds, "dose_bounds.toml", problems
    )
    statements: list[models.Statement] = []
    origin: dict[str, str] = {}
    statement_files = sorted((root / "statements").glob("*.toml"))
    if not statement_files:
        problems.append("statements/: no statement files found")
    for path in statement_files:
        rel = path.relative_to(root).as_posix()
        for st in _entries(_read_toml(path, root, problems), "statement", models.Statement, rel, problems):
            if st.id in origin:
                problems.append(f"{rel}: statement ({st.id}): id already used in {origin[st.id]}")
                continue
            origin[st.id] = rel
            statements.append(st)
    for label, keys in (
        ("references.toml: reference", [r.tag for r in references]),
        ("actions.toml: action", [str(a.code) for a in actions]),
        ("dose_bounds.toml: drug", [b.drug for b in bounds]),
    ):
        problems += [f"{label} ({k}): declared twice" for k in sorted({k for k in keys if keys.count(k) > 1})]
    if problems or meta is None:
        raise KbLoadError(problems)
    plain_meta: KbMeta = to_plain(meta)
    plain_statements: list[Statement] = to_plain(statements)
    plain_references: list[Reference] = to_plain(references)
    plain_actions: list[Action] = to_plain(actions)
    plain_bounds: list[DrugBounds] = to_plain(bounds)
    return KnowledgeBase(
        meta=plain_meta,
        statements=tuple(plain_statements),
        references={r.tag: r for r in plain_references},
        actions=tuple(plain_actions),
        content_hash=content_hash(root),
        origin=origin,
        dose_bounds={b.drug: b for b in plain_bounds},
    )


def load(root: Path = DATA_DIR) -> KnowledgeBase:
    """The knowledge base under `root`, only if it passes every check of `kb check`; else
    `KbLoadError` listing every problem (one line each, naming file, entry and field)."""
    from knowledge.check import problems_in_files
    from knowledge.coding_file import read_codes

    kb = read(root)
    problems = problems_in_files(kb, root)
    if problems:
        raise KbLoadError(problems)
    return kb.model_copy(update={"icd10": read_codes(root)[0] or {}})


def default_kb() -> KnowledgeBase:
    """The knowledge base in use (`kb_root()`), loaded once per process."""
    return kb_in(kb_root())


@cache
def kb_in(root: Path) -> KnowledgeBase:
    """The knowledge base under `root`, loaded once per process (from the content cache when it can be)."""
    from knowledge.kb_cache import load_cached, process_kb_key

    return load_cached(root, process_kb_key(root))
