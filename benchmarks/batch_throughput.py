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


def main(n: int = 20_000, runs: int = 5) -> float:
    data = cases(n).encode()
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
    write_result("batch.md", f"""## `assess --batch` throughput (issue #2)

{n:,} varied cases (seeded), {runs} interleaved runs, whole-process wall time including start-up.

| command | median ms | cases per second |
| --- | --- | --- |
| `crs-assistant assess --batch FILE` | {median(ours):.0f} | {rate:,.0f} |
| JSON Lines echo baseline (parse + re-serialise) | {median(echo):.0f} | {base_rate:,.0f} |

**{rate:,.0f} cases/s** (target: at least 5,000); {median(ours) / median(echo):.1f}x the echo baseline's time.
""")
    return rate


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
