"""Shared test set-up: nothing a test does may touch the developer's own files."""

from __future__ import annotations

import os
import tempfile

import pytest


def pytest_configure(config: pytest.Config) -> None:
    # subprocesses inherit these, so the real program under test is isolated too
    scratch = tempfile.mkdtemp(prefix="crs-tests-")
    os.environ["CRS_ASSISTANT_CACHE"] = os.path.join(scratch, "cache")
    os.environ.setdefault("CRS_ASSISTANT_DATA", os.path.join(scratch, "data"))
