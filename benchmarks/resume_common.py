"""A varied long consult, recorded the way the front ends record one (each event committed with
its replies as shown and the state after it), for the resume and export benchmarks.

The lines vary: temperatures, pressors, oxygen, therapies and times differ from turn to turn
(seeded, so each run builds the same consult); each answers the question asked (one in eight is
unreadable), and once the plan is shown come questions, corrections, `change`, `back` and now and
then a reassessment. No `restart`: a restart starts a new session.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

from assistant.store import SessionMeta, SessionStore
from assistant.store.consult import current_grade
from dialogs.engine import begin, step
from dialogs.state import Event, State

PRESSORS = ["no pressors", "levo {d}", "levo + vaso", "norepi {d} and vaso 0.03",
            "BP 82/44 after 500 mL bolus, up to 104/60", "MAP 58 -> 500ml -> 72", "weaning off norepi {d}",
            "was on levo, now off", "phenylephrine"]
OXYGEN = ["RA", "{l}L NC", "{l} L nasal cannula", "HFNC {f}L", "BiPAP", "FM {l} l/min", "intubated", "sats 95% RA"]
EXTRA = ["", ", s/p toci x{k}", ", toci at 02{m:02d} and again at 10{m:02d}", ", dex 10 q6h",
         ", anakinra 100mg bd", ", ICE {i}", ", D+{k} axi-cel", ", C1D15 epcoritamab", ", {w} kg", ", ANC 0.{k}",
         ", tec step-up {k} yesterday"]
QUESTIONS = ["what dose of tocilizumab?", "why", "refs", "summary", "plan", "what about steroids?",
             "when can she have the next dose of toci?", "is dexamethasone ok with ICANS?"]
# answers to the question asked, by slot (anything else: "unknown"); one in eight is unreadable
ANSWERS = {
    "temperature_c": ["{t}", "{t} C", "Tmax {t}", "afebrile"],
    "hypotension": ["none", "fluids", "one pressor", "levo + vaso", "norepi {d}", "BP 82/44 after 500 mL bolus"],
    "oxygen": ["room air", "{l}L NC", "HFNC {f}L", "BiPAP", "FM {l} l/min"],
    "steroids": ["full", "low dose only", "none", "team wont give steroids"],
    "tocilizumab_doses": ["0", "1", "2", "toci x{k}"],
    "anakinra_given": ["no", "yes", "anakinra 100mg bd"],
    "anakinra_mg_day": ["200", "100mg bd"],
    "weight_kg": ["{w} kg", "{p} lb", "{w}"],
    "neutropenic": ["yes", "no", "ANC 0.{k}"],
    "icans": ["no", "yes", "ICE {i}"],
    "product": ["axi-cel", "teclistamab", "unknown", "epcoritamab", "tisa-cel"],
    "region": ["US", "EU"],
    "improving": ["yes", "no"],
}
UNREADABLE = ["banana", "not sure, will check", "?", "see above"]


def _fill(template: str, rng: random.Random) -> str:
    return template.format(d=f"{rng.randint(1, 30) / 100:.2f}", l=rng.randint(1, 6), f=rng.randint(20, 60),
                           k=rng.randint(1, 4), m=rng.randint(0, 59), i=rng.randint(0, 10), w=rng.randint(45, 110),
                           p=rng.randint(100, 240), t=f"{rng.uniform(37.5, 40.8):.1f}")


def _first_line(rng: random.Random) -> str:
    temp = f"{rng.uniform(37.5, 40.8):.1f}"
    temp = f"{float(temp) * 9 / 5 + 32:.1f}F" if rng.random() < 0.3 else temp + rng.choice(["", "C"])
    return (f"Tmax {temp}, {_fill(rng.choice(PRESSORS), rng)}, {_fill(rng.choice(OXYGEN), rng)}"
            f"{_fill(rng.choice(EXTRA), rng)}")


def next_line(state: State, n: int, rng: random.Random) -> str:
    """What the clinician types next: an answer to the question asked, else (once the plan is
    shown) a question, a correction, `back`, or now and then a reassessment."""
    if n == 0:
        return _first_line(rng)
    if state.pending is not None:
        if rng.random() < 0.125:
            return rng.choice(UNREADABLE)
        return _fill(rng.choice(ANSWERS.get(state.pending, ["unknown"])), rng)
    roll = rng.random()
    if roll < 0.02:
        return (f"{rng.randint(2, 12)} h later: T {rng.uniform(36.5, 39.5):.1f}, {_fill(rng.choice(PRESSORS), rng)}, "
                f"{_fill(rng.choice(OXYGEN), rng)}")
    if roll < 0.35:
        return rng.choice(QUESTIONS)
    if roll < 0.65:
        return f"actually she is on {_fill(rng.choice(OXYGEN), rng)}"
    if roll < 0.8:
        return "back"
    return f"change {rng.choice(['oxygen', 'weight', 'steroids', 'blood pressure'])}"


def record(path: Path | str, turns: int, seed: int = 14) -> int:
    """Store one consult of `turns` events as the chat records it; returns its session id."""
    rng = random.Random(seed)
    start = datetime.fromisoformat("2026-12-01T08:00:00+01:00")
    state, opening = begin()
    with SessionStore.open(path) as store:
        meta = store.create(SessionMeta(f"{seed:032x}", "2026-12-01T07:00:00.000Z", "0.1.0",
                                        "kb", "clinician"), opening=opening)
        assert meta.id is not None
        for n in range(turns):
            event = Event("text", next_line(state, n, rng), (start + timedelta(minutes=7 * n)).isoformat())
            state, replies = step(state, event)
            store.append(meta.id, event, persona=state.persona, grade=current_grade(state), replies=replies,
                         state=state)
        return meta.id
