"""Two patients no label names: two temperatures in two parts of a line, each part with findings of
its own, and nothing that makes them one patient's course ("Hers: T 38.4 on RA. Her husband 39.0 on
2 L", "jones 39 hfnc 40/50, smith 38.4 ra"). Merged they would be one case graded from both; the
line is read as two patients instead, so the consult asks which one it is about.

A time, a trend or a correction between them ("T 38.2 at 2200, 39.1 at 0200", "38.9, sorry, 39.8"),
two sites ("axillary 37.9, core 38.4") or one reading in both units ("37.8C / 100.0F") make them one
patient's, as before."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.patterns import alternation
from dialogs.understanding.results import Mention, Outcome, Patient
from dialogs.understanding.utterance import Utterance

_GRADING = frozenset({"hypotension", "oxygen"})
# where one part ends and the next begins
_BOUNDARY = re.compile(r"[.;|/]|, |(?<![a-z])(?:and|but|while|whereas)(?![a-z])", re.ASCII)


@cache
def _one_patients() -> re.Pattern[str]:
    return re.compile(r"(?<![a-z])(?:" + alternation(vocab.words("patients", "one_course")) + r")(?![a-z])"
                      r"|->|→|=>|\d{1,2}:\d{2}|(?<![0-9.,])[0-2]\d[0-5]\d(?![0-9.,])|(?<![a-z0-9])\d{1,2} ?h(?![a-z])",
                      re.ASCII)


def parts(u: Utterance, outcomes: Sequence[Outcome]) -> tuple[Patient, ...]:
    """Two patients, each with the part of the line that holds its temperature, or ()."""
    temperatures = [o for o in outcomes if isinstance(o, Mention) and o.slot == "temperature_c"
                    and isinstance(o.value, float)]
    if len(temperatures) != 2 or abs(float(temperatures[0].value) - float(temperatures[1].value)) < 0.15:
        return ()  # one reading, or the same reading twice ("37.8C / 100.0F")
    if _one_patients().search(u.text):
        return ()
    first, second = temperatures
    cuts = [m for m in _BOUNDARY.finditer(u.text, first.end, second.start)]
    if not cuts:
        return ()
    cut = cuts[-1]
    findings = [o for o in outcomes if isinstance(o, Mention) and o.slot in _GRADING]
    in_first = [o for o in findings if o.start < cut.start()]
    in_second = [o for o in findings if o.start >= cut.end()]
    if not in_first or not in_second:
        return ()  # "T 38.4 on RA, 39.0": nothing of its own beside the second temperature
    first_text = u.original[: cut.start()].strip(" ,;.:-/")
    second_text = u.original[cut.end() :].strip(" ,;.:-/")
    return (Patient(f"the patient with {u.original[first.start : first.end].strip()}", first_text),
            Patient(f"the patient with {u.original[second.start : second.end].strip()}", second_text))
