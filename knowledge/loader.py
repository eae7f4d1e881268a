"""Load and validate the curated content; errors name the file, the entry and the field."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from knowledge.models import Action, KbMeta, Reference, Statement

DATA_DIR = Path(__file__).parent / "data"

M = TypeVar("M", bound=BaseModel)


class KbLoadError(Exception):
    """The knowledge base could not be loaded; `problems` lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True, eq=False)  # eq=False: hashed by identity, so caches can key on it
class KnowledgeBase:
    meta: KbMeta
    statements: tuple[Statement, ...]
    references: dict[str, Reference]
    actions: tuple[Action, ...]
    content_hash: str
    # where each statement came from, for messages: id -> "statements/x.toml"
    origin: dict[str, str] = field(default_factory=dict)

    @property
    def version(self) -> str:
        return f"{self.meta.updated}+{self.content_hash}"

    @cached_property
    def by_id(self) -> dict[str, Statement]:
        return {s.id: s for s in self.statements}


def _read_toml(path: Path, root: Path, problems: list[str]) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        problems.append(f"{path.relative_to(root)}: cannot be read: {exc}")
        return {}


def _entries(
    raw: dict[str, Any], key: str, model: type[M], rel: str, problems: list[str]
) -> list[M]:
    items = raw.get(key, [])
    if not isinstance(items, list):
        problems.append(f"{rel}: '{key}' must be an array of tables ([[{key}]])")
        return []
    out: list[M] = []
    for index, item in enumerate(items, start=1):
        label = f"{key} {index}"
        if isinstance(item, dict) and isinstance(item.get("id") or item.get("tag") or item.get("code"), str):
            label += f" ({item.get('id') or item.get('tag') or item.get('code')})"
        try:
            out.append(model.model_validate(item))
        except ValidationError as exc:
            for err in exc.errors():
                where = ".".join(str(p) for p in err["loc"]) or "(entry)"
                problems.append(f"{rel}: {label}: field '{where}': {err['msg']}")
    return out


def content_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.toml")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def load(root: Path = DATA_DIR) -> KnowledgeBase:
    """Read every data file under `root`; raise `KbLoadError` listing all problems."""
    problems: list[str] = []
    meta_raw = _read_toml(root / "kb.toml", root, problems)
    meta: KbMeta | None = None
    try:
        meta = KbMeta.model_validate(meta_raw)
    except ValidationError as exc:
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"])
            problems.append(f"kb.toml: field '{where}': {err['msg']}")
    references = _entries(
        _read_toml(root / "references.toml", root, problems),
        "reference", Reference, "references.toml", problems,
    )
    actions = _entries(
        _read_toml(root / "actions.toml", root, problems), "action", Action, "actions.toml", problems
    )
    statements: list[Statement] = []
    origin: dict[str, str] = {}
    statement_files = sorted((root / "statements").glob("*.toml"))
    if not statement_files:
        problems.append("statements/: no statement files found")
    for path in statement_files:
        rel = path.relative_to(root).as_posix()
        for st in _entries(_read_toml(path, root, problems), "statement", Statement, rel, problems):
            if st.id in origin:
                problems.append(f"{rel}: statement ({st.id}): id already used in {origin[st.id]}")
                continue
            origin[st.id] = rel
            statements.append(st)
    for label, keys in (
        ("references.toml: reference", [r.tag for r in references]),
        ("actions.toml: action", [str(a.code) for a in actions]),
    ):
        problems += [f"{label} ({k}): declared twice" for k in sorted({k for k in keys if keys.count(k) > 1})]
    if problems or meta is None:
        raise KbLoadError(problems)
    return KnowledgeBase(
        meta=meta,
        statements=tuple(statements),
        references={r.tag: r for r in references},
        actions=tuple(actions),
        content_hash=content_hash(root),
        origin=origin,
    )


@cache
def default_kb() -> KnowledgeBase:
    """The knowledge base shipped inside the package, loaded once per process."""
    from knowledge.kb_cache import load_cached

    return load_cached(DATA_DIR)
