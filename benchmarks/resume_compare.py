"""Resume and export of a long stored consult, this code beside an earlier revision, in one run.

The machine is shared, so absolute times drift with its load; this puts the two versions side by
side in the same rounds. REV (a git revision) is unpacked into a temporary folder and run from
there (PYTHONPATH) with this checkout's virtual environment. The consult (5,000 varied turns,
benchmarks/resume_common.py) is recorded once by REV's code; this code reads a copy of that
store after upgrading it to its own schema; with `--own-store` this code records the same consult
itself, in its own store format (the same consult, only the recording times differ: what an export
of a consult recorded by this version costs). Each round runs, interleaved: a new `chat`,
`chat --resume 1` (to the prompt) and `export 1 --format F` for each format, under each version.

Run: .venv/bin/python benchmarks/resume_compare.py REV [ROUNDS] [TURNS] [--own-store]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _timing import ROOT, interleaved, median, write_result

BIN = Path(sys.executable).parent / "crs-assistant"
FORMATS = ("txt", "md", "html", "json")


def unpack(rev: str, into: Path) -> str:
    """REV's tree in `into`; its full commit id."""
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", rev], capture_output=True, text=True,
                            check=True).stdout.strip()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return commit


def record_with(python_env: dict[str, str], code: Path, db: Path, turns: int, cwd: Path) -> None:
    subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(code / 'benchmarks')!r}); "
                    f"from pathlib import Path; from resume_common import record; "
                    f"record(Path({str(db)!r}), {turns})"],
                   cwd=cwd, env=python_env, check=True)


def main(rev: str, rounds: int = 5, turns: int = 5000, own_store: bool = False) -> str:
    folder = Path(tempfile.mkdtemp(prefix="crs-bench-resume-compare-"))
    try:
        old_code, old_data, new_data = folder / "code", folder / "old", folder / "new"
        for made in (old_code, old_data, new_data):
            made.mkdir()
        commit = unpack(rev, old_code)
        old_env = {**os.environ, "PYTHONPATH": str(old_code)}
        record_with(old_env, old_code, old_data / "sessions.db", turns, folder)
        if own_store:
            record_with(dict(os.environ), ROOT, new_data / "sessions.db", turns, folder)
        else:
            shutil.copy(old_data / "sessions.db", new_data / "sessions.db")
            subprocess.run([str(BIN), "sessions"], env={**os.environ, "CRS_ASSISTANT_DATA": str(new_data)},
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)  # upgrades the copy
            for backup in new_data.glob("sessions.db.v*.backup"):
                backup.unlink()

        def under(version: str, *args: str) -> list[str]:
            env = [f"CRS_ASSISTANT_DATA={new_data}"] if version == "new" else [f"CRS_ASSISTANT_DATA={old_data}",
                                                                              f"PYTHONPATH={old_code}"]
            return ["env", *env, str(BIN), *args]

        commands: dict[str, list[str]] = {}
        for version in ("old", "new"):
            commands[f"{version} chat (new)"] = under(version, "chat")
            commands[f"{version} chat --resume"] = under(version, "chat", "--resume", "1")
            for fmt in FORMATS:
                commands[f"{version} export {fmt}"] = under(version, "export", "1", "--format", fmt)
        times = interleaved(commands, rounds, warmup=1)
        size = (new_data / "sessions.db").stat().st_size / 2**20
    finally:
        shutil.rmtree(folder)
    med = {name: median(values) for name, values in times.items()}
    rows = [f"| `chat --resume` / a new `chat` | {med['old chat --resume'] / med['old chat (new)']:.2f}x | "
            f"{med['new chat --resume'] / med['new chat (new)']:.2f}x | |"]
    for name in ("chat (new)", "chat --resume", *(f"export {fmt}" for fmt in FORMATS)):
        rows.append(f"| `{name}`, ms | {med['old ' + name]:.0f} | {med['new ' + name]:.0f} | "
                    f"{med['new ' + name] / med['old ' + name]:.2f}x |")
    table = "\n".join(rows)
    how = "as this code records it, for this code" if own_store else "after this code's upgrade"
    return f"""## Resume and export, {commit[:7]} beside this code (issue 14 point 2)

One stored consult of {turns:,} varied turns recorded by {commit[:7]} (store {size:.0f} MiB {how}),
{rounds} interleaved rounds of whole processes after a warm-up, medians; load average at the end
{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.

| | {commit[:7]} | this code | this / {commit[:7]} |
| --- | --- | --- | --- |
{table}
"""


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    own = "--own-store" in sys.argv
    numbers = [int(a) for a in sys.argv[2:] if a != "--own-store"]
    write_result("resume_compare_own.md" if own else "resume_compare.md", main(sys.argv[1], *numbers, own_store=own))
