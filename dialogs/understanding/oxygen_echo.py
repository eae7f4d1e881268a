"""The oxygen value for a device or a flow, with an echo that says how it was read."""

from __future__ import annotations

import re

from dialogs.understanding import terms as kinds
from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.patterns import fmt, parse_number
from dialogs.understanding.results import Mention, Outcome, Problem
from dialogs.understanding.utterance import Term

SLOT = "oxygen"
LOW_FLOW_MAX = 6.0  # L/min; exactly 6 is low flow (ASTCT)
FLOW_MAX = 80.0


def _too_high(flow: float, start: int, end: int) -> Problem | None:
    if flow <= FLOW_MAX:
        return None
    return Problem(SLOT, start, end, f"oxygen flow {fmt(flow)} L/min is outside 0-{fmt(FLOW_MAX)} L/min")


def device_outcome(text: str, term: Term, flow_match: re.Match[str] | None) -> Outcome:
    """Room air, "no oxygen" or a device, with the flow written nearest to it."""
    start, end = term.span
    if term.kind == kinds.ROOM_AIR:
        return Mention(SLOT, "none", start, end, "no oxygen (room air)")
    if term.kind == kinds.OXYGEN_GENERIC:
        return Mention(SLOT, "none", start, end, "no supplemental oxygen")
    device = vocab.device(term.name)
    flow = parse_number(flow_match.group("num")) if flow_match else None
    if flow_match is not None:
        start, end = min(start, flow_match.start()), max(end, flow_match.end())
    shown = f"{device.label} {fmt(flow)} L/min" if flow is not None else device.label
    problem = _too_high(flow, start, end) if flow is not None else None
    if problem is not None:
        return problem
    if device.support == "positive-pressure":
        return Mention(SLOT, "positive-pressure", start, end, f"positive-pressure support ({device.label})")
    if device.support == "low-flow":
        return Mention(SLOT, "low-flow", start, end, f"low-flow oxygen ({shown})")
    if device.support == "high-flow":
        note = "" if device.key == "hfnc" else ": counts as high flow at any flow"
        return Mention(SLOT, "high-flow", start, end, f"high-flow oxygen ({shown}{note})")
    if flow is None:
        # a cannula above 6 L/min is high flow: without the flow the grade cannot be told
        return Problem(SLOT, start, end, f"{shown} without its flow: give the L/min (above 6 L/min is high flow)")
    if flow <= LOW_FLOW_MAX:
        return Mention(SLOT, "low-flow", start, end, f"low-flow oxygen ({shown})")
    return Mention(SLOT, "high-flow", start, end, f"high-flow oxygen ({shown}: above 6 L/min counts as high flow)")


def flow_outcome(flow_match: re.Match[str]) -> Outcome:
    """A flow with no device named."""
    start, end = flow_match.start(), flow_match.end()
    flow = parse_number(flow_match.group("num"))
    problem = _too_high(flow, start, end)
    if problem is not None:
        return problem
    if flow == 0:
        return Mention(SLOT, "none", start, end, "no oxygen (0 L/min)")
    if flow <= LOW_FLOW_MAX:
        echo = f"low-flow oxygen ({fmt(flow)} L/min, device not named: read as nasal cannula)"
        return Mention(SLOT, "low-flow", start, end, echo)
    echo = f"high-flow oxygen ({fmt(flow)} L/min, device not named: above 6 L/min is high flow with any device)"
    return Mention(SLOT, "high-flow", start, end, echo)
