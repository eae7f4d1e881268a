"""`crs-assistant assess --batch` throughput, against a JSON Lines echo baseline.

Issue #2 asks for at least 5,000 cases per second. The baseline is the floor cost of the
same I/O: a Python process that reads the same lines, parses and re-serialises them.
Run: .venv/bin/python benchmarks/batch_throughput.py [CASES]
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from pathlib import Path

from _timing import median, wall_ms, write_result

ECHO = "import sys, json\nfor line in sys.stdin:\n    sys.stdout.write(json.dumps(json.loads(line)) + '\\n')\n"


def cases(n: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    lines = []
    for _ in range(n):
        lines.append(json.dumps({
            "temperature_c": rng.choice([36.8, 37.6, 38.2, 39.5, "101.8F", "100.4F"]),
            "anticytokine_given": rng.choice([True, False]),
            "hypotension": rng.choice(["none", "fluids", "one-pressor", "multi-pressor", "vasopressin-only"]),
            "oxygen": rng.choice(["none", "low-flow", "high-flow", "positive-pressure"]),
            "steroids": rng.choice(["full", "low-dose", "none"]),
            "tocilizumab_doses": rng.choice([0, 1, 2, 3, 4]),
            "anakinra_mg_day": rng.choice([0, 200, 400, 800]),
            "weight_kg": round(rng.uniform(8, 160), 1),
            "neutropenic": rng.choice([True, False]),
            "icans": rng.choice([True, False]),
        }))
    return "\n".join(lines) + "\n"


PIECES = {
    "temperature": ["Tmax {t}", "T {t}", "temp {t}C", "febrile to {t}", "pyrexial {t}", "{f}F", "afebrile since toci",
                    "T max (24h) {t}", "spiked to {f} F overnight"],
    "hypotension": ["levo + vaso", "norad {r}", "on {n} pressors", "BP {s}/{d} after 1L", "responded to a 500 mL bolus",
                    "no pressors", "BP fine", "weaning off norepi {r}", "metaraminol", "vaso only", "epi + NE {r}",
                    "came off levo, restarted at 0{h}00"],
    "oxygen": ["HFNC {l}L", "{o}L NC", "NRB", "BiPAP", "intubated", "RA", "FM 5 l/min", "on {o} L nasal prongs",
               "de-escalated from BiPAP to {o}L", "2L NC for comfort", "venturi 40%"],
    "therapy": ["s/p toci x{k}", "toci at 0{h}00 and again at 1{h}00", "dex 10 q6h", "anakinra 100mg BD",
                "anakinra {a} mg q6h", "paracetamol 1g at 0{h}00", "no toci yet", "methylpred 1g", ""],
    "other": ["wt {w}kg", "{p} lb", "ANC {c}", "neutropenic", "ICE {i}", "neuro intact", "team wont give steroids",
              "hesitant about high-dose steroids", "low dose only", "steroids ok", "febrille", "levofed", ""],
}


def text_cases(n: int, seed: int = 11) -> str:
    """Varied clinician free text, each line different (numbers drawn per line), no flags."""
    rng = random.Random(seed)
    lines = []
    for _ in range(n):
        parts = [rng.choice(options) for options in PIECES.values()]
        rng.shuffle(parts)
        t = round(rng.uniform(37.0, 41.0), 1)
        text = rng.choice([", ", "; ", ". "]).join(p for p in parts if p).format(
            t=t, f=round(t * 9 / 5 + 32, 1), r=round(rng.uniform(0.01, 0.4), 2), n=rng.choice([1, 2, 3]),
            s=rng.randint(70, 130), d=rng.randint(35, 80), h=rng.randint(1, 9), l=rng.randint(20, 60),
            o=rng.randint(1, 10), k=rng.randint(1, 4), a=rng.choice([50, 100, 150, 200]), w=rng.randint(8, 150),
            p=rng.randint(40, 300), c=round(rng.uniform(0.1, 3.0), 1), i=rng.randint(0, 10),
        )
        lines.append(json.dumps({"text": text}))
    return "\n".join(lines) + "\n"


def main(n: int = 20_000, runs: int = 5) -> float:
    rate = _measure("varied slot values", cases(n).encode(), n, runs)
    text_rate = _measure("varied free `text`, every line different", text_cases(n).encode(), n, runs)
    write_result("batch.md", _HEADER + _ROWS[0] + _ROWS[1])
    return min(rate, text_rate)


_HEADER = """## `assess --batch` throughput

Whole-process wall time including start-up, interleaved runs, against a JSON Lines echo baseline
(parse + re-serialise the same lines) in the same run. Target: at least 5,000 cases/s.
"""
_ROWS: list[str] = []


def _measure(what: str, data: bytes, n: int, runs: int) -> float:
    bin_dir = Path(sys.executable).parent
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as fh:
        fh.write(data)
        fh.flush()
        ours, echo = [], []
        for _ in range(runs):
            ours.append(wall_ms([str(bin_dir / "crs-assistant"), "assess", "--batch", fh.name]))
            echo.append(wall_ms([sys.executable, "-c", ECHO], stdin=data))
    rate = n / (median(ours) / 1000)
    base_rate = n / (median(echo) / 1000)
    _ROWS.append(f"""
### {n:,} cases, {what} (seeded), {runs} runs

| command | median ms | cases per second |
| --- | --- | --- |
| `crs-assistant assess --batch FILE` | {median(ours):.0f} | {rate:,.0f} |
| JSON Lines echo baseline | {median(echo):.0f} | {base_rate:,.0f} |

**{rate:,.0f} cases/s**; {median(ours) / median(echo):.1f}x the echo baseline's time.
""")
    print(f"{what}: {rate:,.0f} cases/s")
    return rate


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
