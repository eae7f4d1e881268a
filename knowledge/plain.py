"""The run-time form of validated content: plain frozen records, no pydantic, no `dataclasses`.

Content is validated once, by its pydantic schema (`knowledge.models`, `knowledge.case_schema`),
and then converted (`to_plain`) into the frozen records the rest of the program reads; the
compiled snapshot (`knowledge.kb_cache`) stores those, so a run that loads it never imports
pydantic. A record is a class deriving from `Plain` with annotated fields, as a frozen
dataclass would declare them (`class Bound(Plain, kw_only=True)`, `field(default_factory=list)`);
type checkers read it as one (`typing.dataclass_transform`). `Plain` gives those records the few
verbs the program and its tests use on content: `model_construct` (build without checking),
`model_copy(update=...)`, `model_dump()` and `model_validate` (check with the schema, which
imports pydantic only then).

Why not `@dataclass`: a cold `assess` creates about 25 of these classes, and the decorator writes
and compiles the source of their methods at every start (about 3 million instructions a class,
and `dataclasses` imports `inspect`, `ast` and `dis`); here one generic `__init__` serves all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Self, TypeVar, dataclass_transform

M = TypeVar("M", bound=type)
T = TypeVar("T")


class FrozenRecordError(AttributeError):
    """A field of a frozen record was assigned or deleted."""


class _Factory:
    """A field's default made afresh for each record (`field(default_factory=list)`)."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


def field(*, default_factory: Callable[[], T]) -> T:
    """A field whose default is `default_factory()`, called for each record built without it."""
    return _Factory(default_factory)  # type: ignore[return-value]  # read by Plain.__init_subclass__


_REQUIRED = object()  # a field without a default


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
class Plain:
    """Base of the plain content records. Fields are the class's annotations (ClassVar ones
    excepted), in order, after those of a record it derives from; a class attribute of the same
    name is the default. Records are frozen; equality, hash and repr are by fields in order and
    class (`eq=False` as a class keyword: by identity, so caches can key on one). They keep a
    `__dict__` (no `__slots__`): the hot paths read a case's values as `obj.__dict__`."""

    __slots__ = ()

    # each record class's fields in order, and each one's default (_REQUIRED, a value or a _Factory)
    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, *, kw_only: bool = False, eq: bool = True, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        annotations = cls.__dict__.get("__annotations__", {})  # noqa: RUF063 (this class's own; no `inspect`)
        own = [name for name, hint in annotations.items() if not str(hint).startswith(("ClassVar", "typing.ClassVar"))]
        defaults = dict(cls._defaults)
        for name in own:
            defaults[name] = cls.__dict__.get(name, _REQUIRED)
            if isinstance(defaults[name], _Factory):
                delattr(cls, name)
        cls._fields = (*cls._fields, *(name for name in own if name not in cls._fields))
        cls._defaults = defaults
        if not eq:
            cls.__eq__ = object.__eq__  # type: ignore[method-assign]
            cls.__hash__ = object.__hash__  # type: ignore[method-assign]

    def __init__(self, *args: Any, **values: Any) -> None:
        names = self._fields
        if not args and len(values) == len(names):  # every field given (the hot paths): no defaults to fill
            try:
                self.__dict__.update({name: values[name] for name in names})
                return
            except KeyError:
                pass  # an unknown field in place of a known one: said below
        if args:
            if len(args) > len(names):
                raise TypeError(f"{type(self).__name__}() takes at most {len(names)} positional arguments")
            values = {**dict(zip(names, args, strict=False)), **values}
        unknown = values.keys() - self._defaults.keys()
        if unknown:
            raise TypeError(f"{type(self).__name__}() got unexpected fields: {', '.join(sorted(unknown))}")
        record: dict[str, Any] = {}
        for name in names:
            if name in values:
                record[name] = values[name]
                continue
            default = self._defaults[name]
            if default is _REQUIRED:
                raise TypeError(f"{type(self).__name__}() missing field '{name}'")
            record[name] = default.make() if isinstance(default, _Factory) else default
        self.__dict__.update(record)

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenRecordError(f"cannot assign to field '{name}'")

    def __delattr__(self, name: str) -> None:
        raise FrozenRecordError(f"cannot delete field '{name}'")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{self.__class__.__qualname__}({inner})"

    # field name -> key in the data files, where they differ (Predicate's `in_` is written `in`)
    ALIASES: ClassVar[Mapping[str, str]] = {}
    # the module (imported only to validate) that declares this class's pydantic schema
    SCHEMA_MODULE: ClassVar[str] = "knowledge.models"

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return cls._fields

    @classmethod
    def field_defaults(cls) -> dict[str, Any]:
        """Each field with a default and that default (a fresh one where a factory makes it)."""
        return {name: d.make() if isinstance(d, _Factory) else d
                for name, d in cls._defaults.items() if d is not _REQUIRED}

    @classmethod
    def model_construct(cls, **values: Any) -> Self:
        """Built from values already checked (or deliberately not): fields left out take their default."""
        return cls(**values)

    @classmethod
    def model_validate(cls, raw: Any, *, strict: bool | None = None) -> Self:
        """`raw` checked by the schema (its errors are pydantic's `ValidationError`), as this class."""
        model = _MODEL_OF.get(cls)
        if model is None:
            import importlib

            importlib.import_module(cls.SCHEMA_MODULE)  # registers its models (`plain_form`)
            model = _MODEL_OF[cls] = next(m for m, plain in _PLAIN_OF.items() if plain is cls)
        converted: Self = to_plain(model.model_validate(raw, strict=strict))
        return converted

    def model_copy(self, *, update: Mapping[str, Any] | None = None) -> Self:
        return type(self)(**{**{name: getattr(self, name) for name in self._fields}, **(update or {})})

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
_MODEL_OF: dict[type[Plain], Any] = {}  # the other way, filled as `model_validate` first needs each
_SCALARS = frozenset({str, int, float, bool, type(None)})  # values `to_plain` returns as they are


def plain_form(plain: type[Plain]) -> Callable[[M], M]:
    """Class decorator for a pydantic schema model: `to_plain` turns its instances into `plain`."""

    def register(model: M) -> M:
        _PLAIN_OF[model] = plain
        return model

    return register


def to_plain(value: Any) -> Any:
    """A validated value with every schema model inside it replaced by its plain dataclass
    (lists and dicts rebuilt, scalars as they are)."""
    if type(value) in _SCALARS:
        return value
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


def disagreements(model: Any, plain: type[Plain]) -> list[str]:
    """How a schema model's fields differ from its plain record's (names and order, defaults)."""
    fields: dict[str, Any] = model.model_fields
    names = tuple(fields)
    if names != plain.field_names():
        return [f"{model.__name__}: schema fields {names} but plain fields {plain.field_names()}"]
    defaults = plain.field_defaults()
    problems = []
    for name in names:
        info = fields[name]
        if info.is_required() != (name not in defaults):
            problems.append(f"{model.__name__}.{name}: required in one form only")
        elif not info.is_required() and defaults[name] != info.default:
            problems.append(f"{model.__name__}.{name}: default {info.default!r} in the schema, "
                            f"{defaults[name]!r} plain")
    return problems
