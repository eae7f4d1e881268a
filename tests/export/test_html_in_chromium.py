"""The HTML export in a real headless Chromium (Debian's `chromium`): it loads with no console
message at all (no error, no blocked fetch, no script) and prints to PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from assistant.export import export_formats
from assistant.store.records import LoggedEvent, SessionMeta
from dialogs.state import Event

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed here (apt-get install "
                       "chromium; .ci/run installs it), so the HTML export cannot be loaded in a browser"),
]
CONSOLE = re.compile(r":CONSOLE[:(]")  # how --enable-logging=stderr reports every console message


def print_to_pdf(page: Path, pdf: Path, profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
         "--enable-logging=stderr", "--v=0", f"--print-to-pdf={pdf}", page.as_uri()],
        capture_output=True, text=True, timeout=180,
    )


def pages(pdf: Path) -> int:
    counts = re.findall(rb"/Type\s*/Pages\b.*?/Count (\d+)", pdf.read_bytes(), flags=re.S)
    return max((int(c) for c in counts), default=0)


def test_the_detector_sees_console_errors_and_blocked_fetches(tmp_path: Path) -> None:
    """Control: a page that logs and fetches is caught, so silence below means something."""
    page = tmp_path / "noisy.html"
    page.write_text('<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
                    '<img src="https://example.invalid/x.png"><p>x</p>')
    proc = print_to_pdf(page, tmp_path / "noisy.pdf", tmp_path / "profile")
    assert CONSOLE.search(proc.stderr), proc.stderr


def test_html_export_loads_cleanly_and_prints(tmp_path: Path, consult_session: tuple[list[LoggedEvent],
                                                                                      SessionMeta]) -> None:
    events, meta = consult_session
    hostile = [LoggedEvent(Event("text", t), "2026-03-14T09:30:00.000Z") for t in (
        "<script>console.error('pwned')</script>", "<img src=https://example.invalid/x.png onerror=alert(1)>",
        "<link rel=stylesheet href=https://example.invalid/x.css> \x1b[31m \u202e")]
    page = tmp_path / "consult.html"
    page.write_text(export_formats([*events, *hostile], meta, ["html"])["html"], encoding="utf-8")
    pdf = tmp_path / "consult.pdf"

    proc = print_to_pdf(page, pdf, tmp_path / "profile")

    assert proc.returncode == 0, proc.stderr[-2000:]
    console = [line for line in proc.stderr.splitlines() if CONSOLE.search(line)]
    assert console == []
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert pages(pdf) >= 2  # the whole transcript, on paper
