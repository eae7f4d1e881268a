"""The deterministic clinician free-text reader: shorthand in, `Case` slot values out.

    read("Tmax 101.8F, levo + vaso, HFNC 40L") -> temperature_c 38.78, hypotension
    "one-pressor", oxygen "high-flow", each with the phrase it came from and an echo.

No model, no network; the only I/O is loading `dialogs/data/vocabulary.toml` once.
"""

from dialogs.understanding.reader import read
from dialogs.understanding.results import Finding, Reading

__all__ = ["Finding", "Reading", "read"]
