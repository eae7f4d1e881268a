"""`crs-assistant assess`: flags, JSON shape, batch, and bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from assistant.cli import main
from assistant.commands.assess import run_batch

SEED_CASE = [
    "--temp", "101.8F", "--anticytokine-given", "--hypotension", "one-pressor", "--oxygen", "high-flow",
    "--steroids", "none", "--tocilizumab-doses", "2", "--anakinra-mg-day", "400", "--weight", "154lb",
    "--neutropenic", "--no-icans",
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


def test_absent_anticytokine_flag_means_not_given_so_afebrile_is_grade_0(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, "--temp", "37", "--hypotension", "one-pressor", "--oxygen", "none")
    assert result["grade"] == 0 and result["grade_status"] == "not-crs"
    result = run_json(capsys, "--temp", "37", "--anticytokine-given", "--hypotension", "one-pressor", "--oxygen",
                      "none")
    assert result["grade"] == 3


def test_batch_line_without_anticytokine_given_leaves_it_unknown() -> None:
    (result,) = batch(json.dumps({"temperature_c": 37, "hypotension": "one-pressor", "oxygen": "none"}) + "\n")
    assert result["grade"] is None and "anticytokine_given" in result["missing"]  # type: ignore[operator]
