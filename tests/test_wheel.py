"""`pip install .` (not editable) gives a working `crs-assistant` with the knowledge base inside."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check", "-w", str(tmp),
         str(ROOT)], capture_output=True, text=True,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = tmp.glob("crs_assistant-*.whl")
    target = tmp / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--disable-pip-version-check", "--target",
         str(target), str(wheel)], capture_output=True, text=True,
    )
    assert install.returncode == 0, install.stderr
    return wheel, target


def test_wheel_carries_the_knowledge_base(installed: tuple[Path, Path]) -> None:
    wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "knowledge/data/references.toml" in names
    assert "knowledge/data/statements/anakinra.toml" in names
    assert {"assistant/cli/main.py", "dialogs/render.py", "knowledge/grading.py"} <= names


def test_installed_console_script_runs_from_anywhere(installed: tuple[Path, Path], tmp_path: Path) -> None:
    _, target = installed
    script = target / "bin" / "crs-assistant"
    assert script.exists()
    env = {**os.environ, "PYTHONPATH": str(target)}
    proc = subprocess.run([sys.executable, str(script), "assess", "--temp", "39", "--oxygen", "positive-pressure",
                           "--format", "json"], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["grade"] == 4
    where = subprocess.run([sys.executable, "-c", "import knowledge; print(knowledge.__file__)"], capture_output=True,
                           text=True, cwd=tmp_path, env=env).stdout
    assert where.startswith(str(target)), "the test must exercise the installed copy, not the source tree"
    check = subprocess.run([sys.executable, str(script), "kb", "check"], capture_output=True, text=True,
                           cwd=tmp_path, env=env)
    assert check.returncode == 0 and "no problems" in check.stdout
