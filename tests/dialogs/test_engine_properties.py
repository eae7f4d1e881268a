"""Whatever is typed, in any order, the consult never raises and can always be summarised."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogs.engine import assessment, begin, default_consult, replay, step, why_text
from dialogs.phrasing import summary
from dialogs.state import Event, State

COMMANDS = ["back", "/back", "restart", "why", "refs", "summary", "help", "quit", "/change oxygen", "change temp",
            "/change", "/nonsense", "unknown", "1", "2", "9", "yes", "no", "what dose of anakinra?", ""]
CLINICAL = ["Tmax 101.8F, levo + vaso, HFNC 40L", "afebrile", "s/p toci x2", "anakinra 100 mg q6h", "154 lb",
            "ANC 300", "confused", "team refuses steroids", "no pressors", "on 2 pressors", "6 L NC", "6.5 L NC",
            "actually she's on 4 L", "[red]x[/red]", "[@click=app.quit]hi[/]", "\x1b[2J\x1b]0;pwn\x07", "\x00\x07"]

inputs = st.one_of(
    st.sampled_from(COMMANDS + CLINICAL),
    st.text(max_size=200),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x2FFFF), max_size=50),
    st.builds(lambda s, n: s * n, st.sampled_from(["a", "levo ", "39 ", "?", "\n"]), st.integers(1, 20_000)),
)
events = st.one_of(
    inputs.map(lambda t: Event("text", t)),
    st.sampled_from([Event("persona", "trainee"), Event("persona", "clinician")]),
)


def summarisable(state: State) -> None:
    consult = default_consult()
    result = assessment(state, consult)
    text = summary(state.values, state.unknown, [q.slot for q in consult.spec.questions], result)
    assert text.startswith("Case so far:")
    assert why_text(result, consult).startswith("Grade basis:")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(events, max_size=12))
def test_any_sequence_never_raises_and_stays_summarisable(sequence: list[Event]) -> None:
    state, replies = replay(sequence)
    summarisable(state)
    assert all(r.kind in ("question", "info", "answer", "plan", "error") for r in replies)
    _, replies_again = replay(sequence)
    assert [r.to_dict() for r in replies_again] == [r.to_dict() for r in replies]


@settings(max_examples=40, deadline=None)
@given(st.lists(inputs, min_size=1, max_size=6))
def test_every_turn_gets_a_reply_until_quit(lines: list[str]) -> None:
    state, _ = begin()
    for line in lines:
        state, replies = step(state, Event("text", line))
        assert replies, f"no reply to {line[:40]!r}"
        if state.ended:
            break
