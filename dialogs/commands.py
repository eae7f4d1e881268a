"""Conversation controls: back, change, restart, plan, why, refs, summary, help, quit."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from knowledge import slot_registry

CommandName = Literal["back", "change", "restart", "plan", "why", "refs", "summary", "help", "quit"]

_WORDS: dict[str, CommandName] = {
    "back": "back", "undo": "back", "go back": "back",
    "change": "change",
    "restart": "restart", "new consult": "restart", "start over": "restart",
    "plan": "plan", "show plan": "plan", "show the plan": "plan", "current plan": "plan",
    "why": "why",
    "refs": "refs", "references": "refs",
    "summary": "summary", "case so far": "summary",
    "help": "help", "commands": "help",
    "quit": "quit", "exit": "quit", "bye": "quit",
}

# The words `change SLOT` accepts, from the slot registry (knowledge/data/slots.toml); kept for
# importers. `slot_for` and `changeable` read the registry at call time.
SLOT_ALIASES: dict[str, str] = slot_registry.default_registry().aliases

HELP = """Commands (type them with or without a leading /):
  back             undo the last answer
  change SLOT      answer a question again, e.g. 'change oxygen' (or just say 'actually she's on 4 L')
  plan             show the current plan again (Now, If no improvement, Monitor and support)
  why              the grade's basis, and the rules and statements behind each plan item
  refs             the references behind the current answer
  summary          the case so far
  reassess         a new assessment point in this episode (or 'update: ...', 'now: ...', '6 h later ...');
                   what was given is kept, and the plan shows the course
  restart          start a new consult
  help             this list
  quit             end the consult
Ask a question at any time ('what dose of anakinra?'); it is answered from the knowledge base."""


@dataclass(frozen=True)
class Command:
    name: CommandName
    argument: str = ""


def parse_command(text: str) -> Command | None:
    """A command, or None when the text is not one. An unknown '/word' is a 'help' request."""
    cleaned = re.sub(r"\s+", " ", text.strip().lower()).rstrip(".!")
    slashed = cleaned.startswith("/")
    cleaned = cleaned.lstrip("/").strip()
    if cleaned in _WORDS:
        return Command(_WORDS[cleaned])
    head, _, rest = cleaned.partition(" ")
    if head == "change" and rest:
        return Command("change", rest.strip())
    if slashed:
        return Command("help", argument=f"unknown:{cleaned.split(' ')[0]}")
    return None


def slot_for(words: str) -> str | None:
    """The slot `change WORDS` names: one of its aliases, or its own name."""
    registry = slot_registry.default_registry()
    words = words.strip().lower()
    aliases = registry.aliases
    return aliases.get(words) or (words if words in aliases.values() else None)


def changeable() -> str:
    """The words for what `change SLOT` can name, for people: 'anakinra, anc, bp, ...'."""
    return ", ".join(sorted(slot_registry.default_registry().change_words))
