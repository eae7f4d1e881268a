"""Phrasings found in review (vignette prose), pinned so they keep reading right."""

from __future__ import annotations

import pytest

from dialogs.understanding import read


@pytest.mark.parametrize(
    ("text", "slot", "value"),
    [
        ("BP came up after a fluid bolus, no pressors", "hypotension", "fluids"),
        ("BP 92/60 that came up after a 500 mL bolus; no pressors", "hypotension", "fluids"),
        ("Parents and team accept steroids.", "steroids", "full"),
        ("Team accepts high-dose steroids.", "steroids", "full"),
        ("The team will accept low dose steroids only.", "steroids", "low-dose"),
        ("team not willing to give steroids", "steroids", "none"),
        ("Afebrile since tocilizumab, one dose given last night.", "tocilizumab_doses", 1),
        ("Afebrile since tocilizumab, one dose given last night.", "anticytokine_given", True),
    ],
)
def test_reads(text: str, slot: str, value: object) -> None:
    found = {f.slot: f.value for f in read(text).findings}
    assert found.get(slot) == value, found


def test_persistent_hypotension_after_a_bolus_is_not_guessed() -> None:
    reading = read("hypotension persisted despite a bolus")
    assert not reading.findings and reading.problems
