"""Who is using the assistant: the login name in a terminal, the proxy's user in a ward browser.

`crs-assistant serve` starts one app process per browser tab with CRS_ASSISTANT_SERVED=1 and
CRS_ASSISTANT_REMOTE_USER set from the header its reverse proxy sends (after authenticating the
user); a served process without a valid user refuses to start a consult. In a terminal the user
is the login name. (Anyone who can set these variables in a terminal can also open the store
directly: on a shared PostgreSQL store the database credentials are the boundary for terminals.)
"""

from __future__ import annotations

import getpass
import os
import re

SERVED_ENV = "CRS_ASSISTANT_SERVED"
REMOTE_USER_ENV = "CRS_ASSISTANT_REMOTE_USER"
USER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}")
ACCEPTED = "1 to 64 letters, digits or . _ @ + - (starting with a letter or digit)"


class NoUser(Exception):
    """No authenticated user: worded as one line for the user."""


def valid_user(name: str) -> bool:
    return USER_NAME.fullmatch(name) is not None


def login_name() -> str:
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry and no LOGNAME/USER
        return f"uid{os.getuid()}" if hasattr(os, "getuid") else "unknown"
    return name if valid_user(name) else re.sub(r"[^A-Za-z0-9._@+-]", "_", name)[:64] or "unknown"


def served() -> bool:
    return os.environ.get(SERVED_ENV) == "1"


def current_user() -> str:
    """The user every stored consult and turn is attributed to; NoUser in a served app without one."""
    if not served():
        return login_name()
    name = os.environ.get(REMOTE_USER_ENV, "")
    if not name:
        raise NoUser("no authenticated user: open the assistant through the ward's web address (its proxy "
                     "signs you in); no consult was started")
    if not valid_user(name):
        raise NoUser(f"the proxy sent a user name this assistant does not accept ({ACCEPTED}); no consult "
                     "was started")
    return name
