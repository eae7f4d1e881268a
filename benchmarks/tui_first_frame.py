"""One launch of the terminal UI to its first frame, in process and headless, as `crs-assistant`
(a new consult) or `crs-assistant --resume 1` builds it (assistant/tui/run.py), then exit: what
`tui_resume.py` counts the instructions of under callgrind (a count the machine's load does not move).
The first frame is the first update the app would write to the terminal with the consult screen
on it (a new consult: its first question; a resumed one: where it stopped, with the prompt).
Run: python benchmarks/tui_first_frame.py new|resume (the store in CRS_ASSISTANT_DATA)
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def main(mode: str) -> int:
    from assistant.opening import open_or_refuse
    from assistant.settings import data_dir
    from assistant.tui import app
    from assistant.tui.store_access import StoredSessions

    def until_first_frame(ui: Any) -> Any:
        display = ui._display  # the one place a frame goes to the terminal (headless: nowhere)

        def shown(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None and type(screen).__name__ == "ConsultScreen" and not ui._batch_count:
                ui.exit()

        ui._display = shown
        return ui

    settings = data_dir() / "settings.json"
    if mode == "new":
        until_first_frame(app.make_app(settings_path=settings)).run(headless=True, size=(120, 40))
        return 0
    consult = open_or_refuse(argparse.Namespace(data_dir=None, no_store=False, resume=1), "")
    try:
        ui = app.make_app(on_event=consult.recorder, start=consult.start, earlier=consult.earlier,
                          settings_path=settings, sessions=StoredSessions(None, lambda: consult.session_id))
        until_first_frame(ui).run(headless=True, size=(120, 40))
    finally:
        consult.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
