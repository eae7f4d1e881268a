"""The knowledge base: shipped content is clean, and every kind of problem is caught by name."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from knowledge.check import check
from knowledge.loader import DATA_DIR, KbLoadError, default_kb, load


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"fixture text not found in {path.name}: {old!r}"
    path.write_text(text.replace(old, new, 1))


def test_shipped_knowledge_base_is_clean() -> None:
    assert check() == []


def test_every_reference_is_cited_and_every_tag_resolves() -> None:
    kb = default_kb()
    cited = {t for s in kb.statements for t in s.refs}
    assert cited == set(kb.references)


def test_source_tags_5_and_6_are_resolved_without_inventing_a_reference() -> None:
    kb = default_kb()
    assert not {"5", "6", "SRC5", "SRC6"} & set(kb.references)
    missing_cite = [s for s in kb.statements if s.evidence and re.search(r"\[(5|6)\]", s.evidence)]
    assert {s.id for s in missing_cite} == {"infection-risk-anticytokine", "anakinra-rapid-response"}
    assert all("SOURCE" in s.refs for s in missing_cite)


def test_facts_qualifications_are_carried_as_evidence_notes() -> None:
    kb = default_kb().by_id
    assert "observational" in (kb["anakinra-evidence"].evidence or "").lower()
    assert "43" in (kb["anakinra-evidence"].evidence or "")
    assert "anecdotal" in (kb["refractory-ivig"].evidence or "").lower()
    assert "anecdotal" in (kb["refractory-cytokine-adsorption"].evidence or "").lower()
    assert "anti-tumour response" in kb["anakinra-evidence"].text


def test_statement_fields_review_status_and_dates() -> None:
    for s in default_kb().statements:
        assert s.review.status in ("draft", "reviewed")
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", s.review.date)


def test_version_is_date_plus_content_hash_and_changes_with_content(data: Path) -> None:
    before = load(data).version
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}\+[0-9a-f]{12}", before)
    edit(data / "statements" / "grading.toml", "ASTCT grade 5 is death from CRS.", "ASTCT grade 5: death from CRS.")
    assert load(data).version != before


def test_schema_error_names_file_entry_and_field(data: Path) -> None:
    edit(data / "statements" / "steroids.toml", 'every 6 hours", drug = "dexamethasone", mg = 10 }',
         'every 6 hours", drug = "dexamethasone", mg = "ten" }')
    with pytest.raises(KbLoadError) as err:
        load(data)
    (problem,) = err.value.problems
    assert problem.startswith("statements/steroids.toml: statement 3 (steroid-grade3): field 'dose.mg'")


def test_duplicate_ids_are_reported(data: Path) -> None:
    edit(data / "statements" / "icans.toml", 'id = "icans-children"', 'id = "icans-present"')
    with pytest.raises(KbLoadError) as err:
        load(data)
    assert any("(icans-present): id already used in statements/icans.toml" in p for p in err.value.problems)


def test_dangling_tag_unknown_slot_unknown_value_and_uncited_reference(data: Path) -> None:
    grading = data / "statements" / "grading.toml"
    edit(grading, 'refs = ["ASTCT"]\nkeywords = ["grade 5"', 'refs = ["LEE2014"]\nkeywords = ["grade 5"')
    edit(data / "statements" / "icans.toml", "when = { icans = { eq = true } }", "when = { icanz = { eq = true } }")
    edit(data / "statements" / "steroids.toml", 'steroids = { eq = "full" } }', 'steroids = { eq = "maximal" } }')
    edit(data / "references.toml", '[[reference]]\ntag = "LABEL"', '[[reference]]\ntag = "UNUSED"\ntitle = "x"\n'
         'source = "y"\nyear = 2020\nkind = "review"\nverified = "not seen"\n\n[[reference]]\ntag = "LABEL"')
    problems = check(data)
    text = "\n".join(problems)
    assert "statement (astct-grade5): field 'refs': cites unknown reference 'LEE2014'" in text
    assert "condition names unknown slot 'icanz'" in text
    assert "slot 'steroids' has no value 'maximal'" in text
    assert "references.toml: reference (UNUSED): field 'tag': cited by no statement" in text
    assert "statement (icans-present): field 'when.icanz': condition names unknown slot 'icanz'" in text


def test_when_actions_must_name_an_earlier_action(data: Path) -> None:
    edit(data / "statements" / "supportive.toml", 'when_actions = ["corticosteroid-high-dose"',
         'when_actions = ["labs"')
    assert any("field 'when_actions': names 'labs', which comes after" in p for p in check(data))


def test_unreadable_toml_is_reported_with_its_file(data: Path) -> None:
    (data / "statements" / "broken.toml").write_text("[[statement]\nid = ")
    with pytest.raises(KbLoadError) as err:
        load(data)
    assert err.value.problems[0].startswith("statements/broken.toml: cannot be read")


def test_statement_text_carries_no_numbered_citations() -> None:
    assert not [s.id for s in default_kb().statements if re.search(r"\[\d+\]", s.text)]
