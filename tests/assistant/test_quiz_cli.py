"""`crs-assistant quiz --plain/--jsonl/--stats/--export`, and progress kept across runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from assistant.store import SessionStore, db_path
from assistant.store import practice as progress_store


def quiz(data: Path, *args: str, answers: str = "1\n" * 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant", "quiz", "--data-dir", str(data), *args],
                          input=answers, capture_output=True, text=True, timeout=120)


def test_scripted_jsonl_run_end_to_end(tmp_path: Path) -> None:
    proc = quiz(tmp_path, "--jsonl", "--seed", "5", "--count", "3")
    assert proc.returncode == 0, proc.stderr
    messages = [json.loads(line) for line in proc.stdout.splitlines()]
    questions = [m for m in messages if m["type"] == "question"]
    feedback = [m for m in messages if m["type"] == "info" and "correct" in m]
    assert questions and len(feedback) == len(questions)
    assert all(m["options"] for m in questions)
    assert all(m["text"].startswith(("Correct.", "Not quite.")) for m in feedback)
    summary = messages[-1]
    assert summary["total"] == len(questions) and 0 <= summary["score"] <= summary["total"]
    assert "progress saved (run 1" in proc.stderr


def test_same_seed_same_run(tmp_path: Path) -> None:
    first = quiz(tmp_path / "a", "--jsonl", "--seed", "9", "--count", "2").stdout
    second = quiz(tmp_path / "b", "--jsonl", "--seed", "9", "--count", "2").stdout
    assert first == second


def test_progress_across_runs_and_missed_concepts_come_back(tmp_path: Path) -> None:
    assert quiz(tmp_path, "--plain", "--count", "3").returncode == 0  # "1" to everything: mostly wrong
    with SessionStore.open(db_path(tmp_path)) as store:
        boxes = progress_store.boxes(store)
        missed = {c for c, box in boxes.items() if box == 1}
        assert missed, boxes
        due = progress_store.due_next(store)
        assert set(due) >= missed
    proc = quiz(tmp_path, "--jsonl", "--count", "4")
    first_case = next(json.loads(x) for x in proc.stdout.splitlines() if '"case"' in x)
    from knowledge.practice import default_practice

    vignettes = {v.id: v for v in default_practice()[1]}
    assert first_case["case"] in vignettes and set(vignettes[first_case["case"]].concepts) & missed
    stats = quiz(tmp_path, "--stats")
    assert stats.stdout.startswith("2 run(s)") and "box 1" in stats.stdout


def test_stats_before_any_run(tmp_path: Path) -> None:
    assert "No practice runs yet" in quiz(tmp_path, "--stats").stdout


def test_no_store_keeps_nothing(tmp_path: Path) -> None:
    proc = quiz(tmp_path, "--plain", "--count", "1", "--no-store")
    assert proc.returncode == 0 and "progress saved" not in proc.stderr
    assert not db_path(tmp_path).exists()


def test_export_md_and_json_through_the_templates(tmp_path: Path) -> None:
    md, js = tmp_path / "run.md", tmp_path / "run.json"
    quiz(tmp_path, "--plain", "--seed", "4", "--count", "2", "--export", str(md))
    quiz(tmp_path, "--plain", "--seed", "4", "--count", "2", "--export", str(js))
    text = md.read_text()
    assert text.startswith("# CRS practice run") and "## By concept" in text and "```text" in text
    doc = json.loads(js.read_text())
    assert doc["format"] == "crs-assistant/practice-run" and doc["version"] == 1 and doc["seed"] == 4
    assert len(doc["answers"]) >= 2 and {"case_id", "chosen", "right", "correct"} <= set(doc["answers"][0])


def test_export_never_overwrites_and_rejects_unknown_formats(tmp_path: Path) -> None:
    target = tmp_path / "run.md"
    target.write_text("keep me")
    proc = quiz(tmp_path, "--plain", "--count", "1", "--export", str(target))
    assert "already exists" in proc.stderr and target.read_text() == "keep me"
    bad = quiz(tmp_path, "--plain", "--count", "1", "--export", str(tmp_path / "run.pdf"))
    assert bad.returncode == 2 and "must end in .md or .json" in bad.stderr


def test_bad_count_is_one_clear_line(tmp_path: Path) -> None:
    proc = quiz(tmp_path, "--plain", "--count", "0")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "--count" in proc.stderr
