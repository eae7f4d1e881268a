"""`crs-assistant chat` (plain and --jsonl) and `assess --text` as a user runs them."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from assistant.cli.main import main
from assistant.cli.plain import converse

SEED = ("Tmax 101.8F, levo + vaso, HFNC 40L\nlow dose only\ns/p toci x2\n100 mg q6h\nnot improving\n154 lb\n"
        "ANC 300\nno\nunknown\n")


def chat(stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant", "chat", "--no-store", *args], input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_plain_chat_in_a_pipe_reaches_the_plan_and_exits_0_at_end_of_input() -> None:
    proc = chat(SEED)
    assert proc.returncode == 0, proc.stderr
    assert "I read: " in proc.stdout and "ASTCT grade 3" in proc.stdout
    assert "Plan:" in proc.stdout and "Anakinra dose escalation" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_jsonl_chat_one_object_per_message_with_types() -> None:
    proc = chat(SEED, "--jsonl")
    assert proc.returncode == 0, proc.stderr
    messages = [json.loads(line) for line in proc.stdout.splitlines()]
    assert {m["type"] for m in messages} <= {"question", "info", "answer", "plan", "error"}
    first_question = next(m for m in messages if m["type"] == "question")
    assert first_question["slot"] == "temperature_c" and "options" in first_question
    plan = next(m for m in messages if m["type"] == "plan")
    assert plan["grade"] == 3 and plan["kb_version"] and plan["references"]
    assert all("text" in m for m in messages)


def test_hostile_input_comes_out_inert() -> None:
    out = io.StringIO()
    converse(["\x1b[2J\x1b]0;owned\x07 [red]x[/red]\n", "\x00\n"], out)
    text = out.getvalue()
    assert "\x1b" not in text and "\x07" not in text and "\x00" not in text


def test_huge_line_is_cut_with_a_notice_not_a_crash() -> None:
    out = io.StringIO()
    converse(["levo " * 30_000 + "\n"], out)
    assert "cut to its first 100,000 characters" in out.getvalue()


def test_assess_text_reads_shorthand(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["assess", "--text", "Tmax 101.8F, levo + vaso, HFNC 40L", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["slots"]["hypotension"] == "one-pressor" and result["slots"]["oxygen"] == "high-flow"
    assert result["grade"] == 3
    assert any("one vasopressor" in r for r in result["read"])


def test_assess_text_gives_the_grade_from_below_and_the_plan_of_every_grade_still_possible(capsys) -> None:  # type: ignore[no-untyped-def]
    """Fever on high flow, blood pressure not stated: grade 3 or 4. The answer says 'at least 3',
    plans what both share (tocilizumab) and lists what each adds, in text and in JSON."""
    assert main(["assess", "--text", "T 38.9, HFNC 40L, weight 70 kg"]) == 0
    out = capsys.readouterr().out
    assert "ASTCT grade: at least 3 (still needed: blood pressure and vasopressors" in out
    assert "grade 3 or 4 once known" in out
    plan, extra = out.split("The grade is not yet known: the plan above holds at every grade still possible", 1)
    assert "Tocilizumab (critical)" in plan and "560 mg" in plan
    assert "If it is grade 3, add:" in extra and "If it is grade 4, add:" in extra
    assert main(["assess", "--text", "T 38.9, HFNC 40L, weight 70 kg", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["grade"], result["grade_at_least"]) == (None, 3)
    assert [b["grade"] for b in result["bracket"]] == [3, 4]


def test_chat_says_the_grade_from_below_and_asks_for_what_decides_it() -> None:
    out = chat("T 38.9, HFNC 40L\n").stdout
    _, rest = out.split("I read: 38.9 C; high-flow oxygen (HFNC 40 L/min).", 1)
    assert rest.lstrip().startswith("ASTCT grade so far: at least 3.\nBlood pressure: is the patient hypotensive")


def test_assess_flags_win_over_text(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["assess", "--text", "T 39, on room air", "--oxygen", "positive-pressure", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["grade"] == 4


def test_batch_text_field_uses_the_same_reader() -> None:
    from assistant.cli.batch import run_batch

    out = io.StringIO()
    run_batch(io.StringIO(json.dumps({"text": "febrile to 39, on levo + epi"}) + "\n" +
                          json.dumps({"text": 5}) + "\n"), out)
    first, second = (json.loads(x) for x in out.getvalue().splitlines())
    assert first["grade"] == 4 and first["read"]
    assert second["line"] == 2 and "text" in second["error"]


def test_reordering_and_line_separator_characters_are_shown_not_obeyed() -> None:
    from dialogs.safe_text import inert

    assert inert("report\u202egnp.exe\u2028next") == "report\\u202egnp.exe\\u2028next"
    assert inert("tab\tand\nnewline stay") == "tab\tand\nnewline stay"
