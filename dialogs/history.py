"""The undo history of a consult (`State.history`): a persistent stack of snapshots.

An answer pushes one snapshot and `back` pops one; both share everything below, so neither
copies the history (it grows by about one snapshot an answer). A snapshot may be given as a
function that builds it (`push_later`), called the first time the snapshot is read: a resumed
consult's history is read from the store that way, and only `back` reads it, one level at a time.

It is a Sequence (oldest first) and equals any History or tuple holding the same snapshots.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

if TYPE_CHECKING:
    from dialogs.state import Snapshot


class History(Sequence["Snapshot"]):
    """Empty (`History()`), or a top snapshot above the rest (`below`)."""

    __slots__ = ("_below", "_item", "_len", "_make")

    def __init__(self, below: History | None = None, item: Snapshot | None = None,
                 make: Callable[[], Snapshot] | None = None) -> None:
        self._below = below
        self._item = item
        self._make = make
        self._len: int = 0 if below is None else len(below) + 1

    @classmethod
    def of(cls, snapshots: Sequence[Snapshot]) -> History:
        """A history holding these snapshots, oldest first."""
        history = EMPTY
        for snapshot in snapshots:
            history = history.push(snapshot)
        return history

    def push(self, snapshot: Snapshot) -> History:
        return History(self, snapshot)

    def push_later(self, make: Callable[[], Snapshot]) -> History:
        """This history with one more snapshot on top, built by `make()` when first read."""
        return History(self, None, make)

    @property
    def below(self) -> History:
        """The history without its top snapshot (IndexError when empty)."""
        if self._below is None:
            raise IndexError("the undo history is empty")
        return self._below

    def pop(self) -> History:
        return self.below

    @property
    def top(self) -> Snapshot:
        """The newest snapshot (IndexError when empty); built now if it was pushed for later."""
        if self._below is None:
            raise IndexError("the undo history is empty")
        if self._make is not None:
            self._item, self._make = self._make(), None
        assert self._item is not None
        return self._item

    def __len__(self) -> int:
        return self._len

    def __bool__(self) -> bool:
        return self._below is not None

    def _nodes(self) -> list[History]:
        """The non-empty levels, newest first."""
        out = []
        node = self
        while node._below is not None:
            out.append(node)
            node = node._below
        return out

    def __iter__(self) -> Iterator[Snapshot]:
        return (node.top for node in reversed(self._nodes()))

    def __reversed__(self) -> Iterator[Snapshot]:
        return (node.top for node in self._nodes())

    @overload
    def __getitem__(self, index: int) -> Snapshot: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Snapshot, ...]: ...

    def __getitem__(self, index: int | slice) -> Snapshot | tuple[Snapshot, ...]:
        if isinstance(index, slice):
            return tuple(self)[index]
        position = index + self._len if index < 0 else index
        if not 0 <= position < self._len:
            raise IndexError("undo history index out of range")
        node = self
        for _ in range(self._len - 1 - position):
            node = node.below
        return node.top

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, History | tuple):
            return NotImplemented
        return len(self) == len(other) and tuple(self) == tuple(other)

    __hash__: Any = None  # snapshots hold dicts: a history is not hashable, as a tuple of them is not

    def __repr__(self) -> str:
        return f"History({list(self)!r})"


EMPTY = History()
