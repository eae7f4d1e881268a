"""The consult service: one consult -- the engine, its state, and the store that records it -- as
every front end drives it (`chat`, `chat --jsonl` and the terminal UI's consult screen).

A front end gives it lines and shows what comes back; it never steps the engine, calls the
recorder or reads the store itself:

    service = ConsultService.recording(open_consult(...))   # or ConsultService(start=..., recorder=...)
    answer = service.answer("Tmax 39.2, levo")   # the engine's replies, and what was recorded
    answer.shown                                   # what to show (a notice first if it could not be saved)
    service.state, service.events                  # the consult so far

The engine (its import, the compiled content and the consult's opening) is built in one place,
`load()`, on first use: a front end calls it before it shows anything (the terminal UI before its
first paint), so that content failing its checks is caught there, as `ContentFailed`. Nothing
here imports the engine or the store at module level: the command line imports this module for
`chat` only, and the engine's parts a consult may never need (the free-text reader, the
retrieval index, the exports, the store's listing) are imported by the engine where first used.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from assistant.labels import Labeller, label_command, label_reply

if TYPE_CHECKING:
    from assistant.store import SessionRow
    from assistant.store.consult import RecordedConsult
    from assistant.store.replaying import Earlier
    from dialogs.engine import Consult
    from dialogs.state import Event, Reply, State
    from knowledge.assessment import Assessment

StepFn = Callable[["State", "Event"], tuple["State", list["Reply"]]]
Recorder = Callable[["Event", "State", "Sequence[Reply]"], None]
Start = tuple["State", list["Reply"]]


class ReplyLike(Protocol):
    """A `dialogs.state.Reply` as a front end shows it (a stored turn's replies are read back as these)."""

    @property
    def kind(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def options(self) -> tuple[str, ...]: ...
    @property
    def data(self) -> Mapping[str, Any] | None: ...


class SessionAccess(Protocol):
    """A window on the session store for a front end that keeps it open only while it reads
    (the terminal UI's `StoredSessions`); its calls raise StoreError with a one-line message."""

    def current(self) -> int | None:
        """This consult's session number (None until its first event is stored)."""

    def stored(self) -> list[SessionRow]:
        """Stored consults, newest first."""

    def typed(self, limit: int) -> list[str]:
        """Texts typed in stored consults, newest first, each once."""

    def export(self, fmt: str, session_id: int | None = None) -> str | None:
        """This consult's export as stored (its id, times and the replies as shown); None until stored.
        `session_id`: the session it was when the export was asked for (default: the current one)."""

    def set_label(self, label: str) -> str | None:
        """Label this consult ("" removes it); the label as stored, None until the consult is stored."""


class ContentFailed(Exception):
    """The knowledge base or a dialog data file failed its checks: nothing can be advised. The
    message is one line for the user."""


@dataclass(frozen=True)
class Engine:
    """The dialog engine once it has loaded, and what the consult opened with (begin or resume)."""

    consult: Consult
    replies: list[Reply]


@dataclass(frozen=True)
class Answer:
    """What one line (or persona switch) gave.

    `replies`: the engine's replies as it structured them (or the label's one reply). `event`:
    the consult event sent (None for a `label` line, which is not one). `recorded`: the event and
    those replies were committed to the store before this returned. `unsaved`: why they could not
    be (the consult went on: the state moved); `failed`: the engine raised (nothing changed, nothing
    recorded). A front end either shows `shown` (the terminal UI) or stops on a problem (the chat)."""

    replies: list[Reply]
    event: Event | None
    recorded: bool = False
    unsaved: Exception | None = None
    failed: Exception | None = None

    @property
    def problem(self) -> Exception | None:
        return self.failed or self.unsaved

    @property
    def shown(self) -> list[Reply]:
        """The replies with a notice first when the engine failed or the step could not be saved."""
        from dialogs.state import Reply

        if self.failed is not None:
            exc = self.failed
            return [Reply("error", f"Internal error in the consult engine ({type(exc).__name__}: {exc}). "
                                   "Nothing was changed; please try again or rephrase.")]
        if self.unsaved is not None:
            exc = self.unsaved
            return [Reply("error", f"This step could not be saved ({type(exc).__name__}: {exc})."), *self.replies]
        return list(self.replies)


@dataclass(frozen=True)
class CaseView:
    """The case now, as the 'Case so far' panel and the status line show it."""

    state: State
    result: Assessment
    slots: tuple[str, ...]

    @property
    def persona(self) -> str:
        return self.state.persona

    def course(self) -> list[str]:
        """The course lines (each point's time, grade and change; what was given)."""
        from dialogs.episode import course_lines

        return course_lines(self.state, self.result)

    def headline(self) -> str:
        """The grade line, without its parenthesised detail."""
        from dialogs.render import grade_headline

        return grade_headline(self.result).split(" (", 1)[0]


@dataclass(frozen=True)
class ExportSource:
    """The consult as it was when an export was asked for, to build in a worker thread."""

    events: list[Event]  # since the stored session began (a resumed one's earlier turns first, unless `partial`)
    persona: str
    session: int | None  # the stored session it was, None when not stored (yet)
    sessions: SessionAccess | None
    partial: bool = False  # a resumed consult's earlier turns are left out: its export is the store's

    def stored(self, fmt: str) -> str | None:
        """The stored session's export (its id, times and replies as shown); None when not stored.
        Raises StoreError (one line)."""
        if self.sessions is None or self.session is None:
            return None
        text = self.sessions.export(fmt, self.session)
        if text is None and self.partial:  # the store is gone: `events` alone would leave turns out
            from assistant.store.errors import StoreError

            raise StoreError(f"the session store holding session {self.session} could not be opened")
        return text


def _default_step(state: State, event: Event) -> tuple[State, list[Reply]]:
    from dialogs.engine import step

    return step(state, event)


def _local_time() -> str | None:
    from dialogs.state import event_time

    return event_time()


class ConsultService:
    """One consult for any front end: the engine and its state, and what records each step.

    `start`: where the consult starts (a resumed session's state and replies; default: begin).
    `recorder(event, state, replies)`: commits a step before its replies are shown (the store;
    None: not recorded). `labeller`: stores a `label` line's label. `sessions`: the session store
    for the UI's history, export and stored-consult list. `earlier`: a resumed session's turns
    before this run. `clock`: each event's time. `step` replaces the engine's step (tests,
    benchmarks). The engine is loaded by `load()`, on first use at the latest.
    """

    def __init__(
        self,
        *,
        start: Start | None = None,
        step: StepFn | None = None,
        recorder: Recorder | None = None,
        labeller: Labeller | None = None,
        sessions: SessionAccess | None = None,
        earlier: Earlier | None = None,
        clock: Callable[[], str | None] | None = None,
        consult: RecordedConsult | None = None,
    ) -> None:
        self.step: StepFn = step or _default_step
        self.recorder = recorder
        self.labeller = labeller
        self.sessions = sessions
        self.earlier = earlier
        self.clock: Callable[[], str | None] = clock or _local_time
        self.recorded_consult = consult  # the stored consult this service records into, when it owns it
        self.events: list[Event] = []  # the events of this run, in order
        self.engine: Engine | None = None  # None until `load()` (or when the content failed its checks)
        self._start = start
        self._state: State | None = None

    @classmethod
    def recording(cls, consult: RecordedConsult, *, clock: Callable[[], str | None] | None = None) -> ConsultService:
        """The service over a consult opened by `assistant.store.consult.open_consult` (new or
        resumed, recorded or not); `close()` closes its store."""
        return cls(start=consult.start, recorder=consult.recorder, earlier=consult.earlier, clock=clock,
                   labeller=consult.set_label if consult.store is not None else None, consult=consult)

    # --- the engine ------------------------------------------------------------------

    @property
    def loaded(self) -> bool:
        return self.engine is not None

    def load(self, *, warm: bool = False) -> Engine:
        """Import the engine and begin (or resume) the consult, once: the one place the engine is
        built. `warm`: also fill the grading and planning caches the case panel uses. Content that
        fails its checks raises ContentFailed (one line); any other error is raised as it is."""
        if self.engine is None:
            try:
                from dialogs.engine import assessment, begin, default_consult

                consult = default_consult()
                state, replies = self._start if self._start is not None else begin(consult)
                if warm:
                    assessment(state, consult)
            except Exception as exc:
                from assistant.content_failure import load_failure

                message = load_failure(exc)
                if message is None:
                    raise
                raise ContentFailed(message) from exc
            self._state = state
            self.engine = Engine(consult, list(replies))  # last: `loaded` implies a state
        return self.engine

    @property
    def opening(self) -> Sequence[ReplyLike]:
        """What the consult shows first: the engine's opening (begin, or where a resumed one stopped)."""
        return self.load().replies

    @property
    def kb_label(self) -> tuple[str, str]:
        """The knowledge base's version and update date."""
        kb = self.load().consult.kb
        return kb.version, kb.meta.updated

    def _consult(self) -> Consult:
        return self.load().consult

    # --- the consult -------------------------------------------------------------------

    @property
    def state(self) -> State:
        if self._state is None:
            self.load()
        assert self._state is not None
        return self._state

    @property
    def pending(self) -> str | None:
        """The slot the consult is asking for (None when no question is open)."""
        return self.state.pending

    @property
    def persona(self) -> str:
        return self.state.persona

    @property
    def history(self) -> tuple[Event, ...]:
        """The events before this run (a resumed session), so that an export covers all of it."""
        return () if self.earlier is None else tuple(turn.event for turn in self.earlier.turns)

    def answer(self, text: str) -> Answer:
        """One line from the user: a `label` line labels the stored consult; anything else is a
        consult event, stepped and recorded (before this returns, so before it is shown)."""
        wanted = label_command(text)
        if wanted is not None:  # the store's label for this consult, not a consult event
            return Answer([label_reply(wanted, self.labeller)], None)
        from dialogs.state import Event

        return self.send(Event("text", text, self.clock()))

    def switch_persona(self, persona: str) -> Answer:
        from dialogs.state import Event

        return self.send(Event("persona", persona, self.clock()))

    def undo(self) -> Answer:
        """Take back the last answer (the consult's `back`)."""
        return self.answer("/back")

    def send(self, event: Event) -> Answer:
        """Step the engine with `event` and record it. The engine raising leaves the state as it was;
        the recorder raising does not stop the consult (the step happened, it is not stored)."""
        before = self.state
        try:
            state, replies = self.step(before, event)
        except Exception as exc:  # a front end must stay up whatever the engine does
            return Answer([], event, failed=exc)
        unsaved: Exception | None = None
        if self.recorder is not None:
            try:
                self.recorder(event, state, replies)
            except Exception as exc:
                unsaved = exc
        self._state = state
        self.events.append(event)
        return Answer(list(replies), event, recorded=self.recorder is not None and unsaved is None, unsaved=unsaved)

    def case(self) -> CaseView:
        """The case now: the grade and plan the answers decide, and the slots a case panel lists."""
        from dialogs.engine import assessment, shown_slots

        consult, state = self._consult(), self.state
        return CaseView(state, assessment(state, consult), tuple(shown_slots(state.values, consult)))

    def questions(self) -> list[tuple[str, str]]:
        """Each question the consult can ask: its slot and its text."""
        return [(q.slot, q.question) for q in self._consult().spec.questions]

    def references(self, tags: Sequence[str]) -> list[Mapping[str, Any]]:
        """The knowledge base's references for these tags (unknown ones left out)."""
        if not tags:
            return []
        from knowledge.assessment import reference_json

        known = self._consult().kb.references
        return [reference_json(known[tag]) for tag in tags if tag in known]

    # --- the store -----------------------------------------------------------------------

    @property
    def stored(self) -> bool:
        """Whether this consult has a session store (not --no-store)."""
        recorded = self.recorded_consult
        return self.sessions is not None or (recorded is not None and recorded.store is not None)

    @property
    def session_id(self) -> int | None:
        """The stored session now (None until the first event is committed, or not stored)."""
        if self.recorded_consult is not None:
            return self.recorded_consult.session_id
        return self.sessions.current() if self.sessions is not None else None

    @property
    def closed(self) -> list[int]:
        """The sessions `restart` closed during this run."""
        return [] if self.recorded_consult is None else list(self.recorded_consult.closed)

    def typed_before(self, limit: int) -> list[str]:
        """Texts typed in stored consults, newest first (a prompt's history across runs); [] when
        not stored or the store cannot be read (a convenience must not stop the prompt)."""
        from assistant.store import StoreError

        if self.sessions is None:
            return []
        try:
            return self.sessions.typed(limit)
        except StoreError:
            return []

    def export_source(self) -> ExportSource:
        """The consult as it is now (not as it is when the export is written), for an export. A
        resumed consult in the session store is exported from the store: its earlier turns are not
        read here (on the terminal UI's thread, from the store as they are shown)."""
        partial = self.earlier is not None and self.sessions is not None and self.session_id is not None
        events = list(self.events) if partial else [*self.history, *self.events]
        return ExportSource(events, self.state.persona, self.session_id, self.sessions, partial)

    def close(self) -> None:
        if self.recorded_consult is not None:
            self.recorded_consult.close()

