"""A varied long consult, recorded the way the front ends record one (each event committed with
its replies as shown and the state after it), for the resume and export benchmarks.

Every line differs: temperatures, pressors, oxygen, therapies and times vary from turn to turn
(seeded, so each run builds the same consult), with answers, questions, corrections, `back` and
reassessments between them. No `restart`: a restart starts a new session.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

from assistant.store import SessionMeta, SessionStore
from assistant.store.consult import current_grade
from dialogs.engine import begin, step
from dialogs.state import Event

PRESSORS = ["no pressors", "levo {d}", "levo + vaso", "norepi {d} and vaso 0.03",
            "BP 82/44 after 500 mL bolus, up to 104/60", "MAP 58 -> 500ml -> 72", "weaning off norepi {d}",
            "was on levo, now off", "phenylephrine"]
OXYGEN = ["RA", "{l}L NC", "{l} L nasal cannula", "HFNC {f}L", "BiPAP", "FM {l} l/min", "intubated", "sats 95% RA"]
EXTRA = ["", ", s/p toci x{k}", ", toci at 02{m:02d} and again at 10{m:02d}", ", dex 10 q6h",
         ", anakinra 100mg bd", ", ICE {i}", ", D+{k} axi-cel", ", C1D15 epcoritamab", ", {w} kg", ", ANC 0.{k}",
         ", tec step-up {k} yesterday"]
QUESTIONS = ["what dose of tocilizumab?", "why", "refs", "summary", "plan", "what about steroids?",
             "when can she have the next dose of toci?", "is dexamethasone ok with ICANS?"]
ANSWERS = ["no", "yes", "unknown", "full", "low dose only", "{w} kg", "{p} lb", "1", "2", "US", "EU", "none"]


def _fill(template: str, rng: random.Random) -> str:
    return template.format(d=f"{rng.randint(1, 30) / 100:.2f}", l=rng.randint(1, 6), f=rng.randint(20, 60),
                           k=rng.randint(1, 4), m=rng.randint(0, 59), i=rng.randint(0, 10), w=rng.randint(45, 110),
                           p=rng.randint(100, 240))


def varied_lines(turns: int, seed: int = 14) -> list[str]:
    rng = random.Random(seed)
    lines: list[str] = []
    while len(lines) < turns:
        temp = f"{rng.uniform(37.5, 40.8):.1f}"
        unit = rng.choice(["", "C", "F"])
        if unit == "F":
            temp = f"{float(temp) * 9 / 5 + 32:.1f}F"
        lines.append(f"Tmax {temp}{unit if unit == 'C' else ''}, {_fill(rng.choice(PRESSORS), rng)}, "
                     f"{_fill(rng.choice(OXYGEN), rng)}{_fill(rng.choice(EXTRA), rng)}")
        for _ in range(rng.randint(2, 5)):
            lines.append(_fill(rng.choice(ANSWERS), rng))
        lines.append(rng.choice(QUESTIONS))
        lines.append(f"actually she is on {_fill(rng.choice(OXYGEN), rng)}")
        if rng.random() < 0.4:
            lines.append("back")
        lines.append(f"{rng.randint(2, 12)} h later: T {rng.uniform(36.5, 39.5):.1f}, "
                     f"{_fill(rng.choice(PRESSORS), rng)}, {_fill(rng.choice(OXYGEN), rng)}")
        lines.append(_fill(rng.choice(ANSWERS), rng))
    return lines[:turns]


def record(path: Path | str, turns: int, seed: int = 14) -> int:
    """Store one consult of `turns` events as the chat records it; returns its session id."""
    start = datetime.fromisoformat("2026-12-01T08:00:00+01:00")
    state, opening = begin()
    with SessionStore.open(path) as store:
        meta = store.create(SessionMeta(f"{seed:032x}", "2026-12-01T07:00:00.000Z", "0.1.0",
                                        "kb", "clinician"), opening=opening)
        assert meta.id is not None
        for n, line in enumerate(varied_lines(turns, seed)):
            event = Event("text", line, (start + timedelta(minutes=7 * n)).isoformat())
            state, replies = step(state, event)
            store.append(meta.id, event, persona=state.persona, grade=current_grade(state), replies=replies,
                         state=state)
        return meta.id
