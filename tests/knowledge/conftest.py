"""Fixtures for tests that break a copy of the knowledge base: `kb_copy` (a copy of the shipped data
folder), `break_kb(root, name)`, and `breakage`, which parametrizes a test over every breakage."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from knowledge.loader import DATA_DIR


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(DATA_DIR, root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path.name}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


TOCI = "statements/tocilizumab.toml"
ADULT_WHEN = ('when = { grade = { ge = 2 }, tocilizumab_doses = { lt = 4 }, weight_kg = { ge = 30 }, '
              'population = { in = ["adult", "child"] }, tocilizumab_timing = { in = ["due", "untimed"] } }')
ADULT_DOSE = 'drug = "tocilizumab", mg_per_kg = 8, max_mg = 800 }'

# name -> (file, old, new, what the first problem must name: file, entry and field)
BREAKAGES: dict[str, tuple[str, str, str, str]] = {
    "slot renamed in a when": (
        TOCI, ADULT_WHEN, ADULT_WHEN.replace("grade =", "gradee ="),
        "statements/tocilizumab.toml: statement (toci-dose-adult): field 'when.gradee'"),
    "unknown value": (
        "statements/steroids.toml", 'steroids = { eq = "full" }, population',
        'steroids = { eq = "maximal" }, population',
        "statements/steroids.toml: statement (steroid-grade3): field 'when.steroids'"),
    "broken ref": (
        TOCI, 'refs = ["ASCO", "NCCN", "SRC2", "SRC1"]', 'refs = ["ASCO", "NCCN", "SRC2", "SRC9"]',
        "statements/tocilizumab.toml: statement (toci-dose-adult): field 'refs'"),
    "dose typo 80 mg/kg": (
        TOCI, ADULT_DOSE, 'drug = "tocilizumab", mg_per_kg = 80, max_mg = 8000 }',
        "statements/tocilizumab.toml: statement (toci-dose-adult): field 'dose.mg_per_kg'"),
    "negative dose": (
        TOCI, ADULT_DOSE, 'drug = "tocilizumab", mg_per_kg = -8, max_mg = 800 }',
        "statements/tocilizumab.toml: statement 1 (toci-dose-adult): field 'dose.mg_per_kg'"),
    "when_any slot renamed": (
        "statements/supportive.toml", "when_any = [", "when_any = [{ oxygn = { ne = \"none\" } }, ",
        "field 'when_any[1].oxygn'"),
    "product statement without its label date": (
        "statements/bispecifics.toml", 'label_date = "2024-05"\nkeywords = ["tarlatamab", "Imdelltra"',
        'keywords = ["tarlatamab", "Imdelltra"',
        "statements/bispecifics.toml: statement (tarlatamab-grade1-2): field 'label_date'"),
    "product statement without its status": (
        "statements/bispecifics.toml", 'status = "V"\nregion = "US"\nlabel_date = "undated"\n'
        'keywords = ["epcoritamab", "Epkinly", "withhold", "grade 1"]',
        'region = "US"\nlabel_date = "undated"\nkeywords = ["epcoritamab", "Epkinly", "withhold", "grade 1"]',
        "statements/bispecifics.toml: statement (epcoritamab-grade1): field 'status'"),
    "U fact used as an action": (
        "statements/bispecifics.toml", 'status = "V2"\nregion = "US"\nlabel_date = "2024-05"\n'
        'keywords = ["tarlatamab", "grade 4"',
        'status = "U"\nregion = "US"\nlabel_date = "2024-05"\nkeywords = ["tarlatamab", "grade 4"',
        "statements/bispecifics.toml: statement (tarlatamab-grade4): field 'status'"),
}


def _break(root: Path, name: str) -> str:
    """Apply one breakage to the copy at `root`; returns what its first problem must contain."""
    rel, old, new, named = BREAKAGES[name]
    edit(root / rel, old, new)
    return named


@pytest.fixture
def break_kb() -> Callable[[Path, str], str]:
    return _break


@pytest.fixture
def edit_file() -> Callable[[Path, str, str], None]:
    return edit


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "breakage" in metafunc.fixturenames:
        metafunc.parametrize("breakage", list(BREAKAGES))
