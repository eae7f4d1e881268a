"""The consult note fits 80 columns, whatever the text: long words, tabs, escapes, any script."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.export import export_formats
from assistant.export.text_layout import fit, wrap
from assistant.store.records import LoggedEvent, SessionMeta
from dialogs.state import Event

ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=300)
WORDY = st.lists(st.one_of(ANY_TEXT, st.text("x", min_size=81, max_size=400), st.just("\t\t8 mg/kg")), max_size=5)


@given(ANY_TEXT, st.text(" -", max_size=10), st.text(" ", max_size=12))
def test_wrapped_text_never_exceeds_80_columns(text: str, indent: str, hanging: str) -> None:
    assert all(len(line) <= 80 for line in fit(wrap(text, indent, hanging)).split("\n"))


@given(st.text(max_size=500))
def test_fit_only_splits_lines_and_drops_trailing_spaces(text: str) -> None:
    fitted = fit(text)
    assert all(len(line) <= 80 for line in fitted.split("\n"))
    assert fitted.replace("\n", "") == "".join(line.rstrip() for line in text.split("\n"))


def test_a_number_is_never_separated_from_its_unit() -> None:
    text = "Give tocilizumab " + "x" * 50 + " 8 mg/kg IV over 1 hour, at most 800 mg a dose."
    for line in wrap(text).split("\n"):
        assert not line.rstrip().endswith((" 8", " 800")), line


@settings(max_examples=30, deadline=None)
@given(WORDY, ANY_TEXT, ANY_TEXT)
def test_the_note_fits_80_columns_whatever_was_typed_or_imported(said: list[str], kb: str, started: str) -> None:
    events = [LoggedEvent(Event("text", t), started) for t in said]
    meta = SessionMeta("0123456789abcdef0123456789abcdef", started, "0.1.0", kb, "clinician")
    note = export_formats(events, meta, ["txt"])["txt"]
    assert all(len(line) <= 80 for line in note.splitlines())
    assert note.startswith("CRS CONSULT NOTE") and "Decision support for healthcare professionals" in note
