"""One way to load a data file, and one shape for what is wrong with it.

Every data file (the knowledge base's `knowledge/data/`, the dialog's `dialogs/data/`) is read
the same way: its bytes, parsed as TOML, validated into its pydantic model. What is wrong is a
`Problem` (file, entry, field, message), printed as one line, and every problem of a file is
collected before anything is refused. `DataFileError` is the one exception for content that
failed its checks: the command line prints its first problem as one line (exit 2) and the
terminal UI shows it on a screen of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from knowledge.plain import Plain

if TYPE_CHECKING:  # pydantic only when a model is validated: the slot registry's reader (which the
    from pydantic import BaseModel, ValidationError  # terminal UI needs for its first frame) never does

    M = TypeVar("M", bound=BaseModel)  # only for the type checker: a string bound costs a compile() at start

# the keys whose value names an entry of an array of tables, in the order they are tried
NAME_KEYS = ("id", "tag", "code", "drug", "slot", "concept")


class Problem(Plain):
    """What is wrong, and where: `file` (relative to its data folder, or to the repository for
    the dialog's files), `entry` ("question 3 (oxygen)", "[oxygen]"; empty for the whole
    file), `field` (a dotted path inside the entry; empty when the entry itself is wrong)."""

    file: str
    message: str
    entry: str = ""
    field: str = ""

    def __str__(self) -> str:
        parts = [self.file]
        if self.entry:
            parts.append(self.entry)
        if self.field:
            parts.append(f"field '{self.field}'")
        parts.append(self.message)
        return ": ".join(parts)


class DataFileError(Exception):
    """Content that failed its checks. `problems` holds every problem, one line each (naming
    file, entry and field); `what` names the content for the one line the user sees."""

    what = "content"

    def __init__(self, problems: Sequence[Problem | str]) -> None:
        self.problems: list[str] = [str(p) for p in problems]
        super().__init__("\n".join(self.problems))


def read_toml(path: Path, rel: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The parsed file, or None and the one problem saying why it cannot be read (missing,
    unreadable, not UTF-8, not TOML, nested too deeply)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(rel, f"cannot be read: {exc.strerror or exc}")]
    import tomllib  # only when a file is read: a run from the compiled snapshot parses no TOML

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(rel, f"cannot be read: not UTF-8 text ({exc.reason} at byte {exc.start})")]
    try:
        return tomllib.loads(text), []
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        reason = str(exc) if isinstance(exc, tomllib.TOMLDecodeError) else "nested too deeply"
        return None, [Problem(rel, f"cannot be read: not TOML ({reason})")]


def entry_name(key: str, index: int, item: object) -> str:
    """'question 3 (oxygen)': the entry `index` (from 0) of the array of tables `key`."""
    label = f"{key} {index + 1}"
    name = next((item[k] for k in NAME_KEYS if isinstance(item, dict) and k in item), None)
    return label + (f" ({name})" if isinstance(name, str) else "")


def located(rel: str, raw: object, loc: Sequence[int | str], message: str) -> Problem:
    """A problem at `loc` (a pydantic error location) inside the parsed file `raw`: an item of
    an array of tables is the entry ("question 3 (oxygen)") and the rest of the path the field;
    otherwise the table holding the key is the entry ("[oxygen.devices.hfnc]") and the key the
    field, with the position in its list counted from 1 ("yes[2]")."""
    path = list(loc)
    items = raw.get(str(path[0])) if path and isinstance(raw, dict) else None
    if len(path) >= 2 and isinstance(path[1], int) and isinstance(items, list):
        item = items[path[1]] if path[1] < len(items) else None
        if isinstance(item, dict) or len(path) > 2:  # an entry of an array of tables
            return Problem(rel, message, entry_name(str(path[0]), path[1], item), ".".join(map(str, path[2:])))
    index = ""
    while path and isinstance(path[-1], int):
        index = f"[{int(path.pop()) + 1}]{index}"
    keys = [str(p) for p in path]
    entry = f"[{'.'.join(keys[:-1])}]" if len(keys) >= 2 else ""
    return Problem(rel, message, entry, (keys[-1] if keys else "") + index)


# pydantic's words where they would puzzle a reviewer
PLAIN = {"string_pattern_mismatch": "must be non-empty text", "extra_forbidden": "unknown key (misspelt?)",
         "missing": "missing (required)"}


def validation_problems(rel: str, raw: object, exc: ValidationError, prefix: Sequence[int | str] = ()) -> list[Problem]:
    """Every error of a pydantic validation of `raw` (or of its part at `prefix`), located."""
    return [located(rel, raw, [*prefix, *err["loc"]], PLAIN.get(err["type"], err["msg"])) for err in exc.errors()]


def validate(model: type[M], raw: dict[str, Any], rel: str) -> tuple[M | None, list[Problem]]:
    """`raw` validated into `model`, or None and every problem."""
    from pydantic import ValidationError

    try:
        return model.model_validate(raw), []
    except ValidationError as exc:
        return None, validation_problems(rel, raw, exc)


def load(path: Path, rel: str, model: type[M]) -> tuple[M | None, list[Problem]]:
    """The one loading function: read the bytes, parse the TOML, validate into `model`. Returns
    the model (None when anything is wrong) and every problem found."""
    raw, problems = read_toml(path, rel)
    if raw is None:
        return None, problems
    return validate(model, raw, rel)


def entries(raw: dict[str, Any], key: str, model: type[M], rel: str) -> tuple[list[M], list[Problem]]:
    """The array of tables `key` of a parsed file, each entry validated into `model` on its own
    (so one bad entry does not hide the others)."""
    from pydantic import ValidationError

    items = raw.get(key, [])
    if not isinstance(items, list):
        return [], [Problem(rel, f"'{key}' must be an array of tables ([[{key}]])")]
    out: list[M] = []
    problems: list[Problem] = []
    for index, item in enumerate(items):
        try:
            out.append(model.model_validate(item))
        except ValidationError as exc:
            name = entry_name(key, index, item)
            problems += [Problem(rel, PLAIN.get(err["type"], err["msg"]), name,
                                 ".".join(str(p) for p in err["loc"]) or "(entry)")
                         for err in exc.errors()]
    return out, problems


def lines(problems: Iterable[Problem | str]) -> list[str]:
    return [str(p) for p in problems]
