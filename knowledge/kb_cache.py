"""The compiled snapshot: validated content (the knowledge base, the slot registry, the dialog,
the reader's vocabulary) kept per user as plain data, so a cold start neither validates nor
imports pydantic.

Only plain objects are stored (`knowledge.content`, `knowledge.plain`; never a pydantic model),
so loading one imports no schema. A snapshot is keyed on everything that produces it, computed
rather than listed: every file of its data folder(s), every source file of the packages whose
code builds and checks it (found from the package's location; the layers contract means
`knowledge` code depends on no other package of ours, and `dialogs` code only on `knowledge`),
the Python version and pydantic's version file (read, not imported). Any edit to any of them is
a new key, so a stale snapshot is never served. When it is missing, unreadable or not writable,
the content is validated from the files as usual; only content that passed is ever written. Set
CRS_ASSISTANT_CACHE to a folder to move it, or to "off" to disable it.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable
from functools import cache
from importlib.machinery import PathFinder
from pathlib import Path
from time import time_ns
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
    spec = PathFinder.find_spec(name)  # a top-level package: `importlib.util` (~3 ms to import) is not needed
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(name)
    return Path(next(iter(spec.submodule_search_locations)))


def _walk(folder: str, prefix: str, keep: Callable[[str], bool], found: list[str]) -> None:
    # os.scandir and plain strings: a cold start lists and hashes these folders on every run
    try:
        entries = os.scandir(folder)
    except OSError:  # a missing or unreadable folder: the load that follows says so
        return
    with entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    _walk(entry.path, f"{prefix}{entry.name}/", keep, found)
            elif keep(entry.name) and entry.is_file():
                found.append(prefix + entry.name)


def _relative(root: Path, keep: Callable[[str], bool]) -> list[str]:
    """The files under `root` that `keep` accepts, as sorted relative POSIX paths."""
    found: list[str] = []
    _walk(str(root), "", keep, found)
    return sorted(found)


def _is_source(name: str) -> bool:
    return name.endswith(".py")


def _any_file(name: str) -> bool:
    return True


def source_files(package: Path) -> list[Path]:
    """Every Python source file of a package folder, subpackages included."""
    return [package / rel for rel in _relative(package, _is_source)]


def data_files(root: Path) -> list[Path]:
    """Every file of a data folder (not only the TOML files the loader reads today)."""
    return [root / rel for rel in _relative(root, _any_file)]


def validator_file() -> str | None:
    """The installed pydantic's version file (found without importing pydantic)."""
    spec = PathFinder.find_spec("pydantic")
    if spec is None or spec.origin is None:
        return None
    return os.path.join(os.path.dirname(spec.origin), "version.py")


@cache
def validator_version() -> bytes:
    """The installed pydantic's version file, read without importing pydantic: what validated the
    content is part of the key, though the snapshot itself holds no pydantic object."""
    path = validator_file()
    if path is None:
        return b"no pydantic"
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError:
        return b"unreadable pydantic version"


Tree = tuple[Path, Callable[[str], bool]]
Listing = list[tuple[str, list[str]]]  # each tree's folder and its files (relative, sorted)
STAMPS_KEPT = 16  # sets of folders whose stamps are remembered (tests make many)
STAMP_SETTLED_NS = 2_000_000_000  # a file changed less than 2 s ago may change again within its mtime's tick


def _digest(listing: Listing) -> str:
    """The content key: names and contents of every listed file, the Python version (pickles
    depend on it) and the validator's."""
    import hashlib  # only when a stamp differs: a warm start reads no file to make its key

    digest = hashlib.sha256(f"{sys.version}\0".encode() + validator_version() + b"\0")
    for base, files in listing:
        for rel in files:
            digest.update(rel.encode() + b"\0")
            try:
                with open(os.path.join(base, rel), "rb") as fh:
                    digest.update(fh.read())
            except OSError:  # unreadable: keyed as such, and the load that follows says so
                digest.update(b"\0unreadable\0")
            digest.update(b"\0")
        digest.update(b"\1")
    return digest.hexdigest()[:24]


def _stamp(listing: Listing) -> tuple[object, ...] | None:
    """What each listed file is on disk (name, size, modification and change times, inode), with
    the Python version and the validator's file; None when a file changed too recently for its
    times to be trusted (as git does for its index) or cannot be read."""
    validator = validator_file()
    files = [(base, rel) for base, names in listing for rel in names]
    if validator is not None:
        files.append(("", validator))
    stamp: list[object] = [sys.version, len(listing), *(len(names) for _, names in listing)]
    settled = time_ns() - STAMP_SETTLED_NS
    for base, rel in files:
        try:
            st = os.stat(os.path.join(base, rel))
        except OSError:
            return None
        if st.st_mtime_ns > settled or st.st_ctime_ns > settled:
            return None
        stamp += (rel, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    return tuple(stamp)


def _stamps_file() -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / "stamps.pickle"


def _known_stamps(path: Path) -> dict[tuple[str, ...], tuple[tuple[object, ...], str]]:
    try:
        with path.open("rb") as fh:
            found = pickle.load(fh)
        return found if isinstance(found, dict) else {}
    except Exception:  # missing or unreadable: every key is computed from the contents
        return {}


def tree_key(*trees: Tree) -> str:
    """A key that changes when any file of any (folder, which files) tree changes: names and
    contents, with the Python version and the validator's.

    The contents are hashed only when the files' stamps (size, times, inode) differ from those
    remembered, with the key, in the cache folder the last time they were hashed; files changed
    in the last 2 seconds are always hashed. Without a cache folder, always hashed."""
    listing: Listing = [(str(root), _relative(root, keep)) for root, keep in trees]
    path = _stamps_file()
    stamp = None if path is None else _stamp(listing)
    if path is None or stamp is None:
        return _digest(listing)
    roots = tuple(base for base, _ in listing)
    known = _known_stamps(path)
    remembered = known.get(roots)
    if remembered is not None and remembered[0] == stamp:
        return remembered[1]
    key = _digest(listing)
    known.pop(roots, None)
    kept = dict(list(known.items())[-(STAMPS_KEPT - 1):])  # the most recently hashed sets of folders
    _write_atomic(path, {**kept, roots: (stamp, key)})
    return key


def data_and_code_key(data: Path, code: Path) -> str:
    """The key of an object built from every file under `data` by the Python code under `code`."""
    return tree_key((data, _any_file), (code, _is_source))


def kb_key(root: Path, code: Path | None = None) -> str:
    """The key of the validated knowledge base under `root`, built by the code in `code`
    (default: the installed `knowledge` package)."""
    return data_and_code_key(root, package_dir("knowledge") if code is None else code)


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
    _write_atomic(path, value)
    return value


def _write_atomic(path: Path, value: object) -> None:
    """`value` pickled to `path` whole or not at all (a reader never sees half a file); a folder
    that cannot be written is not an error."""
    import tempfile  # only when writing: a warm start never needs it

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".tmp") as tmp:
            pickle.dump(value, tmp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp.name, path)
    except OSError:
        pass
