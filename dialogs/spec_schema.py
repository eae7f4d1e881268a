"""The schema of the consult dialog (`dialogs/data/consult.toml`): pydantic models that validate
it into the plain form of the same names that the engine reads (`dialogs.spec`). The names are
the same so that pydantic's messages read as before. Imported only to validate."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from dialogs import spec
from knowledge.models import Condition, Scalar
from knowledge.plain import plain_form


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


@plain_form(spec.Option)
class Option(_Strict):
    label: str = Field(min_length=1)
    value: Scalar
    also: dict[str, Scalar] = {}
    match: list[str] = []


@plain_form(spec.Question)
class Question(_Strict):
    slot: str
    question: str
    accepted: str
    reprompt: str
    why: str
    unknown_effect: str
    options: list[Option] = []
    ask_when: Condition = {}
    ask_when_any: list[Condition] = []
    reads_as: str | None = None


@plain_form(spec.UnknownWords)
class UnknownWords(_Strict):
    words: list[str]


@plain_form(spec.DialogSpec)
class DialogSpec(_Strict):
    unknown: UnknownWords
    question: list[Question] = Field(min_length=1)
