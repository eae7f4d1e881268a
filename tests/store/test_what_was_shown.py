"""An audit trail: each turn's replies are stored as they were shown, so an export of last month's
consult shows what the clinician saw even after the knowledge base changed; `sessions regrade`
and `kb impact` say what today's knowledge base would change. One consult, one session:
`restart` closes the stored session. Older stores upgrade in place, their replies marked
"rebuilt on upgrade". Every test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assistant.store import SessionMeta, SessionStore
from assistant.store.schema import MIGRATIONS
from dialogs.state import Event
from knowledge.loader import DATA_DIR
from tests.store.conftest import Cli, target_env

CONSULT = "\n".join(["Tmax 101.8F, levo + vaso, HFNC 40L", "full", "0", "no", "70 kg", "no", "no", "unknown"]) + "\n"


@pytest.fixture
def changed_kb(tmp_path: Path) -> Path:
    """A copy of the knowledge base in which one plan action is renamed (its content hash changes)."""
    root = tmp_path / "kb"
    shutil.copytree(DATA_DIR, root)
    actions = root / "actions.toml"
    text = actions.read_text(encoding="utf-8")
    assert 'label = "ICU transfer"' in text
    actions.write_text(text.replace('label = "ICU transfer"', 'label = "ICU transfer now"'), encoding="utf-8")
    return root


def run(cli: Cli, target: Path | str, data_dir: Path, *args: str, stdin: str = "", kb: Path | None = None) -> str:
    extra = {"CRS_ASSISTANT_KB": str(kb)} if kb is not None else {}
    done = cli(*args, stdin=stdin, env=target_env(target, data_dir, **extra))
    assert done.returncode == 0, done.stderr
    return done.stdout


def transcript(document: str) -> tuple[object, object]:
    derived = json.loads(document)["derived"]
    return derived["opening"], derived["turns"]


def summary_part(fmt: str, text: str) -> str:
    """The summary of an export: the consult note below its header, the md and html summary
    section with the footer that names its knowledge base, JSON's derived.summary."""
    if fmt == "json":
        return json.dumps(json.loads(text)["derived"]["summary"], sort_keys=True)
    if fmt == "txt":
        return text[text.index("PATIENT STATE AS UNDERSTOOD"):]
    start, end, footer = {"md": ("## Consult summary", "## Transcript", "\n---\n"),
                          "html": ('<section aria-labelledby="summary">', '<section aria-labelledby="transcript">',
                                   "<footer>")}[fmt]
    return text[text.index(start):text.index(end)] + text[text.rindex(footer):]


def test_an_export_shows_the_same_replies_after_a_knowledge_base_change_and_regrade_shows_the_difference(
        cli: Cli, target: Path | str, data_dir: Path, changed_kb: Path) -> None:
    run(cli, target, data_dir, "chat", stdin=CONSULT)
    before = run(cli, target, data_dir, "export", "1", "--format", "json")
    md_before = run(cli, target, data_dir, "export", "1", "--format", "md")
    assert "ICU transfer" in md_before and "ICU transfer now" not in md_before
    after = run(cli, target, data_dir, "export", "1", "--format", "json", kb=changed_kb)
    assert transcript(after) == transcript(before)  # what was shown, not today's answers
    stamps = json.loads(after)["derived"]["shown"]
    assert [s["turn"] for s in stamps] == list(range(9)) and {s["origin"] for s in stamps} == {"shown"}
    assert json.loads(after)["derived"]["kb_version"] != json.loads(before)["derived"]["kb_version"]
    md_after = run(cli, target, data_dir, "export", "1", "--format", "md", kb=changed_kb)
    assert "the replies and the summary below are as they were shown" in md_after

    same = run(cli, target, data_dir, "sessions", "regrade", "1")
    assert "No difference" in same and "(1 plan shown)" in same
    regraded = run(cli, target, data_dir, "sessions", "regrade", "1", kb=changed_kb)
    rows = [line.split() for line in regraded.splitlines()]
    assert ["8", "plan", "item", "ICU", "transfer", "|", "-"] in rows
    assert ["plan", "item", "-", "|", "ICU", "transfer", "now"] in rows
    assert "1 turn would differ" in regraded

    run(cli, target, data_dir, "chat", stdin="39.2\n")  # no plan shown: nothing to compare
    impact = run(cli, target, data_dir, "kb", "impact", kb=changed_kb).splitlines()
    assert impact[0].startswith("session 1, turn 8: plan item ICU transfer -> -")
    assert impact[-1].startswith("1 of 1 stored consults with a plan would change")
    assert run(cli, target, data_dir, "kb", "impact").splitlines()[-1].startswith("0 of 1 ")


def test_restart_closes_the_stored_session_and_the_next_patient_gets_a_new_one(
        cli: Cli, target: Path | str, data_dir: Path) -> None:
    done = cli("chat", stdin="39.2\none pressor\nrestart\n38.5\n", env=target_env(target, data_dir))
    assert done.returncode == 0
    assert "saved as session 2" in done.stderr and "restart closed session 1" in done.stderr
    listed = {r["id"]: r for r in json.loads(run(cli, target, data_dir, "sessions", "--json"))}
    assert listed[1]["turns"] == 2 and listed[1]["closed"] is not None
    assert listed[2]["turns"] == 2 and listed[2]["closed"] is None
    first = json.loads(run(cli, target, data_dir, "export", "1", "--format", "json"))
    second = json.loads(run(cli, target, data_dir, "export", "2", "--format", "json"))
    assert [e["text"] for e in first["events"]] == ["39.2", "one pressor"]
    assert [e["text"] for e in second["events"]] == ["restart", "38.5"]
    assert first["session"]["uid"] != second["session"]["uid"]
    assert second["session"]["started"] > first["events"][-1]["at"]
    assert "Closed at " in run(cli, target, data_dir, "sessions", "show", "1")
    assert "Closed at " not in run(cli, target, data_dir, "sessions", "show", "2")
    # the first patient's consult resumes where it stopped, not as a new consult
    resumed = run(cli, target, data_dir, "chat", "--jsonl", "--resume", "1")
    assert json.loads(resumed.splitlines()[-1])["slot"] == "oxygen"


def test_a_trainee_restart_replays_as_a_trainee(cli: Cli, target: Path | str, data_dir: Path) -> None:
    with SessionStore.open(target) as store:
        from assistant.store.consult import RecordedConsult
        from dialogs.engine import begin, step

        consult = RecordedConsult(begin(), store, SessionMeta("a" * 32, "2026-03-14T09:00:00.000Z", "0.1.0", "kb",
                                                               "clinician"))
        state = consult.start[0]
        for event in (Event("persona", "trainee"), Event("text", "39.2"), Event("text", "restart")):
            state, replies = step(state, event)
            consult.on_event(event, state, replies)
        assert consult.closed == [1]
        assert [e.event for e in store.events(2)] == [Event("persona", "trainee"), Event("text", "restart")]
        assert [t.replies for t in store.shown(2)][1] == ()  # the persona event showed nothing
        assert store.meta(2).persona == "trainee"


def test_importing_an_export_of_a_stored_session_is_recognised(cli: Cli, target: Path | str, data_dir: Path,
                                                              tmp_path: Path) -> None:
    run(cli, target, data_dir, "chat", stdin="39.2\n")
    exported = tmp_path / "one.json"
    exported.write_text(run(cli, target, data_dir, "export", "1", "--format", "json"), encoding="utf-8")
    again = run(cli, target, data_dir, "import", str(exported))
    assert again.startswith("Already stored as session 1 (the same session, uid ")
    assert len(json.loads(run(cli, target, data_dir, "sessions", "--json"))) == 1


def test_an_old_store_upgrades_in_place_and_its_replies_are_marked_rebuilt(
        cli: Cli, target: Path | str, data_dir: Path, backend: str) -> None:
    from assistant.store.pg_schema import PG_MIGRATIONS

    older = (MIGRATIONS if backend == "sqlite" else PG_MIGRATIONS)[:3]
    with SessionStore.open(target, migrations=older) as store:  # as crs-assistant stored it before version 4
        meta = store.create(SessionMeta("b" * 32, "2026-03-14T09:00:00.000Z", "0.1.0", "kb", "clinician"))
        assert meta.id == 1
        for text in ("39.2", "one pressor"):
            store.append(1, Event("text", text), persona="clinician", grade=None)
    with SessionStore.open(target) as store:
        assert store.backup is not None
        shown = store.shown(1)
        assert [t.seq for t in shown] == [0, 1, 2] and {t.origin for t in shown} == {"rebuilt on upgrade"}
        assert shown[1].replies[0].text.startswith("I read: 39.2 C")
    note = run(cli, target, data_dir, "export", "1", "--format", "txt")
    assert "2 turns' replies were rebuilt on upgrade" in " ".join(note.split())
    resumed = run(cli, target, data_dir, "chat", "--jsonl", "--resume", "1", stdin="no\n")
    assert json.loads(resumed.splitlines()[0])["text"].startswith("Resumed session 1 ")
    with SessionStore.open(target) as store:
        assert [t.origin for t in store.shown(1)] == ["rebuilt on upgrade"] * 3 + ["shown"]


def test_a_label_is_listed_filtered_and_exported_only_when_asked(cli: Cli, target: Path | str, data_dir: Path,
                                                                 tmp_path: Path) -> None:
    run(cli, target, data_dir, "chat", stdin="Tmax 39.2, on 2 L\nlabel  bed 12 \n")
    run(cli, target, data_dir, "chat", stdin="38.5\n")
    assert run(cli, target, data_dir, "sessions", "label", "2", "side", "room") == \
        "Session 2 is labelled 'side room' (in this store only).\n"
    table = run(cli, target, data_dir, "sessions").splitlines()
    assert table[0].split()[-4:] == ["BY", "LABEL", "FIRST", "LINE"]
    assert "bed 12" in table[2] and "Tmax 39.2, on 2 L" in table[2]
    assert "Label: bed 12 (this store only)." in run(cli, target, data_dir, "sessions", "show", "1")
    filtered = run(cli, target, data_dir, "sessions", "--filter", "BED").splitlines()
    assert len(filtered) == 2 and "bed 12" in filtered[1]
    assert [r["id"] for r in json.loads(run(cli, target, data_dir, "sessions", "--json", "--filter", "38.5"))] == [2]
    assert "No stored sessions matching 'nobody'" in run(cli, target, data_dir, "sessions", "--filter", "nobody")
    plain = run(cli, target, data_dir, "export", "1", "--format", "json")
    assert "bed 12" not in plain and "label" not in json.loads(plain)["session"]
    labelled = run(cli, target, data_dir, "export", "1", "--format", "json", "--with-label")
    assert json.loads(labelled)["session"]["label"] == "bed 12"
    for fmt in ("md", "txt", "html"):
        assert "bed 12" not in run(cli, target, data_dir, "export", "1", "--format", fmt)
        assert "bed 12" in run(cli, target, data_dir, "export", "1", "--format", fmt, "--with-label")
    # an export with its label, imported elsewhere, keeps it
    document = tmp_path / "labelled.json"
    document.write_text(labelled, encoding="utf-8")
    env = target_env(tmp_path / "unused", tmp_path / "elsewhere")  # an SQLite store in another data folder
    env.pop("CRS_ASSISTANT_STORE", None)
    assert cli("import", str(document), env=env).returncode == 0
    assert json.loads(cli("sessions", "--json", env=env).stdout)[0]["label"] == "bed 12"


def test_kb_impact_shared_among_workers_gives_what_one_process_gives(target: Path | str,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.store import impact
    from assistant.store.consult import RecordedConsult
    from dialogs.engine import begin, step

    with SessionStore.open(target) as store:
        for n, lines in enumerate((CONSULT, CONSULT.replace("70 kg", "82 kg"), "39.2\n")):
            consult = RecordedConsult(begin(), store, SessionMeta(f"{n:032x}", f"2026-03-14T09:0{n}:00.000Z", "0.1.0",
                                                                   "kb", "clinician"))
            state = consult.start[0]
            for text in lines.splitlines():
                state, replies = step(state, Event("text", text))
                consult.on_event(Event("text", text), state, replies)
        alone = impact.impacts(store)
        monkeypatch.setattr(impact, "PARALLEL_FROM", 0)
        monkeypatch.setattr(impact, "CHUNK", 1)
        monkeypatch.setattr(impact, "workers", lambda: 2)
        assert impact.impacts(store) == alone
        assert [(i.session_id, i.turn, i.diff, i.error) for i in alone] == [(1, 8, None, ""), (2, 8, None, "")]
        assert store.sessions()  # the store's own connection still works after the workers


def test_resume_after_a_knowledge_base_change_shows_the_plan_as_it_was_shown(
        cli: Cli, target: Path | str, data_dir: Path, changed_kb: Path) -> None:
    run(cli, target, data_dir, "chat", stdin=CONSULT)
    resumed = [json.loads(line) for line in
               run(cli, target, data_dir, "chat", "--jsonl", "--resume", "1", kb=changed_kb).splitlines()]
    assert "earlier replies are shown as they were" in resumed[0]["text"]
    (plan,) = [r for r in resumed if r["type"] == "plan"]
    labels = [item["label"] for item in plan["plan"]]
    assert "ICU transfer" in labels and "ICU transfer now" not in labels
    # what is asked from here on is today's: the plan again now names the renamed action
    again = [json.loads(line) for line in
             run(cli, target, data_dir, "chat", "--jsonl", "--resume", "1", stdin="plan\n", kb=changed_kb).splitlines()]
    assert "ICU transfer now" in [item["label"] for item in again[-1]["plan"]]


def test_an_exports_summary_is_what_was_shown_after_a_knowledge_base_change(
        cli: Cli, target: Path | str, data_dir: Path, changed_kb: Path) -> None:
    run(cli, target, data_dir, "chat", stdin=CONSULT)
    for fmt in ("txt", "md", "html", "json"):
        before = run(cli, target, data_dir, "export", "1", "--format", fmt)
        after = run(cli, target, data_dir, "export", "1", "--format", fmt, kb=changed_kb)
        assert "ICU transfer" in summary_part(fmt, before) and "ICU transfer now" not in summary_part(fmt, before)
        assert summary_part(fmt, after) == summary_part(fmt, before), fmt  # byte for byte
        if fmt != "json":
            assert "the replies and the summary below are as they were shown" in " ".join(after.lower().split())
    summary = json.loads(after)["derived"]["summary"]
    assert summary["grade"] == 3 and "ICU transfer" in [item["label"] for item in summary["plan"]]
    assert summary["unknown"] == ["product"] and summary["persona"] == "clinician"
    # today's answer is what regrade shows
    assert "ICU transfer now" in run(cli, target, data_dir, "sessions", "regrade", "1", kb=changed_kb)


def test_a_stored_consult_without_a_plan_says_so_rather_than_computing_one(
        cli: Cli, target: Path | str, data_dir: Path) -> None:
    run(cli, target, data_dir, "chat", stdin="Tmax 101.8F, levo + vaso, HFNC 40L\n")
    note = run(cli, target, data_dir, "export", "1", "--format", "txt")
    assert "no plan shown yet" in note and "ICU transfer" not in note and "ASTCT grade 3" not in note
    assert "Temperature: 38.78 C" in note  # the patient state is what was typed, as replayed
    summary = json.loads(run(cli, target, data_dir, "export", "1", "--format", "json"))["derived"]["summary"]
    assert summary["plan_shown"] is False and "plan" not in summary
    # the same consult, not stored: its summary is today's plan, as before
    from assistant.export import export_session
    from assistant.store.records import LoggedEvent

    event = LoggedEvent(Event("text", "Tmax 101.8F, levo + vaso, HFNC 40L"), "2026-03-14T09:00:00.000Z")
    assert "ASTCT grade 3" in export_session([event], None, "txt")


def test_a_stored_plan_not_in_the_plans_shape_is_recomputed_and_the_export_says_so() -> None:
    from assistant import __version__
    from assistant.export import FORMATS, build_view, render_view
    from assistant.store.records import LoggedEvent
    from assistant.store.shown import ShownTurn
    from dialogs.engine import default_consult
    from dialogs.state import Reply

    kb = default_consult().kb.version
    events = [LoggedEvent(Event("text", "Tmax 101.8F, levo + vaso, HFNC 40L"), "2026-03-14T09:00:00.000Z")]
    edited = [ShownTurn(0, (), __version__, kb), ShownTurn(1, (Reply("plan", "ASTCT grade 9", data={"grade": 9}),),
                                                           __version__, kb)]
    view = build_view(events, SessionMeta("c" * 32, "2026-03-14T09:00:00.000Z", "0.1.0", kb, "clinician"),
                      shown=edited)
    assert view.summary.headline == "ASTCT grade 3" and not view.summary.as_shown  # today's, not the edited one
    for fmt in FORMATS:
        text = render_view(view, fmt)
        if fmt == "json":
            assert json.loads(text)["derived"]["summary"]["grade"] == 3
        else:
            assert "ASTCT grade 9" not in summary_part(fmt, text) and "ASTCT grade 3" in summary_part(fmt, text)
            assert "summary was recomputed" in " ".join(text.split())
