"""A per-user cache of validated content (the knowledge base, the dialog), so a cold start
skips re-validation.

A cached object is keyed on everything that produces it, computed rather than listed: every
file of its data folder(s), every source file of the packages whose code builds and checks it
(found from the package's location; the layers contract means `knowledge` code depends on no
other package of ours, and `dialogs` code only on `knowledge`), and the Python and pydantic
versions. Any edit to any of them is a new key, so a stale object is never served. The cache
is an optimisation only: when it is missing, unreadable or not writable, the content is
validated from the files as usual. Set CRS_ASSISTANT_CACHE to a folder to move it, or to "off"
to disable it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import TypeVar

from knowledge.loader import DATA_DIR, KnowledgeBase, load

T = TypeVar("T")


def cache_dir() -> Path | None:
    configured = os.environ.get("CRS_ASSISTANT_CACHE")
    if configured == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "crs-assistant"


def package_dir(name: str) -> Path:
    """Where an installed package of ours lives (without importing it)."""
    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(name)
    return Path(next(iter(spec.submodule_search_locations)))


def source_files(package: Path) -> list[Path]:
    """Every Python source file of a package folder, subpackages included."""
    return sorted(p for p in package.rglob("*.py") if "__pycache__" not in p.parts)


def data_files(root: Path) -> list[Path]:
    """Every file of a data folder (not only the TOML files the loader reads today)."""
    return sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def files_key(groups: Iterable[tuple[Path, Iterable[Path]]]) -> str:
    """A key that changes when any file of any (root, files) group changes: names and contents."""
    import pydantic

    digest = hashlib.sha256(f"{sys.version}\0{pydantic.VERSION}\0".encode())
    for root, paths in groups:
        for path in paths:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
        digest.update(b"\1")
    return digest.hexdigest()[:24]


def kb_key(root: Path, code: Path | None = None) -> str:
    """The key of the validated knowledge base under `root`, built by the code in `code`
    (default: the installed `knowledge` package)."""
    code = package_dir("knowledge") if code is None else code
    return files_key([(root, data_files(root)), (code, source_files(code))])


@cache
def process_kb_key(root: Path) -> str:
    """`kb_key(root)`, computed once per process (as `default_kb()` loads once per process)."""
    return kb_key(root)


def load_cached(root: Path = DATA_DIR, key: str | None = None) -> KnowledgeBase:
    return cached("kb", kb_key(root) if key is None else key, lambda: load(root), KnowledgeBase)


def cached(name: str, key: str, build: Callable[[], T], kind: type[T]) -> T:
    """`build()`'s result, kept in the cache folder under `name` and `key`; rebuilt on any doubt.

    Only a successful build is stored: a build that raises (content that fails its checks)
    leaves nothing behind, so the next run checks again."""
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
