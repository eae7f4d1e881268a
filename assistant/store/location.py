"""Where the session store lives: a PostgreSQL URL from `--store` or `CRS_ASSISTANT_STORE`; else an
SQLite file in `--data-dir`, else in `CRS_ASSISTANT_DATA`, else in the platform's data dir."""

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


def store_url(flag: str | None = None) -> str | None:
    """The PostgreSQL store to use, if any: `--store` wins over CRS_ASSISTANT_STORE."""
    from assistant.store.backend import STORE_ENV, is_postgres
    from assistant.store.errors import StoreError

    url = flag or os.environ.get(STORE_ENV) or None
    if url is not None and not is_postgres(url):
        raise StoreError(f"--store / {STORE_ENV} takes a postgresql://USER@HOST/DATABASE URL, not {url[:60]!r}; "
                         "for a local file use --data-dir")
    return url


def store_target(data_dir_flag: str | os.PathLike[str] | None = None, store_flag: str | None = None) -> Path | str:
    """The store to open: a postgresql:// URL if one is configured, else the SQLite file."""
    return store_url(store_flag) or db_path(data_dir_flag)


def db_path(flag: str | os.PathLike[str] | None = None) -> Path:
    return data_dir(flag) / DB_NAME
