"""The run-time form of validated content: stdlib frozen dataclasses, no pydantic.

Content is validated once, by its pydantic schema (`knowledge.models`, `knowledge.case_schema`),
and then converted (`to_plain`) into the frozen dataclasses the rest of the program reads; the
compiled snapshot (`knowledge.kb_cache`) stores those, so a run that loads it never imports
pydantic. `Plain` gives those dataclasses the few verbs the program and its tests use on
content: `model_construct` (build without checking), `model_copy(update=...)`, `model_dump()`
and `model_validate` (check with the schema, which imports pydantic only then).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TypeVar

P = TypeVar("P", bound="Plain")
M = TypeVar("M", bound=type)

_FIELD_NAMES: dict[type, tuple[str, ...]] = {}  # each plain class's field names, in order


class Plain:
    """Mixin of the plain content dataclasses, declared `@dataclass(frozen=True, kw_only=True,
    repr=False, eq=False)`: equality, hash and repr are these generic ones, as the dataclass
    would write them (same fields in order, same class), which halves what each class costs to
    create on a cold start (the decorator writes and compiles fewer methods). They keep a
    `__dict__` (no `slots=True`): the hot paths read a case's values as `obj.__dict__`."""

    __slots__ = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.field_names())

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.field_names())
        return f"{self.__class__.__qualname__}({inner})"

    # field name -> key in the data files, where they differ (Predicate's `in_` is written `in`)
    ALIASES: ClassVar[Mapping[str, str]] = {}
    # the module (imported only to validate) that declares this class's pydantic schema
    SCHEMA_MODULE: ClassVar[str] = "knowledge.models"

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        names = _FIELD_NAMES.get(cls)
        if names is None:
            names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]
        return names

    @classmethod
    def model_construct(cls: type[P], **values: Any) -> P:
        """Built from values already checked (or deliberately not): fields left out take their default."""
        return cls(**values)

    @classmethod
    def model_validate(cls: type[P], raw: Any, *, strict: bool | None = None) -> P:
        """`raw` checked by the schema (its errors are pydantic's `ValidationError`), as this class."""
        import importlib

        importlib.import_module(cls.SCHEMA_MODULE)  # registers its models (`plain_form`)
        model = next(m for m, plain in _PLAIN_OF.items() if plain is cls)
        converted: P = to_plain(model.model_validate(raw, strict=strict))
        return converted

    def model_copy(self: P, *, update: Mapping[str, Any] | None = None) -> P:
        return dataclasses.replace(self, **(update or {}))  # type: ignore[type-var]

    def model_dump(self, *, exclude_none: bool = False, by_alias: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in self.field_names():
            value = _dump(getattr(self, name), exclude_none, by_alias)
            if value is None and exclude_none:
                continue
            out[self.ALIASES.get(name, name) if by_alias else name] = value
        return out


def _dump(value: Any, exclude_none: bool, by_alias: bool) -> Any:
    if isinstance(value, Plain):
        return value.model_dump(exclude_none=exclude_none, by_alias=by_alias)
    if isinstance(value, list | tuple):
        return [_dump(v, exclude_none, by_alias) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v, exclude_none, by_alias) for k, v in value.items()}
    return value


# pydantic model class -> its plain dataclass, registered by `plain_form`
_PLAIN_OF: dict[Any, type[Plain]] = {}  # keys: pydantic model classes (not imported here)


def plain_form(plain: type[Plain]) -> Callable[[M], M]:
    """Class decorator for a pydantic schema model: `to_plain` turns its instances into `plain`."""

    def register(model: M) -> M:
        _PLAIN_OF[model] = plain
        return model

    return register


def to_plain(value: Any) -> Any:
    """A validated value with every schema model inside it replaced by its plain dataclass
    (lists and dicts rebuilt, scalars as they are)."""
    target = _PLAIN_OF.get(type(value))
    if target is not None:
        return target(**{name: to_plain(getattr(value, name)) for name in target.field_names()})
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(to_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    return value


def disagreements(model: Any, plain: type) -> list[str]:
    """How a schema model's fields differ from its plain dataclass's (names and order, defaults)."""
    fields: dict[str, Any] = model.model_fields
    names = tuple(fields)
    plain_fields = dataclasses.fields(plain)
    if names != tuple(f.name for f in plain_fields):
        return [f"{model.__name__}: schema fields {names} but plain fields {tuple(f.name for f in plain_fields)}"]
    problems = []
    for f in plain_fields:
        info = fields[f.name]
        if info.is_required() != (f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING):
            problems.append(f"{model.__name__}.{f.name}: required in one form only")
        elif not info.is_required():
            default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
            if default != info.default:
                problems.append(f"{model.__name__}.{f.name}: default {info.default!r} in the schema, {default!r} plain")
    return problems
