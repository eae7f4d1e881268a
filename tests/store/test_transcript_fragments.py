"""Schema version 8 keeps each turn's replies as the Markdown and HTML transcripts write them, so a
transcript copies them instead of reading and rendering every reply. The exports are the same
bytes whether a turn's replies were rendered when stored or when exported, on both backends, for a
store upgraded in the middle of a consult too, and whatever the replies hold."""

from __future__ import annotations

from pathlib import Path

import pytest

import assistant.export.fragments as fragments_module
import assistant.export.render as render_module
from assistant.cli.commands.export import stored_export
from assistant.export.fragments import fragment
from assistant.export.inert import inert
from assistant.store import SessionMeta, SessionStore
from assistant.store.pg_schema import PG_MIGRATIONS
from assistant.store.schema import MIGRATIONS
from dialogs.engine import begin, step
from dialogs.state import Event, Reply, State

from ..export.test_hostile_content import FORBIDDEN, HOSTILE
from .conftest import Raw, fixed_clock
from .test_stored_state import CONSULTS, events_of

FORMATS = ("md", "html", "json", "txt")
TEMPLATES = Path(render_module.__file__).parent / "templates"
# PostgreSQL's text holds no NUL: a reply that quotes one cannot be stored there (its shown text)
_LINES = [line.replace("\x00", "") for line in HOSTILE]
HOSTILE_OPENING = (Reply("info", "\n".join(_LINES)), Reply("question", _LINES[0], "weight_kg", tuple(_LINES[5:9])),
                   Reply("error", _LINES[6]))


def started(store: SessionStore, uid: str, opening: tuple[Reply, ...] | None = None) -> int:
    meta = store.create(SessionMeta(uid, "2026-12-01T09:00:00.000Z", "0.1.0", "kb", "clinician"),
                        opening=begin()[1] if opening is None else opening)
    assert meta.id is not None
    return meta.id


def go_on(store: SessionStore, session_id: int, state: State, events: list[Event]) -> State:
    for event in events:
        state, replies = step(state, event)
        store.append(session_id, event, persona=state.persona, grade=None, replies=replies, state=state)
    return state


def exports(target: Path | str, session_id: int) -> dict[str, str]:
    with SessionStore.open(target) as store:
        return {fmt: stored_export(store, session_id, fmt) for fmt in FORMATS}


def old_migrations(target: Path | str) -> tuple[object, ...]:
    return (PG_MIGRATIONS if isinstance(target, str) else MIGRATIONS)[:7]


@pytest.mark.parametrize("name", sorted(CONSULTS))
def test_a_transcript_copies_the_stored_replies_and_writes_what_rendering_them_gives(
        target: Path | str, raw: Raw, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    events = events_of(CONSULTS[name])
    with SessionStore.open(target, clock=fixed_clock()) as store:
        go_on(store, started(store, "a" * 32), begin()[0], events)
    assert raw("SELECT format, count(*) FROM fragments GROUP BY format ORDER BY format") == [
        ("html", len(events) + 1), ("md", len(events) + 1)]
    copied = exports(target, 1)
    monkeypatch.setattr(fragments_module, "FRAGMENT_FORM", fragments_module.FRAGMENT_FORM + 1)  # none in today's form
    rendered = exports(target, 1)
    assert copied == rendered


def test_hostile_replies_are_stored_inert_and_escaped_and_export_the_same_bytes(
        target: Path | str, monkeypatch: pytest.MonkeyPatch) -> None:
    events = [Event("text", line) for line in _LINES]
    with SessionStore.open(target, clock=fixed_clock()) as store:
        session_id = started(store, "b" * 32, HOSTILE_OPENING)
        go_on(store, session_id, begin()[0], events)
        stored = store.fragments(session_id, "html")[0], store.fragments(session_id, "md")[0]
    assert not FORBIDDEN.search("".join(stored))
    assert "&lt;script&gt;" in stored[0] and "<script>" not in stored[0] and "<script>" in stored[1]
    copied = exports(target, session_id)
    monkeypatch.setattr(fragments_module, "FRAGMENT_FORM", fragments_module.FRAGMENT_FORM + 1)
    assert exports(target, session_id) == copied
    for fmt in ("md", "html", "txt"):
        assert not FORBIDDEN.search(copied[fmt]), fmt


def test_a_store_upgraded_to_version_8_mid_consult_exports_the_same_bytes(target: Path | str, raw: Raw) -> None:
    """Turns stored before the upgrade have no fragments (nothing is rewritten) and are rendered
    from their light form; the consult's later turns are copied; the bytes are a consult's recorded
    wholly after it."""
    events = events_of(CONSULTS["free text, course and product"])
    with SessionStore.open(target, clock=fixed_clock(), migrations=old_migrations(target)) as old:  # type: ignore[arg-type]
        upgraded = started(old, "c" * 32)
        state = go_on(old, upgraded, begin()[0], events[:4])
    clock = fixed_clock()
    for _ in range(4):  # the times the turns before the upgrade took
        clock()
    with SessionStore.open(target, clock=clock) as store:
        assert store.backup is not None
        go_on(store, upgraded, state, events[4:])
    with SessionStore.open(target, clock=fixed_clock()) as store:
        recorded = started(store, "d" * 32)
        go_on(store, recorded, begin()[0], events)
    assert raw(f"SELECT min(seq), count(*) FROM fragments WHERE session_id = {upgraded} AND format = 'md'") == [
        (5, len(events) - 4)]
    before, after = exports(target, upgraded), exports(target, recorded)
    for fmt in FORMATS:
        assert before[fmt].replace("c" * 32, "d" * 32) == after[fmt], fmt


def test_the_templates_own_text_holds_nothing_inert_would_change() -> None:
    """The documents are not passed through `inert` as a whole: every value is, and the templates'
    own text must hold no control, bidirectional or separator character."""
    names = sorted(p.name for p in TEMPLATES.glob("*.j2"))
    assert {"transcript.md.j2", "transcript.html.j2", "note.txt.j2"} <= set(names)
    for name in names:
        text = (TEMPLATES / name).read_text(encoding="utf-8")
        assert inert(text) == text, name


def test_the_stored_form_of_a_turns_replies_is_pinned() -> None:
    """A change to how a turn's replies render must raise FRAGMENT_FORM (the stored ones in the old
    form are then rendered again when exported, not copied): this is form 1."""
    replies = (Reply("question", "Oxygen? `<now>`", "oxygen", ("room air", "4 L")), Reply("error", "Not read."))
    assert fragments_module.FRAGMENT_FORM == 1
    assert fragment(replies, "md") == "```text\nOxygen? `<now>`\n  1) room air\n  2) 4 L\n\nNot read.\n```"
    assert fragment(replies, "html") == (
        '<div class="reply reply-question"><pre class="text">Oxygen? `&lt;now&gt;`\n  1) room air\n  2) 4 L'
        '</pre></div>\n<div class="reply reply-error"><pre class="text">Not read.</pre></div>\n')
    assert fragment((), "md") == "```text\n\n```" and fragment((), "html") == ""


def test_a_printable_text_holds_nothing_inert_would_change() -> None:
    """The templates' `finalize` passes a printable value as it is (quicker than `inert`): every
    character `inert` changes is one `str.isprintable` refuses."""
    changed = [c for c in map(chr, range(0x10000)) if inert(c) != c]
    assert len(changed) > 150 and not any(c.isprintable() for c in changed)
