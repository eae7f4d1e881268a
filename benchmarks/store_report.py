"""All store figures for issue 5, written to benchmarks/results/store.md.

Run: .venv/bin/python benchmarks/store_report.py
"""

from __future__ import annotations

import platform

import store_commit
import store_export
import store_listing
from _timing import write_result


def main() -> None:
    header = (f"# Session store and export figures (issue 5)\n\n{platform.python_implementation()} "
              f"{platform.python_version()}, SQLite {__import__('sqlite3').sqlite_version}, {platform.machine()}, "
              "2 shared cores.\n")
    sections = [store_export.section(), store_listing.section(), store_commit.section()]
    write_result("store.md", "\n".join([header, *sections]))


if __name__ == "__main__":
    main()
