"""The undo history is a persistent stack: an answer pushes one snapshot and `back` pops one
without copying the rest, a snapshot given for later is built only when read, and a history
equals the tuple of its snapshots."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogs.engine import begin, step
from dialogs.history import EMPTY, History
from dialogs.state import Event, Snapshot


def snap(n: int) -> Snapshot:
    return Snapshot({"weight_kg": float(n)}, frozenset())


@given(st.lists(st.one_of(st.integers(0, 50), st.none()), max_size=40))
def test_push_and_pop_behave_as_a_tuple(operations: list[int | None]) -> None:
    """None pops (when there is something to pop), a number pushes its snapshot."""
    history, model = EMPTY, ()
    for op in operations:
        if op is None:
            if model:
                assert history.top == model[-1]
                history, model = history.pop(), model[:-1]
        else:
            history, model = history.push(snap(op)), (*model, snap(op))
        assert history == model and tuple(history) == model and len(history) == len(model)
        assert bool(history) == bool(model)
        assert list(reversed(history)) == list(reversed(model))
        for index in range(-len(model), len(model)):
            assert history[index] == model[index]
        assert history[1:-1] == model[1:-1]


def test_a_snapshot_given_for_later_is_built_once_when_first_read() -> None:
    built: list[int] = []

    def later(n: int) -> Snapshot:
        built.append(n)
        return snap(n)

    history = EMPTY.push_later(lambda: later(1)).push_later(lambda: later(2)).push(snap(3))
    assert built == [] and len(history) == 3 and history.top == snap(3)
    below = history.pop()
    assert built == [] and below.top == snap(2) and built == [2]
    assert below.top == snap(2) and built == [2]
    assert history == (snap(1), snap(2), snap(3)) and built == [2, 1]


def test_an_empty_history_has_nothing_to_read() -> None:
    assert not History() and History() == () and len(EMPTY) == 0
    with pytest.raises(IndexError):
        _ = EMPTY.top
    with pytest.raises(IndexError):
        EMPTY.pop()
    with pytest.raises(IndexError):
        History.of([snap(1)])[1]


def test_an_answer_does_not_copy_the_history() -> None:
    """Each answer keeps the previous history as it is, underneath its new snapshot."""
    state = begin()[0]
    for text in ["39", "one pressor", "room air"]:
        before = state.history
        state = step(state, Event("text", text))[0]
        assert state.history.pop() is before
    state = step(state, Event("text", "back"))[0]
    assert len(state.history) == 2
