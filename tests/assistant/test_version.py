"""`crs-assistant --version` prints the program's version and exits 0."""

from __future__ import annotations

import pytest

from assistant import __version__
from assistant.cli.main import main


def test_version_flag(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"crs-assistant {__version__}"
