"""The ASTCT count of vasopressors: vasopressin never adds a second one.

Non-vasopressin agents running: none (vasopressin alone) -> "vasopressin-only", one ->
"one-pressor", two or more -> "multi-pressor".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dialogs.understanding.utterance import Term

VASOPRESSIN = "vasopressin"
Described = tuple[str, int, int, str]  # value, start, end, echo


def agent_name(key: str) -> str:
    return key.replace("_", " ").replace(" ii", " II")


@dataclass
class Tally:
    """What one utterance says about blood pressure, the latest statement last."""

    running: dict[str, Term] = field(default_factory=dict)
    stopped_agents: list[Term] = field(default_factory=list)
    count: tuple[int, int, int] | None = None  # number, start, end of "on 2 pressors"
    stopped: Term | None = None  # "no pressors", "off pressors"
    unnamed: Term | None = None  # "on pressors"
    normal: Term | None = None  # "normotensive", "BP fine"
    hypotensive: Term | None = None
    fluids: tuple[int, int] | None = None  # "responded to a 1 L bolus"
    past: list[Term] = field(default_factory=list)  # "was on levo": not now
    without: list[Term] = field(default_factory=list)  # "levo 0.1, BP 80s off pressors": the pressure without them
    fluid_given: tuple[int, int] | None = None  # a fluid or a volume named, responded or not
    other_reason: list[Term] = field(default_factory=list)  # "500cc for UOP": fluids not for the pressure
    over: list[Term] = field(default_factory=list)  # "boluses on day 2 and 3, none since": not now
    taken_back: list[Term] = field(default_factory=list)  # "earlier I said norepi, meant vasopressin": not said

    def agent(self, term: Term, on: bool) -> None:
        self.running.pop(term.name, None)
        if on:
            self.running[term.name] = term
        else:
            self.stopped_agents.append(term)

    def generic(self, term: Term, count: tuple[int, int, int] | None) -> None:
        if term.negated or (count is not None and count[0] == 0):
            self.running.clear()
            self.count = None
            self.stopped = term
        elif count is None:
            self.unnamed = term
        else:
            self.count = count


_LABEL = re.compile(r"^(?:s?bps?|blood pressures?|pa|ta)\b[ :]*(?:(?:of|was|now|is|has been|have been|been|running|"
                    r"remained|remains|in the|only|~) ?)*", re.IGNORECASE)


def _by_agents(running: dict[str, Term]) -> Described:
    start = min(t.span[0] for t in running.values())
    end = max(t.span[1] for t in running.values())
    others = [agent_name(k) for k in running if k != VASOPRESSIN]
    with_vasopressin = VASOPRESSIN in running
    if not others:
        return "vasopressin-only", start, end, "vasopressin only (ASTCT does not define the grade of vasopressin alone)"
    if len(others) == 1:
        if with_vasopressin:
            return "one-pressor", start, end, f"one vasopressor ({others[0]} + vasopressin count as one)"
        return "one-pressor", start, end, f"one vasopressor ({others[0]})"
    note = "; vasopressin does not add to the count" if with_vasopressin else ""
    return "multi-pressor", start, end, f"multiple vasopressors ({' + '.join(others)}{note})"


def by_count(count: tuple[int, int, int], original: str) -> Described:
    number, start, end = count
    written = original[start:end]
    if number == 1:
        return "one-pressor", start, end, f'one vasopressor ("{written}")'
    echo = f'multiple vasopressors ("{written}"; vasopressin would not count as a second: name the agents if one is)'
    return "multi-pressor", start, end, echo


def describe(tally: Tally, original: str) -> Described | None:
    """The hypotension value with its span and echo, or None when it cannot be told."""
    if tally.running or tally.count:
        if tally.count and tally.count[0] > len(tally.running):
            return by_count(tally.count, original)
        return _by_agents(tally.running)
    if tally.unnamed is not None:
        return None
    if tally.fluids is not None:
        return "fluids", *tally.fluids, "hypotension responding to fluids, no vasopressors"
    latest = max((t for t in (tally.stopped, tally.normal) if t is not None), key=lambda t: t.start, default=None)
    if latest is tally.stopped and latest is not None:
        return "none", *latest.span, "no vasopressors"
    if latest is not None and latest.name == "baseline":
        written = original[latest.span[0] : latest.span[1]]
        return "none", *latest.span, f"no hypotension ('{written}': the patient's baseline, as said)"
    if latest is not None and latest.name == "numbers":
        written = _LABEL.sub("", original[latest.span[0] : latest.span[1]])  # "BP 130s", "PA 120x80": the numbers
        return "none", *latest.span, f"no hypotension (blood pressure {written}, no vasopressor or fluids named)"
    if latest is not None:
        return "none", *latest.span, "no hypotension"
    if tally.stopped_agents:
        names = " + ".join(agent_name(t.name) for t in tally.stopped_agents)
        last = tally.stopped_agents[-1]
        return "none", tally.stopped_agents[0].span[0], last.span[1], f"off {names} (read as no vasopressors)"
    return None
