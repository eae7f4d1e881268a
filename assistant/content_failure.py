"""The one line a front end shows when the content (the knowledge base or a dialog data file)
failed its checks: the command line prints it, the terminal UI shows it on a screen of its own.
Light on purpose: it is imported on every cold start."""

from __future__ import annotations

import sys

__all__ = ["load_failure"]


def load_failure(exc: BaseException) -> str | None:
    """One line for content that failed its checks (the knowledge base or a dialog data file: a
    `DataFileError`, whose first problem names the file, the entry and the field), or None for
    any other exception. Looked up in sys.modules: such an error can only come from a module
    already imported, and the command line must stay light."""
    datafile = sys.modules.get("knowledge.datafile")
    if datafile is None:
        return None
    seen: BaseException | None = exc
    while seen is not None and not isinstance(seen, datafile.DataFileError):
        seen = seen.__cause__ or seen.__context__
    if seen is None:
        return None
    problems: list[str] = list(getattr(seen, "problems", None) or [str(seen)])
    what = getattr(seen, "what", "content")
    more = f" (and {len(problems) - 1} more; run 'crs-assistant kb check')" if len(problems) > 1 else ""
    from assistant.export.inert import inert

    first = inert(" ".join(problems[0].split()))  # one inert line, whatever the data files hold
    return f"The {what} failed its checks, so no advice is given: {first}{more}"
