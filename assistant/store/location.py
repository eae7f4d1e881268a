"""Where the session store lives: `--data-dir`, else `CRS_ASSISTANT_DATA`, else the platform's data dir."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "crs-assistant"
DB_NAME = "sessions.db"
DATA_ENV = "CRS_ASSISTANT_DATA"


def data_dir(flag: str | os.PathLike[str] | None = None) -> Path:
    """The data directory; the flag wins over the environment, which wins over platformdirs."""
    if flag:
        return Path(flag).expanduser()
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def db_path(flag: str | os.PathLike[str] | None = None) -> Path:
    return data_dir(flag) / DB_NAME
