"""A per-user cache of validated content (the knowledge base, the dialog), so a cold start
skips re-validation.

Keyed by the content hash of the data files, a hash of the model code and the pydantic
version: any change to either rebuilds it. The cache is an optimisation only: when it is
missing, unreadable, stale or not writable, the knowledge base is validated from the TOML
files as usual. Set CRS_ASSISTANT_CACHE to a folder to move it, or to "off" to disable it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from knowledge.loader import DATA_DIR, KnowledgeBase, content_hash, load

_CODE = ("models.py", "loader.py", "slots.py")


def cache_dir() -> Path | None:
    configured = os.environ.get("CRS_ASSISTANT_CACHE")
    if configured == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "crs-assistant"


def _key(root: Path) -> str:
    import pydantic

    digest = hashlib.sha256(content_hash(root).encode())
    here = Path(__file__).parent
    for name in _CODE:
        digest.update((here / name).read_bytes())
    digest.update(pydantic.VERSION.encode())
    return digest.hexdigest()[:20]


def load_cached(root: Path = DATA_DIR) -> KnowledgeBase:
    return cached("kb", _key(root), lambda: load(root), KnowledgeBase)


T = TypeVar("T")


def file_key(*paths: Path) -> str:
    """A key that changes when any of these files changes (contents, not dates)."""
    import pydantic

    digest = hashlib.sha256(pydantic.VERSION.encode())
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def cached(name: str, key: str, build: Callable[[], T], kind: type[T]) -> T:
    """`build()`'s result, kept in the cache folder under `name` and `key`; rebuilt on any doubt."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{name}-{key}.pickle"
    try:
        with path.open("rb") as fh:
            found = pickle.load(fh)
        if isinstance(found, kind):
            return found
    except Exception:  # any unreadable cache means: rebuild from the source files
        pass
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=folder, delete=False, suffix=".tmp") as tmp:
            pickle.dump(value, tmp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp.name, path)
    except OSError:
        pass
    return value
