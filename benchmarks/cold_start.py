"""Cold `crs-assistant assess --format json` against a bare `python -c "import pydantic"`.

Whole-process wall time, median of interleaved runs on the same machine. Issue #2 allows at
most 3x. Run: .venv/bin/python benchmarks/cold_start.py [RUNS]
"""

from __future__ import annotations

import platform
import sys
from pathlib import Path

from _timing import interleaved, median, write_result

BIN = Path(sys.executable).parent


def main(runs: int = 21) -> float:
    commands = {
        "python -c 'import pydantic'": [sys.executable, "-c", "import pydantic"],
        "crs-assistant assess --format json": [
            str(BIN / "crs-assistant"), "assess", "--temp", "101.8F", "--anticytokine-given", "--hypotension",
            "one-pressor", "--oxygen", "high-flow", "--steroids", "none", "--tocilizumab-doses", "1",
            "--anakinra-mg-day", "400", "--weight", "70", "--neutropenic", "--no-icans", "--format", "json",
        ],
    }
    times = interleaved(commands, runs)
    base, ours = (median(t) for t in times.values())
    ratio = ours / base
    rows = "\n".join(f"| {name} | {median(t):.1f} | {min(t):.1f} |" for name, t in times.items())
    write_result("cold_start.md", f"""## Cold start of `assess` (issue #2)

{runs} interleaved runs each, {platform.python_implementation()} {platform.python_version()}, {platform.machine()}.

| command | median ms | best ms |
| --- | --- | --- |
{rows}

Ratio (median): **{ratio:.2f}x** a bare `import pydantic` (limit: 3x).
""")
    return ratio


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 21)
