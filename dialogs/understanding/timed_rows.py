"""Rows stamped with a clock time ("09:00 HFNC 40 L | 06:00 4L NC | 03:00 RA", "no pressors at
02:00"): which row is now, for the vasopressors and for the oxygen support.

The last thing written is now, as everywhere in the reader, unless the rows say otherwise:

- a row said to be now ("levo 0.08 currently", "now on HFNC") is now, and the other time-stamped
  rows of that support are earlier, except one after it that says it came later ("then at 0530 ...
  put on 15L NRB");
- a table said to be written newest first ("O2 (newest first): ..."), or rows whose clock times fall
  one after another within half a day going backwards, has its first row now;
- rows whose times go forwards within half a day: the last is now (nothing changes); round midnight,
  rows at most six hours apart go one way too ("2100 ...; 0000 ...; 0300 ...");
- otherwise, where the stamped row written last says less support than one written before it (off, room
  air, a lower device), the order cannot be told and the support is asked ("never a lower grade").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from dialogs.understanding import terms as kinds
from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.clauses import Clause
from dialogs.understanding.patterns import Words, compile_words
from knowledge.grading import OXYGEN_GRADE

if TYPE_CHECKING:
    from dialogs.understanding.utterance import Term

Span = tuple[int, int]

# "09:00", "9:30", "at 0200", "@0400", "6am", "11 pm" anywhere; "0300:" or "2200 " where a row starts
_CLOCK = re.compile(
    r"(?<![0-9.,:/])(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?![0-9]|[.,]\d)"
    r"|(?<![a-z])(?:at|@|since|from|until|by) ?(?P<h4>[01]\d|2[0-3])(?P<m4>[0-5]\d) ?(?:h|hrs|hr)?(?![0-9.,a-z])"
    r"|(?<![0-9.,:])(?P<h12>1[0-2]|0?[1-9]) ?(?P<half>am|pm)(?![a-z])",
    re.ASCII,
)
_ROW_START = re.compile(  # after a heading too ("Flowsheet: 0800 HFNC 40L")
    r"(?:[a-z][a-z0-9 ()/-]{0,30}: ?)?[ *:\-]{0,3}(?P<h4>[01]\d|2[0-3])(?P<m4>[0-5]\d) ?(?:h|hrs|hr)?(?=[ :)\-]|$)"
    r"(?! ?(?:ml|cc|mg|mcg|l |units?|u |x))",
    re.ASCII,
)
_HALF_DAY = 12 * 60
_PART_BREAK = re.compile(r"[;|.\n]")  # between two clauses: the later one starts a part of its own
_STEP = 6 * 60  # rows at most this far apart go one way round the clock, across midnight too
_LATER_REACH = 12  # characters before a row searched for "then"
_DOMAINS = {
    kinds.VASOPRESSOR: "hypotension", kinds.PRESSOR_GENERIC: "hypotension",
    kinds.OXYGEN_DEVICE: "oxygen", kinds.ROOM_AIR: "oxygen",
}
# a row's support, as the least grade it implies: off or room air 0, vasopressin alone 1
_SUPPORT_GRADE = {"cannula": OXYGEN_GRADE["low-flow"]}


@dataclass(frozen=True)
class Rows:
    """Per slot, the spans of rows read as earlier than now, and the rows whose order could not be told
    (slot, first row's start, last row's start, end)."""

    earlier: tuple[tuple[str, int, int], ...] = ()
    unordered: tuple[tuple[str, int, int, int], ...] = ()


NO_ROWS = Rows()


@cache
def _words(key: str) -> Words:
    return compile_words(vocab.words("timed_rows", key))


def _minutes(m: re.Match[str]) -> int:
    if "h" in m.re.groupindex and m.group("h") is not None:
        return int(m.group("h")) * 60 + int(m.group("m"))
    if m.group("h4") is not None:
        return int(m.group("h4")) * 60 + int(m.group("m4"))
    hour = int(m.group("h12")) % 12 + (12 if m.group("half") == "pm" else 0)
    return hour * 60


@dataclass
class _Row:
    time: int | None
    start: int  # the first clause's start
    end: int  # the last clause's end
    terms: list[Term]


def _level(term: Term) -> int:
    if term.negated or term.kind == kinds.ROOM_AIR:
        return 0
    if term.kind == kinds.OXYGEN_DEVICE:
        support = vocab.device(term.name).support
        return _SUPPORT_GRADE.get(support, OXYGEN_GRADE.get(support, 0))
    return 1 if term.name == "vasopressin" else 3


def _rows(text: str, clauses: Sequence[Clause], grouped: Sequence[Sequence[Term]], slot: str) -> list[_Row]:
    """The clauses holding a term of `slot`, grouped by the clock time they fall under: the first
    time in a clause, or the one of the clause before it in the same part of the line."""
    rows: list[_Row] = []
    time: int | None = None
    anchor = -1
    for index, clause in enumerate(clauses):
        clock = _ROW_START.match(text, clause.start, clause.end) or _CLOCK.search(text, clause.start, clause.end)
        part_break = index == 0 or _PART_BREAK.search(text, clauses[index - 1].end, clause.start + 1) is not None
        if clock is not None:
            time, anchor = _minutes(clock), index
        elif part_break:
            time, anchor = None, index
        terms = [t for t in grouped[index] if _DOMAINS.get(t.kind) == slot and not t.past]
        if not terms:
            continue
        if rows and rows[-1].start == clauses[anchor].start and rows[-1].time == time:
            rows[-1].end, rows[-1].terms = clause.end, [*rows[-1].terms, *terms]
        else:
            rows.append(_Row(time, clauses[anchor].start, clause.end, terms))
    return rows


def _steps(times: Sequence[int]) -> str | None:
    """ "forwards" or "backwards" when every step goes that way: within half a day in all, or
    round midnight in steps of at most six hours ("2100 ...; 0000 ...; 0300 ...")."""
    if len(times) < 2 or len(set(times)) != len(times):
        return None
    pairs = list(itertools.pairwise(times))
    ahead = [(b - a) % (24 * 60) for a, b in pairs]
    if (all(a < b for a, b in pairs) and times[-1] - times[0] < _HALF_DAY) or all(d <= _STEP for d in ahead):
        return "forwards"
    behind = [(a - b) % (24 * 60) for a, b in pairs]
    if (all(a > b for a, b in pairs) and times[0] - times[-1] < _HALF_DAY) or all(d <= _STEP for d in behind):
        return "backwards"
    return None


def _says_more(row: _Row, now: Sequence[_Row]) -> bool:
    """The row names more support than the rows said to be now: a higher device, or an agent they do not name."""
    now_terms = [t for r in now for t in r.terms]
    if max(_level(t) for t in row.terms) > max(_level(t) for t in now_terms):
        return True
    running = {t.name for t in now_terms if not t.negated}
    return any(t.kind == kinds.VASOPRESSOR and not t.negated and t.name not in running for t in row.terms)


def _span(row: _Row) -> tuple[int, int]:
    return row.start, row.end


def read(text: str, clauses: Sequence[Clause], grouped: Sequence[Sequence[Term]]) -> Rows:
    if _CLOCK.search(text) is None and not any(_ROW_START.match(text, c.start, c.end) for c in clauses):
        return NO_ROWS  # most lines stamp nothing with a clock time
    earlier: list[tuple[str, int, int]] = []
    unordered: list[tuple[str, int, int, int]] = []
    for slot in ("hypotension", "oxygen"):
        rows = _rows(text, clauses, grouped, slot)
        timed = [r for r in rows if r.time is not None]
        if len(rows) < 2 or not timed:
            continue
        now = [r for r in rows if _words("now").search(text, r.start, r.end)]
        heading = _words("newest_first").search(text, 0, timed[0].end)
        steps = _steps([r.time for r in timed if r.time is not None]) if len(timed) == len(rows) else None
        if now:
            later = [r for r in timed if r.start > now[0].start  # "then" may end the clause before the row
                     and _words("later").search(text, max(0, r.start - _LATER_REACH), r.end)]
            rest = [r for r in timed if all(r is not n for n in (*now, *later))]
            # a stamped row after the one said to be now that says more (a higher device, another agent),
            # with nothing that says it came later: the order cannot be told, so it is asked, never dropped
            more = [r for r in rest if r.start > now[0].start and _says_more(r, now)]
            earlier += [(slot, *_span(r)) for r in rest if r not in more]
            unordered += [(slot, now[0].start, r.start, r.end) for r in more]
        elif heading is not None or steps == "backwards":
            earlier += [(slot, *_span(r)) for r in timed[1:]]
        elif steps == "forwards":
            continue
        else:
            last, before = rows[-1], rows[:-1]
            lower = max(_level(t) for t in last.terms) < max(_level(t) for r in before for t in r.terms)
            untimed_earlier = any(r.time is None and _words("earlier").search(text, r.start, r.end) for r in before)
            if lower and last.time is not None and not untimed_earlier:
                unordered.append((slot, before[0].start, last.start, last.end))
    return Rows(tuple(earlier), tuple(unordered))
