"""Checks of the dialog's data for `crs-assistant kb check`: the reader's vocabulary
(`dialogs/data/vocabulary.toml`) against the slot registry, and the consult dialog.

The knowledge package cannot import dialogs, so `kb check` (in assistant) runs these after the
knowledge base's own checks. Each problem is one line naming the file and the entry.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from knowledge import slot_registry

VOCABULARY_PATH = Path(__file__).parent / "data" / "vocabulary.toml"
REL = "dialogs/data/vocabulary.toml"
# A device whose support depends on the flow: the reader decides it from the litres.
FLOW_DECIDES = "cannula"


def _lists(node: Any, where: str) -> list[str]:
    """Every list anywhere in the file must be a list of non-empty strings (or of numbers: a range)."""
    if isinstance(node, dict):
        return [p for key, value in node.items() for p in _lists(value, f"{where}.{key}" if where else key)]
    numbers = isinstance(node, list) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in node)
    if isinstance(node, list) and not numbers and not all(isinstance(v, str) and v.strip() for v in node):
        return [f"{REL}: {where}: must be a list of non-empty strings"]
    return []


def _known_supports() -> set[str]:
    oxygen = slot_registry.slot("oxygen")
    return {str(v) for v in oxygen.allowed if v != "none"} | {FLOW_DECIDES}


def _entries(raw: dict[str, Any], path: str) -> dict[str, Any]:
    node: Any = raw
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else {}


def structure_problems(raw: dict[str, Any]) -> list[str]:
    """What a parsed vocabulary file must satisfy, checked on the data alone."""
    from dialogs.understanding.vocabulary import DEVICE_SUPPORTS, DRUG_CLASSES

    problems = _lists(raw, "")
    supports = _known_supports()
    for name in sorted(set(DEVICE_SUPPORTS) - supports):
        problems.append(f"{REL}: the reader knows oxygen support '{name}', which the slot registry's oxygen "
                        f"slot does not have (knowledge/data/slots.toml)")
    for key, entry in _entries(raw, "oxygen.devices").items():
        support = entry.get("support") if isinstance(entry, dict) else None
        if support not in supports or support not in DEVICE_SUPPORTS:
            problems.append(f"{REL}: oxygen.devices.{key}.support: {support!r} is not one of "
                            f"{', '.join(sorted(supports & set(DEVICE_SUPPORTS)))}")
    for key, entry in _entries(raw, "drugs").items():
        drug_class = entry.get("class") if isinstance(entry, dict) else None
        if drug_class not in DRUG_CLASSES:
            problems.append(f"{REL}: drugs.{key}.class: {drug_class!r} is not one of {', '.join(DRUG_CLASSES)}")
    return problems


def vocabulary_problems(path: Path = VOCABULARY_PATH) -> list[str]:
    """Every problem in the vocabulary file; for the shipped file, also what the reader's own
    loader finds (a phrase that means two things, via `terms.table()`)."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return [f"{REL}: cannot be read: {exc}"]
    problems = structure_problems(raw)
    if problems or path.resolve() != VOCABULARY_PATH.resolve():
        return problems
    from dialogs.understanding import terms
    from dialogs.understanding import vocabulary as vocab

    try:
        vocab.drugs()
        vocab.devices()
        terms.table()
    except Exception as exc:  # the reader's loader says what is wrong; kb check lists it, never a traceback
        message = str(exc).removeprefix("vocabulary: ")
        problems.append(f"{REL}: {message}")
    return problems


def dialog_problems() -> list[str]:
    """The consult dialog (`dialogs/data/consult.toml`) against the registry and the knowledge base."""
    from dialogs.spec import DialogSpecError, load_spec

    try:
        load_spec()
    except DialogSpecError as exc:
        return exc.problems
    return []


def problems() -> list[str]:
    return vocabulary_problems() + dialog_problems()
