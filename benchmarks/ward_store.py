"""The shared store: per-turn commit cost and 20-session throughput, PostgreSQL against SQLite.

Per-turn commit: one `SessionStore.append` (one committed transaction, as every consult turn
is) timed in-process, N turns, median and 95th percentile. Throughput: twenty `crs-assistant
chat` processes at once, each entering a consult of TURNS lines, on each backend; wall time
from the first start to the last exit, and committed turns per second. PostgreSQL is a
throwaway cluster on 127.0.0.1 (Debian's binaries, default settings: fsync and
synchronous_commit on); SQLite is a file in a temporary folder (WAL, synchronous=FULL).
Run: .venv/bin/python benchmarks/ward_store.py [TURNS]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _timing import median, write_result

from assistant.store import SessionMeta, SessionStore
from dialogs.state import Event
from tests.conftest import PG_BIN, PgCluster

LINES = ["Tmax 101.8F, levo + vaso, HFNC 40L", "weight 70 kg", "no neutropenia", "tocilizumab given",
         "what dose of dexamethasone?"]


def per_turn_ms(target: Path | str, turns: int) -> list[float]:
    with SessionStore.open(target, user="bench") as store:
        meta = store.create(SessionMeta("b" * 32, "2026-12-01T00:00:00.000Z", "0.1.0", "kb", "clinician"))
        assert meta.id is not None
        times = []
        for n in range(turns):
            start = time.perf_counter()
            store.append(meta.id, Event("text", f"turn {n}"), persona="clinician", grade=None)
            times.append((time.perf_counter() - start) * 1000)
    return times


def twenty_sessions_s(env: dict[str, str], turns: int) -> float:
    stdin = "\n".join((LINES * (turns // len(LINES) + 1))[:turns]) + "\n"
    start = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-m", "assistant", "chat"], stdin=subprocess.PIPE,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True,
                              env={**env, "USER": f"nurse{n}", "LOGNAME": f"nurse{n}"}) for n in range(20)]
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write(stdin)
        proc.stdin.close()
    for proc in procs:
        assert proc.wait(timeout=600) == 0
    return time.perf_counter() - start


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(0.95 * (len(ordered) - 1))]


def main(turns: int = 20) -> None:
    if not PG_BIN:
        sys.exit("PostgreSQL is not installed (apt-get install postgresql)")
    cluster = PgCluster(Path(PG_BIN[-1]))
    try:
        folder = Path(tempfile.mkdtemp(prefix="crs-bench-"))
        sqlite_ms = per_turn_ms(folder / "commit" / "sessions.db", 300)
        pg_ms = per_turn_ms(cluster.new_database(), 300)
        base = {**os.environ, "CRS_ASSISTANT_CACHE": str(folder / "cache")}
        base.pop("CRS_ASSISTANT_STORE", None)
        sqlite_s = twenty_sessions_s({**base, "CRS_ASSISTANT_DATA": str(folder / "twenty")}, turns)
        pg_s = twenty_sessions_s({**base, "CRS_ASSISTANT_STORE": cluster.new_database(),
                                  "CRS_ASSISTANT_DATA": str(folder / "unused")}, turns)
    finally:
        cluster.close()
    total = 20 * turns
    rows = [
        "| | SQLite (WAL, synchronous=FULL) | PostgreSQL 15 (loopback, fsync on) | ratio PG/SQLite |",
        "|---|---:|---:|---:|",
        f"| per-turn commit, median | {median(sqlite_ms):.2f} ms | {median(pg_ms):.2f} ms | "
        f"{median(pg_ms) / median(sqlite_ms):.2f} |",
        f"| per-turn commit, 95th percentile | {p95(sqlite_ms):.2f} ms | {p95(pg_ms):.2f} ms | "
        f"{p95(pg_ms) / p95(sqlite_ms):.2f} |",
        f"| 20 concurrent `chat` consults x {turns} turns, wall | {sqlite_s:.1f} s | {pg_s:.1f} s | "
        f"{pg_s / sqlite_s:.2f} |",
        f"| committed turns per second (20 sessions) | {total / sqlite_s:.0f} | {total / pg_s:.0f} | "
        f"{sqlite_s / pg_s:.2f} |",
    ]
    text = "\n".join(rows)
    print(text)
    write_result("ward_store.md", f"# Shared store: PostgreSQL vs SQLite\n\n{text}\n\n"
                               f"300 appends per backend in-process; 20 processes, {turns} turns each, "
                               f"{os.cpu_count()} CPU cores.\n")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
