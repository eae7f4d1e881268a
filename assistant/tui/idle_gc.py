"""Full garbage collections while the clinician is idle, never in the middle of a frame.

A long consult holds tens of thousands of objects (widgets, their styles and rendered lines).
CPython's automatic full collection walks all of them and, at 200 messages, took 50-85 ms: a
reply that triggered one missed its frame by several frames. Here the loaded program (knowledge
base, engine, Textual) is frozen out of the collector once it is up, automatic full collections
are turned off, and a full collection runs instead once nothing has happened for `IDLE_SECONDS`
after a reply. Young-generation collections (well under a millisecond) still run as usual, and
reference counting frees almost everything as before: only cyclic garbage waits for the pause.
"""

from __future__ import annotations

import gc

IDLE_SECONDS = 1.0
NEVER = 1_000_000  # gen-1 collections between automatic full collections: in effect never

_saved: tuple[int, int, int] | None = None


def take_over() -> None:
    """Freeze what is loaded, and stop automatic full collections (until `give_back`)."""
    global _saved
    gc.freeze()
    if _saved is None:
        _saved = gc.get_threshold()
        gen0, gen1, _ = _saved
        gc.set_threshold(gen0, gen1, NEVER)


def collect() -> None:
    """The full collection the automatic one would have done, now that the user is idle."""
    if _saved is not None:
        gc.collect()


def give_back() -> None:
    """Automatic full collections as before, of everything again (the app is closing)."""
    global _saved
    if _saved is not None:
        gc.unfreeze()  # what this app froze can be collected again once it is gone (a reopened consult)
        gc.set_threshold(*_saved)
        _saved = None
