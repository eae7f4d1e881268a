"""The consult service: what every front end (chat, chat --jsonl, the terminal UI) gets from it."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import pytest

import assistant.export  # noqa: F401  before a test patches dialogs.engine.default_consult: the export's view binds it when first imported
from assistant.cli.plain import converse
from assistant.consult_service import ConsultService, ContentFailed
from assistant.store import SessionStore, StoreError, db_path
from assistant.store.consult import open_consult
from dialogs import engine
from dialogs.engine import Consult, begin, step
from dialogs.state import Event, Reply, State
from knowledge.datafile import DataFileError

Recorded = list[tuple[Event, State, Sequence[Reply]]]


def no_clock() -> str | None:
    return None


def recording_into(recorded: Recorded):  # type: ignore[no-untyped-def]
    def recorder(event: Event, state: State, replies: Sequence[Reply]) -> None:
        recorded.append((event, state, replies))

    return recorder


def loaded(**kwargs: object) -> ConsultService:
    service = ConsultService(clock=no_clock, **kwargs)  # type: ignore[arg-type]
    service.load()
    return service


def test_an_answer_is_the_engines_replies_recorded_before_it_returns() -> None:
    recorded: Recorded = []
    service = loaded(recorder=recording_into(recorded))
    state, opening = begin()
    assert list(service.opening) == opening
    answer = service.answer("39.2")
    after, replies = step(state, Event("text", "39.2"))
    assert answer.replies == replies and answer.shown == replies
    assert answer.event == Event("text", "39.2") and answer.recorded and answer.problem is None
    assert recorded == [(Event("text", "39.2"), after, replies)]
    assert service.state == after and service.events == [Event("text", "39.2")]


def test_a_step_that_cannot_be_saved_goes_on_and_the_notice_comes_first() -> None:
    def broken(event: Event, state: State, replies: Sequence[Reply]) -> None:
        raise StoreError("disk full")

    service = loaded(recorder=broken)
    answer = service.answer("39.2")
    assert not answer.recorded and isinstance(answer.unsaved, StoreError)
    assert answer.shown[0] == Reply("error", "This step could not be saved (StoreError: disk full).")
    assert answer.shown[1:] == answer.replies and answer.replies
    assert service.state.values["temperature_c"] == 39.2  # the consult went on


def test_an_engine_that_raises_changes_nothing_and_records_nothing() -> None:
    recorded: Recorded = []

    def failing(state: State, event: Event) -> tuple[State, list[Reply]]:
        raise ValueError("boom")

    service = loaded(recorder=recording_into(recorded), step=failing)
    before = service.state
    answer = service.answer("39.2")
    assert isinstance(answer.failed, ValueError) and answer.replies == [] and not answer.recorded
    (notice,) = answer.shown
    assert notice.kind == "error" and "Internal error in the consult engine (ValueError: boom)" in notice.text
    assert service.state is before and service.events == [] and recorded == []


def test_a_label_line_labels_the_stored_consult_and_is_no_consult_event() -> None:
    recorded: Recorded = []
    labels: list[str] = []

    def labeller(label: str) -> str | None:
        labels.append(label)
        return label

    service = loaded(recorder=recording_into(recorded), labeller=labeller)
    before = service.state
    answer = service.answer("/label bed 12")
    assert labels == ["bed 12"] and answer.event is None and not answer.recorded
    assert [r.text for r in answer.replies] == [
        "Labelled 'bed 12' in this store only (exports leave it out unless --with-label)."]
    assert service.state is before and service.events == [] and recorded == []
    (refused,) = loaded().answer("label bed 12").replies  # not stored: it says so
    assert "not stored" in refused.text


def test_undo_takes_back_the_last_answer() -> None:
    service = loaded()
    first = service.state
    service.answer("39.2")
    assert service.state.values.get("temperature_c") == 39.2
    answer = service.undo()
    assert answer.event == Event("text", "/back")
    assert "temperature_c" not in service.state.values and service.pending == first.pending


def test_the_engine_is_built_once_on_first_use() -> None:
    service = ConsultService()
    assert not service.loaded
    assert list(service.opening) == begin()[1]  # the opening loads it
    engine = service.engine
    assert service.loaded and engine is not None and service.load() is engine
    assert service.kb_label == (engine.consult.kb.version, engine.consult.kb.meta.updated)
    fresh = ConsultService()
    assert fresh.answer("39.2").replies, "answering loads it too"


def test_content_that_fails_its_checks_is_one_line_and_other_errors_are_not_hidden(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class DialogBroken(DataFileError):
        what = "dialog"

    def broken() -> Consult:
        raise DialogBroken(["dialogs/data/consult.toml: question 1: option 'x'", "second"])

    monkeypatch.setattr(engine, "default_consult", broken)
    service = ConsultService()
    with pytest.raises(ContentFailed) as failed:
        service.load()
    assert str(failed.value) == ("The dialog failed its checks, so no advice is given: dialogs/data/consult.toml: "
                                 "question 1: option 'x' (and 1 more; run 'crs-assistant kb check')")
    assert not service.loaded

    def other() -> Consult:
        raise OSError("not ours to hide")

    monkeypatch.setattr(engine, "default_consult", other)
    service = ConsultService()
    with pytest.raises(OSError, match="not ours to hide"):
        service.load()


def test_an_export_covers_the_resumed_turns_and_this_run_as_they_were_when_asked(tmp_path: Path) -> None:
    first = ConsultService.recording(open_consult(data_dir=str(tmp_path), no_store=False, resume=None),
                                     clock=no_clock)
    first.load()
    first.answer("39.2")
    first.close()
    again = ConsultService.recording(open_consult(data_dir=str(tmp_path), no_store=False, resume=0), clock=no_clock)
    again.load()
    again.answer("one pressor")
    source = again.export_source()
    again.answer("high flow")  # after the export was asked for: not in it
    assert [e.text for e in source.events] == ["39.2", "one pressor"]
    assert source.persona == "clinician" and source.session == 1
    assert again.session_id == 1 and again.closed == [] and again.stored
    again.close()
    with SessionStore.open_existing(db_path(tmp_path)) as store:  # type: ignore[union-attr]
        assert [e.event.text for e in store.events(1)] == ["39.2", "one pressor", "high flow"]


def test_exporting_a_resumed_stored_consult_reads_its_earlier_turns_in_the_export_not_before(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl+S takes the consult as it is on the UI thread; a resumed consult's earlier turns are
    the store's, read by the export (in its worker), so taking it reads none of them."""
    from assistant.tui.store_access import StoredSessions

    first = ConsultService.recording(open_consult(data_dir=str(tmp_path), no_store=False, resume=None),
                                     clock=no_clock)
    first.load()
    first.answer("39.2")
    first.close()
    consult = open_consult(data_dir=str(tmp_path), no_store=False, resume=0)
    again = ConsultService(start=consult.start, recorder=consult.recorder, earlier=consult.earlier, clock=no_clock,
                           sessions=StoredSessions(str(tmp_path), lambda: consult.session_id))
    again.load()
    again.answer("one pressor")
    with monkeypatch.context() as patched:
        def refuse(*args: object, **kwargs: object) -> None:
            raise AssertionError("the earlier turns were read to take the export's source")

        patched.setattr(SessionStore, "events", refuse)
        source = again.export_source()
    text = source.stored("json")
    assert source.session == 1 and text is not None and '"39.2"' in text and '"one pressor"' in text
    consult.close()


def test_the_chat_stops_on_a_step_that_cannot_be_saved_before_writing_its_replies() -> None:
    calls: list[Event] = []

    def fails_second(event: Event, state: State, replies: Sequence[Reply]) -> None:
        calls.append(event)
        if len(calls) == 2:
            raise StoreError("disk full")

    out = io.StringIO()
    service = ConsultService(recorder=fails_second, clock=no_clock)
    with pytest.raises(StoreError, match="disk full"):
        converse(["39.2\n", "one pressor\n", "high flow\n"], out, service)
    assert [e.text for e in calls] == ["39.2", "one pressor"]  # the third line was never sent
    first_line_only = io.StringIO()
    converse(["39.2\n"], first_line_only, ConsultService(clock=no_clock))
    assert out.getvalue() == first_line_only.getvalue(), "nothing written for the line that was not saved"
