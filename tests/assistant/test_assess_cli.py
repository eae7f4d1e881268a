"""`crs-assistant assess`: flags, JSON shape, batch, and bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from typing import Any

import pytest

from assistant.cli.batch import run_batch
from assistant.cli.main import main

SEED_CASE = [
    "--temp", "101.8F", "--anticytokine-given", "--hypotension", "one-pressor", "--oxygen", "high-flow",
    "--steroids", "none", "--tocilizumab-doses", "2", "--anakinra-mg-day", "400", "--weight", "154lb",
    "--neutropenic", "--no-icans", "--not-improving",
]


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["assess", *args, "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    result: dict[str, object] = json.loads(out)
    return result


def test_json_result_has_the_documented_fields(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, *SEED_CASE)
    assert set(result) >= {"grade", "missing", "grade_basis", "slots", "plan", "references", "kb_version",
                           "disclaimer"}
    assert result["grade"] == 3
    assert result["missing"] == []
    slots = result["slots"]
    assert isinstance(slots, dict)
    assert slots["temperature_c"] == pytest.approx(38.78, abs=0.01)
    assert slots["weight_kg"] == pytest.approx(69.9, abs=0.05)
    plan = result["plan"]
    assert isinstance(plan, list)
    actions = [i["action"] for i in plan]
    assert {"icu-transfer", "tocilizumab", "anakinra", "anakinra-escalate", "siltuximab"} <= set(actions)
    assert not {"corticosteroid-high-dose", "corticosteroid-low-dose"} & set(actions)
    for i in plan:
        assert set(i) >= {"action", "text", "refs", "severity"}
        assert i["severity"] in ("info", "warning", "critical")
    toci = next(i for i in plan if i["action"] == "tocilizumab")
    assert toci["dose_mg"] == 559
    tags = {r["tag"] for r in result["references"]}  # type: ignore[union-attr]
    assert all(set(i["refs"]) <= tags for i in plan)
    for ref in result["references"]:  # type: ignore[union-attr]
        assert {"tag", "title", "source", "year"} <= set(ref)


@pytest.mark.parametrize(("temp", "celsius"), [("38.6", 38.6), ("38.6C", 38.6), ("101.5F", 38.61), ("101.5", 38.61),
                                               ("100.4F", 38.0), ("30", 30.0), ("113", 45.0)])
def test_temperature_forms(capsys: pytest.CaptureFixture[str], temp: str, celsius: float) -> None:
    slots = run_json(capsys, "--temp", temp)["slots"]
    assert isinstance(slots, dict) and slots["temperature_c"] == pytest.approx(celsius, abs=0.005)


def test_missing_slot_is_not_an_error_grade_is_null_and_missing_says_what_to_ask(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = run_json(capsys, "--temp", "39")
    assert result["grade"] is None
    assert result["missing"][:2] == ["hypotension", "oxygen"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["--temp", "120"], ["--temp", "'120'", "Celsius (30-45"]),
        (["--temp", "hot"], ["--temp", "'hot'", "Fahrenheit (86-113"]),
        (["--weight", "-3"], ["--weight", "'-3'", "154lb"]),
        (["--hypotension", "low"], ["--hypotension", "'low'", "one-pressor"]),
        (["--oxygen", "HFNC"], ["--oxygen", "'HFNC'", "high-flow"]),
        (["--tocilizumab-doses", "two"], ["--tocilizumab-doses", "'two'", "0 to 8"]),
        (["--anakinra-mg-day", "lots"], ["--anakinra-mg-day", "'lots'", "mg"]),
        (["--format", "xml"], ["--format", "'xml'", "json"]),
    ],
)
def test_bad_flag_exits_2_with_one_line_naming_flag_value_and_accepted(args: list[str], names: list[str]) -> None:
    proc = subprocess.run([sys.executable, "-m", "assistant", "assess", *args], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    for name in names:
        assert name in lines[0]
    assert "Traceback" not in proc.stderr


def test_text_output_for_people(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", *SEED_CASE]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ASTCT grade 3\n")
    assert "Plan:" in out and "References:" in out
    assert "Dose: 8 mg/kg IV over 1 hour (maximum 800 mg): 559 mg for 69.9 kg" in out
    assert "Knowledge base 20" in out and "healthcare professionals" in out


def batch(text: str) -> list[dict[str, object]]:
    out = io.StringIO()
    assert run_batch(io.StringIO(text), out) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_batch_one_result_per_line_in_order_and_bad_lines_do_not_stop_the_rest() -> None:
    lines = [
        json.dumps({"temperature_c": 39, "hypotension": "none", "oxygen": "none"}),
        "{not json",
        json.dumps([1, 2]),
        json.dumps({"temperature_c": 60}),
        json.dumps({"oxygen": "lots"}),
        json.dumps({"colour": "blue"}),
        "",
        json.dumps({"temperature_c": "101.5F", "anticytokine_given": True, "hypotension": "multi-pressor",
                    "oxygen": "none", "weight_kg": "154lb"}),
    ]
    results = batch("\n".join(lines) + "\n")
    assert len(results) == 8
    assert [r["line"] for r in results] == list(range(1, 9))
    assert results[0]["grade"] == 1
    assert results[1]["line"] == 2 and "not a JSON object" in str(results[1]["error"])
    assert results[2]["line"] == 3
    assert results[3]["line"] == 4 and "temperature_c" in str(results[3]["error"])
    assert results[4]["line"] == 5 and "oxygen" in str(results[4]["error"])
    assert results[5]["line"] == 6 and "unknown field 'colour'" in str(results[5]["error"])
    assert results[6] == {"line": 7, "skipped": "blank line"}
    assert results[7]["grade"] == 4


def test_batch_from_stdin_via_the_real_command() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "assess", "--batch", "-"],
        input='{"temperature_c": 38.5, "oxygen": "positive-pressure"}\n', capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["grade"] == 4


def test_batch_file_that_cannot_be_read_is_one_clear_line(tmp_path: object) -> None:
    proc = subprocess.run([sys.executable, "-m", "assistant", "assess", "--batch", "/nonexistent/cases.jsonl"],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "crs-assistant assess: --batch: cannot read '/nonexistent/cases.jsonl': " \
                                  "No such file or directory"


@pytest.mark.parametrize("source", ["file", "stdin"])
def test_batch_whose_reader_goes_away_is_not_an_error(tmp_path: Any, source: str) -> None:
    """`assess --batch FILE | head -1`: the closed pipe is the reader's choice, not a file that
    cannot be read, so no error line and exit status 0, from a file as from stdin."""
    cases = tmp_path / "cases.jsonl"
    cases.write_text('{"temperature_c": 38.5, "oxygen": "positive-pressure"}\n' * 3000)  # far beyond a pipe's buffer
    command = [sys.executable, "-m", "assistant", "assess", "--batch", str(cases) if source == "file" else "-"]
    with open(cases, "rb") as stdin:
        proc = subprocess.Popen(command, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline()
        proc.stdout.close()  # what `head -1` does after its line
        errors = proc.stderr.read()
        assert proc.wait() == 0
    assert json.loads(first)["grade"] == 4
    assert errors == b""


def test_kb_check_list_show(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "check"]) == 0
    assert "no problems" in capsys.readouterr().out
    assert main(["kb", "list"]) == 0
    assert "anakinra-escalate" in capsys.readouterr().out
    assert main(["kb", "show", "toci-caps"]) == 0
    shown = capsys.readouterr().out
    assert "refs: ASCO, NCCN, LABEL" in shown and "review: draft" in shown
    assert main(["kb", "show", "GAZEAU"]) == 0
    assert "PMID 37031746" in capsys.readouterr().out
    assert main(["kb", "show", "nope"]) == 2


def test_absent_anticytokine_flag_means_unknown_so_afebrile_is_not_graded(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, "--temp", "37", "--hypotension", "one-pressor", "--oxygen", "none")
    assert result["grade"] is None and result["missing"][0] == "anticytokine_given"  # type: ignore[index]
    assert result["slots"]["anticytokine_given"] is None  # type: ignore[index]
    result = run_json(capsys, "--temp", "37", "--no-anticytokine-given", "--hypotension", "one-pressor", "--oxygen",
                      "none")
    assert result["grade"] == 0 and result["grade_status"] == "not-crs"
    result = run_json(capsys, "--temp", "37", "--anticytokine-given", "--hypotension", "one-pressor", "--oxygen",
                      "none")
    assert result["grade"] == 3


@pytest.mark.parametrize("flags", [["--tocilizumab-doses", "2"], ["--anakinra-mg-day", "400"]])
def test_a_dose_given_as_a_flag_means_therapy_was_given(capsys: pytest.CaptureFixture[str], flags: list[str]) -> None:
    result = run_json(capsys, "--temp", "37", "--hypotension", "one-pressor", "--oxygen", "none", *flags)
    assert result["grade"] == 3 and result["slots"]["anticytokine_given"] is True  # type: ignore[index]


def test_therapy_read_from_text_is_never_overridden_by_an_absent_flag(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, "--text", "s/p toci x2 and dex 10 q6h, T 37.2, BiPAP, levo 0.05",
                      "--tocilizumab-doses", "2", "--anakinra-mg-day", "400")
    assert result["grade"] == 4 and result["slots"]["anticytokine_given"] is True  # type: ignore[index]


def test_a_contradicting_no_is_reported_and_the_therapy_counts(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, "--temp", "37", "--no-anticytokine-given", "--tocilizumab-doses", "1",
                      "--hypotension", "one-pressor", "--oxygen", "none")
    assert result["grade"] == 3
    assert any("contradicts" in p for p in result["problems"])  # type: ignore[union-attr]


def test_absent_anticytokine_flag_does_not_override_what_the_text_says(capsys: pytest.CaptureFixture[str]) -> None:
    text_only = run_json(capsys, "--text", "T 37.2, s/p toci, levo 0.05")
    with_flags = run_json(capsys, "--text", "T 37.2, s/p toci, levo 0.05", "--oxygen", "none")
    assert text_only["slots"]["anticytokine_given"] is True  # type: ignore[index]
    assert with_flags["slots"]["anticytokine_given"] is True and with_flags["grade"] == 3  # type: ignore[index]


def test_batch_line_without_anticytokine_given_leaves_it_unknown() -> None:
    (result,) = batch(json.dumps({"temperature_c": 37, "hypotension": "one-pressor", "oxygen": "none"}) + "\n")
    assert result["grade"] is None and "anticytokine_given" in result["missing"]  # type: ignore[operator]


def _assess_help(capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as done:
        main(["assess", "--help"])
    assert done.value.code == 0
    return " ".join(capsys.readouterr().out.split())  # argparse wraps lines


def test_assess_flags_are_generated_from_the_slot_registry(capsys: pytest.CaptureFixture[str]) -> None:
    shown = _assess_help(capsys)
    for flag in ("--temp T", "--anticytokine-given", "--no-anticytokine-given", "--tocilizumab-doses N",
                 "--anakinra-mg-day MG", "--weight W", "--neutropenic", "--not-neutropenic", "--icans", "--no-icans"):
        assert flag in shown
    assert "--hypotension {none,fluids,one-pressor,multi-pressor,vasopressin-only}" in shown
    assert "--steroids {full,low-dose,none} what the team accepts: full, low-dose or none" in shown
    assert "tocilizumab doses given in this episode" in shown
    assert "(leaving it out means unknown)" in shown


def test_assess_help_shows_the_registrys_label_and_help(capsys: pytest.CaptureFixture[str], relabel: Any) -> None:
    relabel('label = "tocilizumab doses given"', 'label = "TOCI COUNT"')
    assert "--tocilizumab-doses N TOCI COUNT in this episode" in _assess_help(capsys)
    relabel('help = "what the team accepts: full, low-dose or none"', 'help = "STANCE FROM THE REGISTRY"')
    assert "--steroids {full,low-dose,none} STANCE FROM THE REGISTRY" in _assess_help(capsys)


def test_assess_flag_ranges_are_the_registrys(capsys: pytest.CaptureFixture[str], relabel: Any) -> None:
    relabel("min = 0\nmax = 8", "min = 0\nmax = 3")
    with pytest.raises(SystemExit) as done:
        main(["assess", "--tocilizumab-doses", "4"])
    assert done.value.code == 2
    assert capsys.readouterr().err == (
        "crs-assistant assess: argument --tocilizumab-doses: '4' is not a number of doses from 0 to 3\n")


def test_kb_check_reports_the_vocabulary_too(capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from dialogs.understanding import terms
    from dialogs.understanding.vocabulary import VocabularyError

    def clash(raw: object) -> dict[str, tuple[str, str]]:
        raise VocabularyError("vocabulary: 'levo' means both ('vasopressor', 'norepinephrine') and ('drug', 'x')")

    monkeypatch.setattr(terms, "meanings", clash)
    assert main(["kb", "check"]) == 1
    out = capsys.readouterr().out
    assert "  - dialogs/data/vocabulary.toml: 'levo' means both" in out


def test_a_broken_slot_registry_stops_every_command_in_one_line(capsys: pytest.CaptureFixture[str],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from knowledge import slot_registry

    line = "knowledge/data/slots.toml: slot 3 (hypotension): field 'label': missing"

    def broken() -> slot_registry.Registry:
        raise slot_registry.SlotRegistryError([line])

    monkeypatch.setattr(slot_registry, "default_registry", broken)
    assert main(["assess", "--temp", "39"]) == 1
    err = capsys.readouterr().err
    assert err == f"crs-assistant: the slot registry cannot be loaded: {line}; 'crs-assistant kb check' lists them\n"
    assert main(["kb", "check"]) == 1
    assert capsys.readouterr().out == f"1 problem(s) in the knowledge base:\n  - {line}\n"
