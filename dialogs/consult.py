"""The consult's fixed inputs, the dialog and the knowledge base (`Consult`), and which slots a
case panel or an export lists: what reading a stored consult needs, without the engine that
answers (`dialogs.engine` imports these; an export of a stored session imports only this)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from dialogs.spec import DialogSpec, default_spec
from knowledge.conditions import CaseTest, compile_condition
from knowledge.content import Scalar
from knowledge.loader import KnowledgeBase, default_kb

TIME_SLOT = "tocilizumab_time"  # the dialog slot of "When were the tocilizumab doses given?"


@dataclass(frozen=True, eq=False)  # eq=False: hashed by identity, so per-consult caches can key on it
class Consult:
    """The engine's fixed inputs: the dialog and the knowledge base."""

    spec: DialogSpec
    kb: KnowledgeBase

    @property
    def intro(self) -> str:
        return (
            "CRS consult. Describe the patient in your own words (for example 'Tmax 101.8F, levo + vaso, "
            "HFNC 40L') or answer the questions one by one. Type 'help' for commands; ask a question at any "
            f"time.\nKnowledge base {self.kb.version}. {self.kb.meta.disclaimer}"
        )


@cache
def default_consult() -> Consult:
    return Consult(default_spec(), default_kb())


@cache
def ask_tests(consult: Consult) -> dict[str, tuple[CaseTest, tuple[CaseTest, ...]]]:
    """Each question's slot: its `ask_when` test and its `ask_when_any` tests, compiled once."""
    return {
        q.slot: (compile_condition(q.ask_when), tuple(compile_condition(c) for c in q.ask_when_any))
        for q in consult.spec.questions
    }


def shown_slots(values: Mapping[str, Scalar], consult: Consult) -> tuple[str, ...]:
    """The slots a case panel or an export lists, in consult order: those recorded, and those the
    consult asks now or would ask (the ICANS domains only once neurotoxicity is reported; whether
    the patient is a child under 30 kg; the course once first-line therapy was given)."""
    tests = ask_tests(consult)

    def listed(slot: str) -> bool:
        if slot == TIME_SLOT:  # the times are in the course, not a slot to list
            return False
        if slot in values:
            return True
        when, any_of = tests[slot]
        return when(values) and (not any_of or any(t(values) for t in any_of))

    return tuple(q.slot for q in consult.spec.questions if listed(q.slot))
