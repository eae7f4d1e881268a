"""Export from the terminal UI: a key for the consult note, palette entries for every format."""

from __future__ import annotations

import json
from pathlib import Path


async def test_ctrl_s_writes_the_consult_note_and_copies_it(app_factory, send, settings_file: Path) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await send(pilot, "Tmax 101.8F, levo + vaso, HFNC 40L")
        await send(pilot, "[red]steroids[/red] \x1b[2J <script>x</script>")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        (note,) = (settings_file.parent / "exports").glob("consult-*.txt")
        text = note.read_text()
        assert "ASTCT grade 3" in text and all(len(line) <= 80 for line in text.splitlines())
        assert "\x1b" not in text
        assert app.clipboard == text


async def test_palette_exports_json_that_holds_every_event(app_factory, send, run_command,  # type: ignore[no-untyped-def]
                                                           settings_file: Path) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await send(pilot, "39.2")
        await send(pilot, "one pressor")
        await run_command(pilot, "export: JSON")
        (exported,) = (settings_file.parent / "exports").glob("consult-*.json")
        doc = json.loads(exported.read_text())
        assert [e["text"] for e in doc["events"]] == ["39.2", "one pressor"]
        await run_command(pilot, "export: printable HTML")
        (page,) = (settings_file.parent / "exports").glob("consult-*.html")
        assert page.read_text().lstrip().lower().startswith("<!doctype html>")


async def test_ctrl_s_does_not_block_the_ui_while_the_export_is_written(  # type: ignore[no-untyped-def]
        app_factory, send, settings_file: Path, monkeypatch) -> None:
    """The export is built and written off the UI thread: keys typed meanwhile are handled at once."""
    import threading

    import assistant.tui.exporting
    from assistant.tui.widgets.prompt import Prompt

    started, release = threading.Event(), threading.Event()
    real = assistant.tui.exporting.export_file

    def slow_export(*args, **kwargs):  # type: ignore[no-untyped-def]
        started.set()
        assert release.wait(30), "the test never let the export finish"
        return real(*args, **kwargs)

    monkeypatch.setattr(assistant.tui.exporting, "export_file", slow_export)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await send(pilot, "Tmax 101.8F, levo + vaso, HFNC 40L")
        await pilot.press("ctrl+s")
        assert started.wait(30)
        prompt = app.screen.query_one(Prompt)
        prompt.focus()
        await pilot.press("n", "o")
        await pilot.pause()
        assert prompt.text == "no"  # handled while the export is still being written
        assert not list((settings_file.parent / "exports").glob("consult-*.txt"))
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        (note,) = (settings_file.parent / "exports").glob("consult-*.txt")
        assert app.clipboard == note.read_text()
