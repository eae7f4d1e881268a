"""Every place that shows a slot shows the slot registry's facts: change the registry and it
changes there, with no second table to update."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dialogs.data_files import DATA_DIR
from dialogs.engine import replay
from dialogs.phrasing import value_words
from dialogs.render import render_assessment
from dialogs.spec import default_spec
from dialogs.state import Event
from dialogs.understanding import terms
from dialogs.understanding.vocabulary import VocabularyError
from dialogs.vocabulary_check import problems, vocabulary_problems
from knowledge.assessment import assess
from knowledge.slots import Case

NEW = "BLOOD PRESSURE (FROM THE REGISTRY)"
VOCABULARY_PATH = DATA_DIR / "vocabulary.toml"


def texts(*lines: str) -> list[str]:
    _, replies = replay([Event("text", line) for line in lines])
    return [r.text for r in replies]


def test_render_assessment_names_missing_slots_by_the_registrys_label(relabel: Any) -> None:
    relabel('label = "blood pressure and vasopressors"', f'label = "{NEW}"')
    shown = render_assessment(assess(Case(temperature_c=39.0, oxygen="none")))
    assert f"still needed: {NEW}" in shown


def test_summary_and_changes_use_the_registrys_labels_and_words(relabel: Any) -> None:
    relabel('label = "blood pressure and vasopressors"', f'label = "{NEW}"')
    summary = next(t for t in texts("39", "levo", "summary") if t.startswith("Case so far:"))
    assert f"  - {NEW}: one vasopressor (with or without vasopressin)" in summary.splitlines()
    relabel('words = "one vasopressor (with or without vasopressin)"', 'words = "ONE PRESSOR"')
    summary = next(t for t in texts("39", "levo", "summary") if t.startswith("Case so far:"))
    assert "ONE PRESSOR" in summary


def test_value_words_come_from_the_registry() -> None:
    assert value_words("hypotension", "one-pressor") == "one vasopressor (with or without vasopressin)"
    assert value_words("steroids", "low-dose") == "low dose only"
    assert value_words("temperature_c", 38.9) == "38.9 C"
    assert value_words("anakinra_mg_day", 0) == "none" and value_words("anakinra_mg_day", 400) == "400 mg/day"
    assert value_words("tocilizumab_doses", 2) == "2" and value_words("icans", False) == "no"


def test_change_takes_the_registrys_aliases_and_lists_its_words(relabel: Any) -> None:
    relabel('aliases = ["oxygen", "o2"]', 'aliases = ["oxygen", "o2", "air"]')
    state, _ = replay([Event("text", line) for line in ("39", "room air", "change air")])
    assert state.pending == "oxygen"
    said = texts("39", "change nothing")[-1]
    assert said == ("I can change: anakinra, anc, bp, capd, child, consciousness, day, ferritin, icans, ice, icp, "
                    "improving, motor, oxygen, product, region, seizure, steroids, temperature, toci, weight. "
                    "For example 'change oxygen'.")


def test_the_dialog_only_slot_is_the_registrys() -> None:
    assert default_spec().dialog_slots == {"anakinra_given": "bool", "tocilizumab_time": "bool"}
    assert "[dialog_slots]" not in (Path(VOCABULARY_PATH).parent / "consult.toml").read_text()


# --- kb check's view of the vocabulary ------------------------------------------------------


def test_the_shipped_vocabulary_and_dialog_are_clean() -> None:
    assert problems() == []


@pytest.mark.parametrize(("old", "new", "line"), [
    ('yes = ["yes", "y",', 'yes = ["yes", "", ', "dialogs/data/vocabulary.toml: [answers]: field 'yes[2]': "
     "must be non-empty text"),
    ('yes = ["yes", "y",', 'yes = ["yes", 1, ', "dialogs/data/vocabulary.toml: [answers]: field 'yes[2]': "
     "Input should be a valid string"),
    ('support = "positive-pressure"', 'support = "very-high-flow"', "dialogs/data/vocabulary.toml: "
     "[oxygen.devices.cpap]: field 'support': 'very-high-flow' is not one of cannula, high-flow, low-flow, "
     "positive-pressure"),
    ('class = "tocilizumab"', 'class = "antibody"', "dialogs/data/vocabulary.toml: [drugs.tocilizumab]: "
     "field 'class': 'antibody' is not one of tocilizumab, anakinra, steroid, antipyretic, anticytokine"),
])
def test_a_broken_vocabulary_gives_one_line_naming_the_entry(tmp_path: Path, old: str, new: str, line: str) -> None:
    text = VOCABULARY_PATH.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "vocabulary.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert vocabulary_problems(path) == [line]


def test_an_unparsable_vocabulary_says_so(tmp_path: Path) -> None:
    path = tmp_path / "vocabulary.toml"
    path.write_text("[answers\n")
    (line,) = vocabulary_problems(path)
    assert line.startswith("dialogs/data/vocabulary.toml: cannot be read: ")


def test_a_support_the_registry_lost_is_reported(relabel: Any) -> None:
    relabel('  { value = "high-flow", words = "high-flow nasal cannula (> 6 L/min) or a facemask, non-rebreather or '
            'Venturi mask" },\n', "")
    found = vocabulary_problems()
    assert any("oxygen support 'high-flow', which the slot registry's oxygen slot does not have" in p for p in found)
    assert any(p.startswith("dialogs/data/vocabulary.toml: [oxygen.devices.hfnc]: field 'support': 'high-flow'")
               for p in found)


def test_a_phrase_that_means_two_things_is_reported_by_the_readers_own_table(monkeypatch: pytest.MonkeyPatch) -> None:
    def clash(raw: object) -> dict[str, tuple[str, str]]:
        raise VocabularyError("vocabulary: 'levo' means both ('vasopressor', 'norepinephrine') and ('drug', 'x')")

    monkeypatch.setattr(terms, "meanings", clash)
    assert vocabulary_problems() == [
        "dialogs/data/vocabulary.toml: 'levo' means both ('vasopressor', 'norepinephrine') and ('drug', 'x')"
    ]


def test_the_shipped_phrases_each_mean_one_thing() -> None:
    assert terms.table()  # raises VocabularyError on a clash
