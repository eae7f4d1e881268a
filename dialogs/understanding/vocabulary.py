"""The reader's vocabulary, from `dialogs/data/vocabulary.toml`, loaded once and checked.

The file is checked against its schema when it is loaded (`dialogs.vocabulary_file`), so the
accessors below cannot meet a missing table or a wrong type; their own errors remain as a
second line of defence."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from dialogs.vocabulary_kinds import DEVICE_SUPPORTS, DRUG_CLASSES


class VocabularyError(ValueError):
    """The vocabulary file is malformed; the message names the key."""


@dataclass(frozen=True)
class Drug:
    key: str
    drug_class: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Device:
    key: str
    support: str
    label: str
    names: tuple[str, ...]


def read_checked(root: Path) -> dict[str, Any]:
    """The vocabulary under `root`, only when it passes its checks (`dialogs.vocabulary_file`);
    else `DialogDataError` listing every problem."""
    from dialogs.data_files import VOCABULARY, DialogDataError, shown
    from dialogs.vocabulary_file import read_vocabulary

    raw, problems = read_vocabulary(root / VOCABULARY, shown(VOCABULARY))
    if raw is None:
        raise DialogDataError(problems)
    return raw


def _raw() -> dict[str, Any]:
    from dialogs.data_files import dialogs_root

    return vocabulary_in(dialogs_root())


@cache
def vocabulary_in(root: Path) -> dict[str, Any]:
    """The vocabulary under `root`, checked once per process and then served from the per-user
    content cache (keyed on every dialog data file, every `dialogs` source file and the
    knowledge base in use, whose slot registry it is checked against)."""
    from dialogs.data_files import content_key
    from knowledge.kb_cache import cached, process_kb_key
    from knowledge.loader import kb_root

    return cached("vocabulary", content_key(root, process_kb_key(kb_root())), lambda: read_checked(root), dict)


def raw() -> dict[str, Any]:
    """The whole vocabulary file, as parsed."""
    return _raw()


def _table(path: str) -> dict[str, Any]:
    node: Any = _raw()
    for part in path.split("."):
        if not isinstance(node, dict) or not isinstance(node.get(part), dict):
            raise VocabularyError(f"vocabulary: missing table [{path}]")
        node = node[part]
    result: dict[str, Any] = node
    return result


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise VocabularyError(f"vocabulary: {where} must be a list of non-empty strings")
    return tuple(v.lower() for v in value)


@cache
def words(section: str, key: str) -> tuple[str, ...]:
    """The list `key` of table `section` ("oxygen", "room_air"), lower-cased."""
    return _strings(_table(section).get(key), f"{section}.{key}")


@cache
def text(section: str, key: str) -> str:
    """The string `key` of table `section`."""
    value = _table(section).get(key)
    if not isinstance(value, str) or not value:
        raise VocabularyError(f"vocabulary: {section}.{key} must be a non-empty string")
    return value


@cache
def mapping(section: str, key: str) -> dict[str, str]:
    """The table of words to words `key` of table `section` ("spelling.sounds_like")."""
    value = _table(section).get(key)
    words_only = isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) and v
                                                 for k, v in value.items())
    if not isinstance(value, dict) or not words_only:
        raise VocabularyError(f"vocabulary: {section}.{key} must map words to words")
    return {str(k).lower(): str(v).lower() for k, v in value.items()}


@cache
def values(section: str, key: str) -> tuple[float, ...]:
    """The list of numbers `key` of table `section`."""
    value = _table(section).get(key)
    if not isinstance(value, list) or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
        raise VocabularyError(f"vocabulary: {section}.{key} must be a list of numbers")
    return tuple(float(v) for v in value)


@cache
def numbers(section: str) -> dict[str, int]:
    """A table of words to whole numbers ("vasopressors.count_words")."""
    table = _table(section)
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in table.values()):
        raise VocabularyError(f"vocabulary: [{section}] must map words to whole numbers")
    return {str(k).lower(): int(v) for k, v in table.items()}


@cache
def drugs() -> tuple[Drug, ...]:
    result = []
    for key, entry in _table("drugs").items():
        drug_class = entry.get("class") if isinstance(entry, dict) else None
        if drug_class not in DRUG_CLASSES:
            raise VocabularyError(f"vocabulary: drugs.{key}.class must be one of {DRUG_CLASSES}")
        result.append(Drug(key, str(drug_class), _strings(entry.get("names"), f"drugs.{key}.names")))
    return tuple(result)


@cache
def drug(key: str) -> Drug:
    return next(d for d in drugs() if d.key == key)


@cache
def vasopressor_agents() -> dict[str, tuple[str, ...]]:
    agents = _table("vasopressors.agents")
    return {key: _strings(names, f"vasopressors.agents.{key}") for key, names in agents.items()}


@cache
def devices() -> tuple[Device, ...]:
    result = []
    for key, entry in _table("oxygen.devices").items():
        support, label = entry.get("support"), entry.get("label")
        if support not in DEVICE_SUPPORTS or not isinstance(label, str):
            raise VocabularyError(f"vocabulary: oxygen.devices.{key} needs a label and a support in {DEVICE_SUPPORTS}")
        names = _strings(entry.get("names"), f"oxygen.devices.{key}.names")
        result.append(Device(key, str(support), label, names))
    return tuple(result)


@cache
def device(key: str) -> Device:
    return next(d for d in devices() if d.key == key)
