"""One utterance prepared for the slot readers: its text, clauses and terms with negation."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, cached_property

from dialogs.understanding import terms as kinds
from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.clauses import SENTENCE_END, Clause, joining_words, split
from dialogs.understanding.negation import after_cue_end, asked_at, negated_by, scope
from dialogs.understanding.patterns import Words, alternation, compile_words
from dialogs.understanding.spans import Coverage
from dialogs.understanding.text import normalise
from dialogs.understanding.timed_rows import NO_ROWS, Rows
from dialogs.understanding.timed_rows import read as timed_rows

# Kinds whose "now" matters: a past mention ("was on levo") does not set the grade.
_NOW_KINDS = frozenset({kinds.VASOPRESSOR, kinds.PRESSOR_GENERIC, kinds.OXYGEN_DEVICE, kinds.ROOM_AIR})
_DANGLING_KINDS = frozenset({kinds.VASOPRESSOR, kinds.PRESSOR_GENERIC, kinds.OXYGEN_DEVICE, kinds.DRUG})
_WORD_CHARS = re.compile(r"[^.,;:!?|]")
_PAST_REACH = 40  # characters before a finding searched for "was on", "previously on"
# "was on levo + vaso", "yesterday night: norad 0.2 + adrenaline": joined, a dose between at most
_JOINED = re.compile(r"[ ]*(?:\d{1,3}(?:[.,]\d{1,3})? ?(?:mcg/kg/min|mcg/min|mcg|ug|units?/min)? ?)?"
                     r"(?:\+|&|/|,|and|plus)?[ ]*(?:a |the )?$", re.ASCII)


@dataclass(frozen=True)
class Term:
    kind: str
    name: str
    start: int
    end: int
    clause: int  # index into Utterance.clauses
    negated: bool
    span: tuple[int, int]  # the term with its negation cue, for phrases
    past: bool = False  # "was on levo", "from BiPAP to 6L": before, not now
    still_on: bool = False  # "was on levo and epi, epi now off": levo assumed still running


@dataclass(frozen=True)
class Utterance:
    original: str  # the input as read (capped); phrases are cut from it
    text: str  # normalised, same length
    clauses: tuple[Clause, ...]
    terms: tuple[Term, ...]
    expecting: str | None
    by_clause: tuple[tuple[Term, ...], ...]  # the terms of each clause
    clause_starts: tuple[int, ...]
    weight_kg: float | None = None  # known from this input or the consult, for mg/kg doses
    rows: Rows = NO_ROWS  # rows stamped with clock times: those earlier than now, and those in no order
    # vasopressors named only in a plan with no condition ("BP 85/50 after 2L, will start levo"): the
    # pressure is not one that needs no vasopressor
    planned_pressors: tuple[Term, ...] = ()

    def earlier_row(self, slot: str, pos: int) -> bool:
        """The position lies in a time-stamped row of `slot` read as earlier than now."""
        return any(s == slot and start <= pos < end for s, start, end in self.rows.earlier)

    @cached_property
    def term_coverage(self) -> Coverage:
        """The characters inside known terms ("on the vent" is no cue word "on")."""
        used = Coverage(len(self.text))
        for term in self.terms:
            used.add(term.start, term.end)
        return used

    def clause_index(self, pos: int) -> int:
        return _index(self.clause_starts, pos)

    def clause_at(self, pos: int) -> Clause:
        return self.clauses[self.clause_index(pos)]

    def of_kind(self, *wanted: str) -> list[Term]:
        return [t for t in self.terms if t.kind in wanted]

    def in_clause(self, clause: int, *wanted: str) -> list[Term]:
        return [t for t in self.by_clause[clause] if t.kind in wanted]


def _index(starts: Sequence[int], pos: int) -> int:
    return max(0, bisect_right(starts, pos) - 1)


_REASON_ON = re.compile(
    # ... or in brackets after the device started ("back on BiPAP at 0545 (sats 86 on HFNC)")
    r"(?:(?<![a-z])(?:for|because|after|due to|as|given)"
    r"(?: (?:of|the|a|an|his|her|low|worsening|increased|persistent))* |\( ?)"
    r"(?:[a-z0-9%.]+ ){0,5}?(?:sats?|spo2|sao2|desat[a-z]*|hypox[a-z]*|work of breathing|wob|resp(?:iratory)? distress"
    # "for sats 86% on NRB", "for sats in the 80s on NRB", "for work of breathing and sats 85 on NRB"
    r"|tachypn[a-z]*|dyspn[a-z]*)(?: (?:were|was|of|to|at|in the(?: low| high| mid)?|in|down to|dropping to))?"
    r"(?: ?[<>~]? ?\d{2,3}(?:'?s| ?%)?)?"
    r" (?:on|despite|off) (?:the )?(?:\d{1,2}(?:[.,]\d)? ?(?:(?:l|lpm|l/min|litres?|liters?)(?![a-z/]))? {0,2})?$",
    re.ASCII)
_WAS_SAT_ON = re.compile(
    r"(?<![a-z])(?:was|were|had been)(?: (?:sats?|spo2|satting|saturating))?(?: at)? {0,2}\d{2,3} ?%?"
    r" (?:on|with|despite) (?:the )?(?:\d{1,2}(?:[.,]\d)? ?(?:l|lpm|l/min|litres?|liters?) {0,2})?$", re.ASCII)
_NOT_YET = re.compile(r"(?<![a-z])(?:not yet|not|unable to|can't|cant|cannot|failed to|couldn't|could not|never)"
                      r" $", re.ASCII)
_BOTH = re.compile(r" *(?:both|all)(?![a-z])", re.ASCII)


@cache
def _dangling() -> re.Pattern[str]:
    time = (
        r"(?: {0,2}(?:for |since |x |at |by |@ ?)?(?:>|<|~)? ?(?:[01]?\d:[0-5]\d|\d{1,4})"
        r" ?(?:h|hrs?|hours?|d|days?|mins?|am|pm)?"
        r"| (?:this am|this morning|yesterday|overnight|today))?"
    )
    return re.compile(r" *" + alternation(vocab.words("negation", "dangling")) + time + r"[ .!]*$", re.ASCII)


@cache
def past_pattern() -> re.Pattern[str]:
    """ "was on", "previously on 4L", "weaned from": what was before, right before a finding."""
    flow = r"(?:\d{1,2}(?:[.,]\d)? ?(?:l|lpm|l/min|litres?|liters?) {1,2})?"  # "was on 2L NC"
    count = r"(?:(?:[2-4]|two|three|both|dual|multiple|several) {1,2})?"  # "was on 2 pressors"
    # "ex-noradrenaline": a cue ending in a hyphen needs no space after it
    return re.compile(alternation(vocab.words("negation", "past")) + r"(?:(?<=-) {0,2}| {1,2})(?:a |the )?" + count
                      + flow + "$", re.ASCII)


@cache
def _device_before() -> re.Pattern[str]:
    return re.compile(alternation(vocab.words("negation", "device_before")) + r"(?: [a-z0-9/.%-]+){0,4} ?$", re.ASCII)


@cache
def _passive() -> frozenset[str]:
    return frozenset(vocab.words("negation", "passive"))


@cache
def _passive_then() -> re.Pattern[str]:
    year = r"(?<![a-z0-9])(?:19|20)\d\d(?![0-9])"
    words = (*vocab.words("negation", "passive_then"), *vocab.words("negation", "history"))
    return re.compile(year + "|" + alternation(words), re.ASCII)


@cache
def _past_after() -> re.Pattern[str]:
    flow = r"(?: {0,2}\d{1,2}(?:[.,]\d)? ?(?:l|lpm|l/min|litres?|liters?)(?![a-z]))?"  # "NC 2L yesterday"
    return re.compile(flow + r" {0,2}(?:\(|, )?" + alternation(vocab.words("negation", "past_after")), re.ASCII)


@cache
def _off_then() -> re.Pattern[str]:
    """ "no pressors yesterday", "off phenylephrine for an hour earlier", "no vasopressors before
    toci": a few words, then a word of `negation.past_after` right after a negated vasopressor."""
    gap = r"(?:(?!until |till |since )[a-z0-9-]+ {1,2}){0,4}"
    words = (*vocab.words("negation", "past_after"), *vocab.words("negation", "off_then"))
    return re.compile(r"[ ,]{0,2}" + gap + alternation(words) + r"(?![a-z])", re.ASCII)


@cache
def _stop_event() -> Words:
    return compile_words(vocab.words("negation", "stop_events"))


@cache
def _conditional() -> Words:
    return compile_words(vocab.words("negation", "conditional"))


_PRESSOR_KINDS = frozenset({kinds.VASOPRESSOR, kinds.PRESSOR_GENERIC})


@cache
def _started() -> Words:
    return compile_words(vocab.words("negation", "past_after_not_with"))


_AFTER_KINDS = frozenset({kinds.OXYGEN_DEVICE, kinds.ROOM_AIR})


@cache
def _past_from() -> Words:
    return compile_words(vocab.words("negation", "past_from"))


@cache
def _past_to() -> Words:
    return compile_words(vocab.words("negation", "past_to"))


# ... or "off" alone at the end of its clause ("BP stable off", "normotensive off x 6h"): off the support
_OFF_SUPPORT = re.compile(r" {0,2}(?:(?:off|without|w/o) {1,2}(?:all |any )?[a-z]"
                          r"|off(?: (?:now|today|overnight|since \S+|x ?\d+ ?h\S*|for \d+ ?h\S*))?"
                          r" {0,2}(?:$|[,.;:|)\n]))",
                          re.ASCII)
# "hf 40", "hf 30/40", "hf 60/.6": "hf" with a flow right after it is high flow ("HF" alone, or "hx of
# HF", may be heart failure and is not read)
_HF_FLOW = re.compile(r"(?<![a-z0-9])hf(?= ?[1-9]\d(?![0-9.,%]|[.,]\d| ?%| ?ef(?![a-z])))", re.ASCII)


def _high_flow_typed(text: str, found: Sequence[kinds.Found]) -> list[kinds.Found]:
    return [kinds.Found(kinds.OXYGEN_DEVICE, "hfnc", m.start(), m.end()) for m in _HF_FLOW.finditer(text)
            if not any(f.start <= m.start() < f.end for f in found)]


_ON_AND = re.compile(r"(?<![a-z])on ?(?:and|&|/) ?$", re.ASCII)


@cache
def _not_started() -> Words:
    return compile_words(vocab.words("negation", "not_started"))


def _orders_not_started(text: str, grouped: list[list[Term]]) -> None:
    """ "Norepinephrine 4 mg/250 mL infusion - titrate to MAP > 65 (CRS order set, not started)": an
    order said further on in its sentence not to have started, before the next agent or device named."""
    if _not_started().search(text) is None:
        return  # most lines say nothing of the kind
    terms = sorted((t for group in grouped for t in group if t.kind in _DANGLING_KINDS), key=lambda t: t.start)
    stops: dict[Term, int] = {}
    for i, term in enumerate(terms):
        if term.negated:
            continue
        end = SENTENCE_END.search(text, term.end)
        after = [t for t in terms[i + 1 :]
                 # "Pressor order (norepinephrine ...) - not hung": the agent in brackets names the order
                 if not (term.kind == kinds.PRESSOR_GENERIC and "(" in text[term.end : t.start]
                         and ")" not in text[term.end : t.start])]
        limit = min(end.start() if end else len(text), after[0].start if after else len(text))
        cue = _not_started().search(text, term.end, limit)
        if cue is not None:
            stops[term] = cue.end()
    if stops:
        for index, group in enumerate(grouped):
            grouped[index] = [replace(t, negated=True, span=(t.span[0], stops[t])) if t in stops else t for t in group]


def _dangling_negations(text: str, clauses: Sequence[Clause], grouped: list[list[Term]]) -> None:
    """ "was on levo, now off": a clause that only says "off" negates what the clause before named."""
    for index in range(1, len(clauses)):
        clause = clauses[index]
        if grouped[index] or not _dangling().match(text, clause.start, clause.end):
            continue
        if asked_at(text, clause.end):
            continue  # "levo 0.1, off?": asked, not said
        if _ON_AND.search(text, clauses[index - 1].start, clause.start):
            continue  # "blow-by O2 on and off overnight": on part of the time, not stopped
        before = [t for t in grouped[index - 1] if t.kind in _DANGLING_KINDS and not t.negated]
        if not before:
            continue
        kind = before[-1].kind
        every = _BOTH.match(text, clause.start, clause.end) is not None  # "both weaned off at 16h"
        grouped[index - 1] = [
            replace(t, negated=True, span=(t.span[0], clause.end)) if t in before and (every or t.kind == kind) else t
            for t in grouped[index - 1]
        ]



@cache
def _history_words() -> Words:
    return compile_words(vocab.words("negation", "history"))


@cache
def _history_not_with() -> Words:
    return compile_words(vocab.words("negation", "history_not_with"))


def _history(text: str, clauses: Sequence[Clause], grouped: list[list[Term]]) -> None:
    """ "previous admission needed ICU for BiPAP": a clause said of an earlier admission, cycle or
    episode, that neither compares with it nor says now, tells a history."""
    for index, clause in enumerate(clauses):
        if _history_words().search(text, clause.start, clause.end) is None:
            continue
        # the clause and those joined to it by "and" ("last cycle she needed norepi and HFNC")
        joined = [index]
        while joined[-1] + 1 < len(clauses) and joining_words().fullmatch(
                text[clauses[joined[-1]].end : clauses[joined[-1] + 1].start].strip()):
            joined.append(joined[-1] + 1)
        if any(_history_not_with().search(text, clauses[i].start, clauses[i].end) for i in joined):
            continue
        for i in joined:
            grouped[i] = [replace(t, past=True) if t.kind in _NOW_KINDS else t for t in grouped[i]]


@cache
def _extubated() -> re.Pattern[str]:
    return re.compile(alternation(vocab.words("negation", "extubated")), re.ASCII)


@cache
def _extubated_not_after() -> re.Pattern[str]:
    return re.compile(alternation(vocab.words("negation", "extubated_not_after")) + r" {1,2}(?:[a-z]+ {1,2})?$",
                      re.ASCII)


@cache
def _extubated_not_then() -> re.Pattern[str]:
    return re.compile(r" {0,2}(?:[a-z0-9]+ {1,2}){0,2}" + alternation(vocab.words("negation", "extubated_not_then")),
                      re.ASCII)


def done_extubation(text: str) -> re.Match[str] | None:
    """The last extubation said as done ("extubated this am"), not planned, asked, denied, failed or a
    history ("to be extubated", "hasn't been extubated", "extubation attempt failed")."""
    done = None
    for found in _extubated().finditer(text):
        if (_extubated_not_after().search(text, max(0, found.start() - 24), found.start()) is None
                and _extubated_not_then().match(text, found.end()) is None
                and _passive_then().search(text, found.end(), min(len(text), found.end() + 30)) is None):
            done = found  # "extubated in 2019 after surgery", "... last month": a history, not this one
    return done


# "intubated 2 days for CRS", "ventilated for 3 days": an intubation said with how long it lasted
_LASTED = re.compile(r" {1,2}(?:for |x ?)?(?:\d{1,2}|one|two|three|four|five|six|seven|a few|several) ?"
                     r"(?:days?|d|nights?|weeks?|wks?)(?![a-z])", re.ASCII)


@cache
def _extubated_not_with() -> Words:
    return compile_words(vocab.words("negation", "extubated_not_with"))


# the ventilator's own names for an intubation again or one not ended ("reintubated", "not yet extubated")
_NOT_ENDED_NAME = re.compile(r"reintub|re-intub|extubat", re.ASCII)


def _ended_by_extubation(text: str, grouped: list[list[Term]]) -> None:
    """ "intubated for 2 days, extubated this am to 4L NC", "S: extubated this morning ... B: intubated
    2 days for CRS": a done extubation ends the plain intubation named before it, or after it with how
    long it lasted, unless one of `negation.extubated_not_with` is beside that mention."""
    done = done_extubation(text) if "xtubat" in text else None
    if done is None:
        return  # most lines extubate no one

    def ended(t: Term) -> bool:
        if t.kind != kinds.OXYGEN_DEVICE or t.name != "ventilator" or t.negated or t.start <= done.start() < t.end:
            return False
        if _NOT_ENDED_NAME.search(text, t.start, t.end):
            return False
        if t.start > done.start() and _LASTED.match(text, t.end) is None:
            return False  # "extubated D6 to 3L NC; D7 intubated": intubated again
        return _extubated_not_with().search(text, max(0, t.start - 14), min(len(text), t.end + 14)) is None

    for index, group in enumerate(grouped):
        grouped[index] = [replace(t, past=True) if ended(t) else t for t in group]


# "was on levo overnight, still on it", "needed CPAP overnight, remains on it": a clause that only says
# the support goes on
_STILL_ON_IT = re.compile(
    r" *(?:and )?(?:(?:she|he|pt|patient|they) (?:is |are |'s )?|(?:is|are) )?"
    r"(?:still|remains|remaining|continues|continuing|stays|staying|ongoing)(?: on)?"
    r"(?: (?:it|this|that|them|these|those|same|both|the same))?(?: now| at present| currently)?[ .!]*$",
    re.ASCII,
)


def _still_on_it(text: str, clauses: Sequence[Clause], grouped: list[list[Term]]) -> None:
    for index in range(1, len(clauses)):
        clause = clauses[index]
        if grouped[index] or not _STILL_ON_IT.match(text, clause.start, clause.end):
            continue
        start = clauses[index - 1].start
        # not the device a reason was measured on ("CPAP for sats in the 80s on NRB, remains on it")
        before = [t for t in grouped[index - 1] if t.kind in _DANGLING_KINDS and t.past and not t.negated
                  and not (t.kind == kinds.OXYGEN_DEVICE
                           and _REASON_ON.search(text, max(start, t.start - 60), t.start))]
        if not before:
            continue
        kind = before[-1].kind
        grouped[index - 1] = [replace(t, past=False, span=(t.span[0], clause.end))
                              if t in before and t.kind == kind else t for t in grouped[index - 1]]


# "levo and vaso both weaned off", "levo + vaso - both off now", "levo and vaso (both weaned)": "both"
# or "all" with a stop after the findings names every one of them before it, in its clause or, when it
# starts its own, the clause before.
_EVERY = re.compile(r"(?<![a-z])(?:both|all)(?: of them| (?:two|three|agents|pressors|drips|infusions))?(?![a-z])"
                    r"(?: {0,2}(?:now|since|then|been|were|are|have been)(?![a-z]))?", re.ASCII)


def _every_one_stopped(text: str, clauses: Sequence[Clause], grouped: list[list[Term]]) -> None:
    if "both" not in text and "all" not in text:
        return  # most lines say neither
    for match in _EVERY.finditer(text):
        index = _index(tuple(c.start for c in clauses), match.start())
        stop = after_cue_end(text, match.end(), clauses[index].end)
        if stop is None:
            continue
        first = index if grouped[index] and grouped[index][0].start < match.start() else index - 1
        if first < 0 or not grouped[first]:
            continue
        domain = _DOMAINS.get(grouped[first][-1].kind) if grouped[first][-1].start < match.start() else None
        indices = [first]  # "pressors (norepi, phenylephrine) both stopped": a list split over clauses
        while indices[0] > 0 and len(indices) < 4 and grouped[indices[0] - 1] and all(
                _DOMAINS.get(t.kind) == domain for t in grouped[indices[0] - 1]):
            indices.insert(0, indices[0] - 1)
        named = [t for i in indices for t in grouped[i]
                 if t.kind in _DANGLING_KINDS and not t.negated and t.start < match.start()]
        if not named or domain is None:
            continue
        for i in indices:
            grouped[i] = [replace(t, negated=True, span=(t.span[0], stop))
                          if t in named and _DOMAINS.get(t.kind) == domain else t for t in grouped[i]]


_SWITCHED = re.compile(r"(?<![a-z])(?:switched|changed|converted|swapped|transitioned|changing|switching)"
                       r"(?: over)? (?:to|onto)(?![a-z])", re.ASCII)


def _switched_from(text: str, clauses: Sequence[Clause], grouped: list[list[Term]], index: int) -> set[int]:
    """ "norad until 6h, now switched to metaraminol", "levo switched to vaso": what was switched from
    is past; the switch word, then an agent or device of the same domain, in this clause or the next."""
    found: set[int] = set()
    end = clauses[index + 1].end if index + 1 < len(clauses) else clauses[index].end
    later = [t for group in grouped[index : index + 2] for t in group]
    for i, term in enumerate(grouped[index]):
        domain = _DOMAINS.get(term.kind)
        if domain is None or term.kind not in _NOW_KINDS:
            continue
        switch = _SWITCHED.search(text, term.end, end)
        if switch is None or re.search(r"\. |;", text[term.end : switch.start()]):
            continue
        between = [t for t in later if term.end <= t.start < switch.start() and _DOMAINS.get(t.kind) == domain]
        target = [t for t in later if t.start >= switch.end() and _DOMAINS.get(t.kind) == domain]
        if not between and target and target[0].start - switch.end() < 12:
            found.add(i)
    return found


def _mark_past(text: str, clauses: Sequence[Clause], grouped: list[list[Term]]) -> None:
    """ "was on levo + vaso", "previously on BiPAP", "from HFNC to 4L": those findings are past."""
    switching = _SWITCHED.search(text) is not None  # most lines switch nothing
    for index, clause in enumerate(clauses):
        terms = grouped[index]
        past: set[int] = set()
        was_off: set[int] = set()  # "yesterday he was off all pressors": off then, nothing said of now
        previous_end: int | None = None
        before = grouped[index - 1] if index else []
        if before and before[-1].past and before[-1].kind in _NOW_KINDS and joining_words().search(
                text, before[-1].end, clauses[index].start + 1):
            previous_end = before[-1].end  # "yesterday night: norad 0.2 + adrenaline": the "+" ended a clause
        for i, term in enumerate(terms):
            if term.kind not in _NOW_KINDS:
                previous_end = None
                continue
            cue = past_pattern().search(text, max(clause.start, term.start - _PAST_REACH), term.start)
            if cue and _NOT_YET.search(text, max(clause.start, cue.start() - 16), cue.start()):
                cue = None  # "not yet weaned from CPAP": still on it
            if (cue and cue.group().strip() in _passive() and text[term.start : term.end].endswith("ed")
                    and not _passive_then().search(text, clause.start, clause.end)):
                cue = None  # "she was intubated": the event, and its result now ("... in 2019" stays past)
            # "intubated; 2L NC on admission"; "intubated yesterday" says when it began, not that it ended
            after = (term.kind in _AFTER_KINDS and not text[term.start : term.end].endswith("ed")
                     and _past_after().match(text, term.end, clause.end)
                     and not _started().search(text, clause.start, term.start))
            # "on levo 0.1, no pressors yesterday": off then, nothing said of now
            # "hypotensive when levo paused": a condition, not a stop
            off_then = term.kind in _PRESSOR_KINDS and term.negated and not cue and (
                (_off_then().match(text, term.span[1], clause.end) is not None
                 and _stop_event().search(text, term.span[0], term.span[1]) is None)
                or _conditional().search(text, clause.start, min(term.start, term.span[0])) is not None)
            # "BiPAP started for sats 86% on NRB": the device the reason was measured on, after the new one
            # ("for work of breathing and sats 85 on NRB": the reason may start in the clause before "and")
            reason_from = (clauses[index - 1].start if index and joining_words().fullmatch(
                text[clauses[index - 1].end : clause.start].strip()) else clause.start)
            # "started BiPAP - was 90% on 15L NRB", "was sats 85 on NRB": the support a saturation was before
            # ... when another support is named too ("Sat was 89% on 15L NRB when I reviewed": still on it)
            after = after or (term.kind in _AFTER_KINDS and _WAS_SAT_ON.search(
                text, max(clause.start, term.start - 40), term.start) is not None and any(
                t.kind == kinds.OXYGEN_DEVICE and not t.negated and t.start != term.start
                for group in grouped for t in group))
            after = after or (term.kind == kinds.OXYGEN_DEVICE and _REASON_ON.search(
                text, max(reason_from, term.start - 60), term.start) is not None and any(
                t.kind == kinds.OXYGEN_DEVICE and not t.negated and t.end <= term.start
                for group in grouped[max(0, index - 2) : index + 1] for t in group))
            # "intubated overnight after a trial of HFNC": a device a few words after "after", following
            # another device in its clause, came before it
            after = after or (term.kind == kinds.OXYGEN_DEVICE and any(
                t.kind == kinds.OXYGEN_DEVICE and not t.negated and t.end <= term.start for t in terms[:i])
                and _device_before().search(text, max(clause.start, term.start - 40), term.start) is not None)
            if cue or after or off_then or (previous_end is not None and _JOINED.match(text, previous_end, term.start)):
                past.add(i)
                if (cue and "off" in cue.group().split()) or off_then:
                    was_off.add(i)
                previous_end = term.end
            else:
                previous_end = None
        if switching:
            past |= _switched_from(text, clauses, grouped, index)
        start = _past_from().search(text, clause.start, clause.end)
        end = _past_to().search(text, start.end(), clause.end) if start else None
        if start and end:
            past |= {i for i, t in enumerate(terms) if start.end() <= t.start < end.start() and t.kind in _NOW_KINDS}
        to = _past_to().search(text, clause.start, clause.end)
        since = _past_from().search(text, to.end(), clause.end) if to else None
        if to and since and not any(to.end() <= t.start < since.start() and t.kind in _NOW_KINDS for t in terms):
            since = None  # "unable to wean from CPAP": nothing named after "to", so "from" does not say before
        if to and since and not end:  # "weaned to 2L NC from NRB": what comes after "from" was before
            past |= {i for i, t in enumerate(terms) if t.start >= since.end() and t.kind in _NOW_KINDS}
        if past:
            grouped[index] = [
                replace(t, past=True, negated=False if i in was_off else t.negated) if i in past else t
                for i, t in enumerate(terms)
            ]


_DOMAINS = {kinds.VASOPRESSOR: "pressor", kinds.PRESSOR_GENERIC: "pressor", kinds.OXYGEN_DEVICE: "oxygen",
            kinds.OXYGEN_GENERIC: "oxygen", kinds.ROOM_AIR: "oxygen", kinds.FLUID: "fluid"}
_LIST_JOINER = re.compile(r"[,/&+]|(?<![a-z])(?:or|nor|and|n)(?![a-z])", re.ASCII)


def _other_domain_between(text: str, found: Sequence[kinds.Found], cue_start: int, term: kinds.Found) -> bool:
    """A negated term with a term of another domain between it and its cue, not joined to it as a
    list ("no pressors or O2" is one list; "no pressors 4L NC" is not)."""
    domain = _DOMAINS.get(term.kind)
    if domain is None:
        return False
    between = [f for f in found if cue_start <= f.start and f.end <= term.start and _DOMAINS.get(f.kind)]
    if not between or all(_DOMAINS[f.kind] == domain for f in between):
        return False
    last_other = max((f for f in between if _DOMAINS[f.kind] != domain), key=lambda f: f.end)
    return not _LIST_JOINER.search(text, last_other.end, term.start)


def _unjoined_agent_between(text: str, found: Sequence[kinds.Found], cue_end: int, term: kinds.Found) -> bool:
    """A negated vasopressor with another one between it and its cue and no list joining them, as
    dictation writes it ("no epi levo and neo running", "off neo levo at ten"): the "no" is the
    first one's only."""
    if term.kind != kinds.VASOPRESSOR:
        return False
    chain = [f for f in found if cue_end <= f.start and f.end <= term.start and f.kind == kinds.VASOPRESSOR]
    ends = [f.end for f in chain]
    starts = [f.start for f in chain[1:]] + [term.start]
    return bool(chain) and any(not _LIST_JOINER.search(text, e, s) for e, s in zip(ends, starts, strict=True))


@cache
def _without() -> re.Pattern[str]:
    return re.compile(alternation(vocab.words("negation", "without")) + r"(?![a-z])", re.ASCII)


@cache
def _needed_without() -> Words:
    return compile_words(vocab.words("negation", "needed_without"))


def _needed_without_it(text: str, clause: Clause, cue_start: int, term: kinds.Found) -> bool:
    """ "not normotensive without norad", "he crashes without the noradrenaline": "without" a
    vasopressor in a clause that says it cannot do without it; the agent runs."""
    if term.kind not in _PRESSOR_KINDS or not _without().match(text, cue_start):
        return False
    return _needed_without().search(text, clause.start, clause.end) is not None


@cache
def _brief() -> re.Pattern[str]:
    # a few minutes first, or nothing: "off 2 min for syringe change", "off for meals"
    return re.compile(r"(?: {0,2}\d{1,3} ?(?:min|mins|minutes|sec|secs))? {0,2}"
                      + alternation(vocab.words("negation", "brief_stop")) + r"(?![a-z])", re.ASCII)


def _brief_stop(text: str, negation: tuple[int, int], term: kinds.Found) -> bool:
    """ "epi off for line change", "off BiPAP for meals": a short break, not a stop; the agent or
    device runs."""
    if term.kind not in (kinds.VASOPRESSOR, kinds.OXYGEN_DEVICE):
        return False
    return _brief().match(text, max(negation[1], term.end)) is not None


_STOPPED_BEFORE = {
    kinds.VASOPRESSOR: (kinds.VASOPRESSOR,),
    kinds.OXYGEN_DEVICE: (kinds.OXYGEN_DEVICE,),
    kinds.RESTARTED: (kinds.VASOPRESSOR, kinds.PRESSOR_GENERIC),
}


def _cue_of_the_one_before(text: str, found: Sequence[kinds.Found], cue_start: int, term: kinds.Found) -> bool:
    """A stop word right after one vasopressor or oxygen device, then another of the same domain,
    as dictation writes it ("vaso stopped levo running", "epi weaned off norepinephrine at 0.1",
    "BiPAP off 4L NC"), and a restart after it ("levo off at 6 restarted at 9"): the stop is the
    first one's, not the next one's."""
    before = _STOPPED_BEFORE.get(term.kind)
    if before is None:
        return False
    for f in found:
        if f.end > cue_start:
            break
        if f.kind in before and ":" not in text[f.end : cue_start]:  # "Pressors: off norepi" is no stop of its own
            stop = after_cue_end(text, f.end, term.start)
            if stop is not None and stop > cue_start:
                return True
    return False


# What a change went to, right before a term: "off BiPAP to 4L NC", "off HFNC -> 2L NC", "onto"
_TO_DESTINATION = re.compile(
    r" {1,2}(?:to|onto|->|=>|\u2192) {1,2}(?:\d{1,2}(?:[.,]\d)? ?(?:l|lpm|liters?|litres?) {1,2})?$", re.ASCII
)


def _destination(text: str, found: Sequence[kinds.Found], cue: int, term: kinds.Found) -> bool:
    """A term of the same domain negated by the cue comes right before "to" and `term`: `term` is what
    the change went to ("weaned off BiPAP to 4L NC"), not something stopped."""
    domain = _DOMAINS.get(term.kind)
    return any(cue <= f.start and f.end <= term.start and _DOMAINS.get(f.kind) == domain
               and _TO_DESTINATION.fullmatch(text, f.end, term.start) is not None for f in found)


_BOLUS_CUE = re.compile(r"(?<![a-z])(?:bolus|boluses|push|pushes)(?![a-z])", re.ASCII)
_INFUSION_AFTER = re.compile(r"[^.;|]{0,30}?(?<![a-z])(?:then|now|and|followed by|->)[^.;|]{0,20}?(?<![a-z])"
                             r"(?:infusion|infusing|gtt|drip|started|running)(?![a-z])", re.ASCII)


def _boluses_then_infusion(text: str, negation: tuple[int, int], term: kinds.Found) -> bool:
    """The boluses of an agent that then runs as an infusion ("metaraminol 0.5mg boluses x3 then infusion")."""
    cue = _BOLUS_CUE.search(text, term.end, negation[1])
    return cue is not None and negation[0] == term.start and _INFUSION_AFTER.match(text, cue.end()) is not None


def _not_this_terms(
    text: str, found: Sequence[kinds.Found], clause: Clause, negation: tuple[int, int], term: kinds.Found
) -> bool:
    """The negation the cue scope gave `term` is not the term's own, as one of these says."""
    cue = negation[0]
    return (
        _other_domain_between(text, found, cue, term)  # "no pressors 4L NC": the pressors' "no"
        or _unjoined_agent_between(text, found, cue, term)  # "no epi levo and neo running"
        or _cue_of_the_one_before(text, found, cue, term)  # "vaso stopped levo running"
        or _needed_without_it(text, clause, cue, term)  # "crashes without the noradrenaline"
        or _brief_stop(text, negation, term)  # "epi off for line change"
        or _destination(text, found, cue, term)  # "weaned off BiPAP to 4L NC"
        or _boluses_then_infusion(text, negation, term)  # "metaraminol 0.5mg boluses x3 then infusion"
        # "off this morning back on levo": a restart between the stop and the agent ends the stop
        or any(cue <= r.start and r.end <= term.start for r in found if r.kind == kinds.RESTARTED)
    )


def _rest_of_a_past_list(grouped: list[list[Term]]) -> None:
    """ "was on levo and epi, epi now off": one agent of a list said to be past is then said to be off
    by name; the others of the list, named nowhere after, still run ("never a lower grade")."""
    terms = [t for group in grouped for t in group if t.kind == kinds.VASOPRESSOR]
    stopped = [t for t in terms if t.negated and not t.past]
    if not stopped or not any(t.past for t in terms):
        return  # most lines stop nothing after a past list
    for stop in stopped:
        listed = [t for t in terms if t.past and t.end <= stop.start and t.name == stop.name]
        if not listed:
            continue
        clause = listed[-1].clause
        named_after = {t.name for t in terms if t.start > listed[-1].end and t is not stop}
        rest = [t for t in grouped[clause] if t.kind == kinds.VASOPRESSOR and t.past and t.name != stop.name
                and t.name not in named_after and not t.negated]
        if rest:
            grouped[clause] = [replace(t, past=False, still_on=True) if t in rest else t for t in grouped[clause]]


@cache
def _baseline() -> Words:
    return compile_words(vocab.words("oxygen", "baseline"))


def _less_oxygen(term: Term) -> bool:
    """Room air, or oxygen or a device said not to be used."""
    if term.kind == kinds.ROOM_AIR:
        return not term.negated
    return term.kind in (kinds.OXYGEN_GENERIC, kinds.OXYGEN_DEVICE) and term.negated


def _baseline_oxygen(text: str, clauses: Sequence[Clause], grouped: list[list[Term]]) -> None:
    """ "2L NC (not on home O2)", "on 5L; normally on RA": room air or no oxygen said of the patient's
    baseline is before, not the support now ("never a lower grade")."""
    if _baseline().search(text) is None:
        return  # most lines say nothing of a baseline
    for index, group in enumerate(grouped):
        clause = clauses[index]
        if any(_less_oxygen(t) for t in group) and any(
                not _measured_at_home(text, cue) for cue in _baseline().finditer(text, clause.start, clause.end)):
            grouped[index] = [replace(t, past=True) if _less_oxygen(t) else t for t in group]


@cache
def _home_measure() -> re.Pattern[str]:
    return re.compile(r" {1,2}" + alternation(vocab.words("oxygen", "home_saturation")), re.ASCII)


def _measured_at_home(text: str, cue: re.Match[str]) -> bool:
    """ "home pulse ox 96% RA": a saturation measured at home now, not the patient's baseline."""
    return cue.group().strip() == "home" and _home_measure().match(text, cue.end()) is not None


# "now norepi only", "now just levo", "now on levo alone": the agents named now are all that run
_NOW_ONLY_BEFORE = re.compile(r"(?<![a-z])(?:now|weaned to|weaned down to|down to|reduced to)(?: on)?(?: (?:just|only))"
                              r"(?: on)? {1,2}$", re.ASCII)  # "norepi + epi weaned to just norepi 0.04"
_NOW_BEFORE = re.compile(r"(?<![a-z])now(?: on)? {1,2}$", re.ASCII)
_ONLY_AFTER = re.compile(r"(?: {0,2}\d{0,2}[.,]?\d{0,3})? {0,2}(?:only|alone)(?![a-z])", re.ASCII)


def _only_those_now(text: str, grouped: list[list[Term]]) -> None:
    """ "norepi + epi overnight, now norepi only 0.04": agents named before and not among those said to
    run alone now are past."""
    if not ("now" in text or " to " in text) or not ("only" in text or "alone" in text or "just" in text):
        return  # most lines say no such thing
    agents = [t for group in grouped for t in group if t.kind == kinds.VASOPRESSOR and not t.negated and not t.past]
    for term in agents:
        lead = _NOW_ONLY_BEFORE.search(text, max(0, term.start - 20), term.start)
        alone = _NOW_BEFORE.search(text, max(0, term.start - 12), term.start) and _ONLY_AFTER.match(text, term.end)
        if not (lead or alone):
            continue
        since = lead.start() if lead else term.start  # "norepi + epi weaned to just norepi": in its clause too
        named_now = {t.name for t in agents if t.clause == term.clause and t.start >= since}
        for index, group in enumerate(grouped[: term.clause + 1]):
            grouped[index] = [replace(t, past=True) if t in agents and t.name not in named_now and t.end <= since
                              else t for t in group]


def prepare(
    original: str,
    expecting: str | None,
    *,
    blank: Sequence[tuple[int, int]] = (),
    weight_kg: float | None = None,
    normal: str | None = None,
    planned: Sequence[tuple[int, int]] = (),
) -> Utterance:
    """`blank`: spans that read nothing (a question's proposals, "should we give toci?");
    `normal`: `original` already normalised; `planned`: the blank spans that are plans."""
    text = normalise(original) if normal is None else normal
    pressors = _planned_pressors(text, planned) if planned else ()
    for start, end in blank:  # the words go; the punctuation stays, so clauses still end where they did
        text = text[:start] + _WORD_CHARS.sub(" ", text[start:end]) + text[end:]
    found = kinds.find(text)
    if "hf" in text:  # "39.2 levo .08 hf 40": high flow as typed in a hurry, with its flow right after
        found = sorted([*found, *_high_flow_typed(text, found)], key=lambda f: f.start)
    clauses = split(text, [(f.start, f.end) for f in found if f.kind in kinds.AGENT_KINDS])
    cues = scope(text, [(f.start, f.end) for f in found])
    starts = tuple(c.start for c in clauses)
    grouped: list[list[Term]] = [[] for _ in clauses]
    for f in found:
        index = _index(starts, f.start)
        negation = negated_by(cues, clauses[index], f.start, f.end)
        if negation is not None and _not_this_terms(text, found, clauses[index], negation, f):
            negation = None
        if negation is not None and f.kind == kinds.NORMOTENSIVE and _OFF_SUPPORT.match(text, f.end):
            negation = None  # "BP ok off fluids", "BP fine off pressors": normal while off them
        term = Term(f.kind, f.name, f.start, f.end, index, negation is not None, negation or (f.start, f.end))
        grouped[index].append(term)
    _dangling_negations(text, clauses, grouped)
    _orders_not_started(text, grouped)
    _every_one_stopped(text, clauses, grouped)
    _mark_past(text, clauses, grouped)
    _history(text, clauses, grouped)
    _ended_by_extubation(text, grouped)
    _still_on_it(text, clauses, grouped)
    _baseline_oxygen(text, clauses, grouped)
    _rest_of_a_past_list(grouped)
    _only_those_now(text, grouped)
    by_clause = tuple(tuple(group) for group in grouped)
    terms = [t for group in by_clause for t in group]
    rows = timed_rows(text, clauses, by_clause)
    return Utterance(original, text, clauses, tuple(terms), expecting, by_clause, starts, weight_kg, rows, pressors)


@cache
def _to_start() -> Words:
    return compile_words(vocab.words("negation", "start_verbs"))



@cache
def _plan_condition() -> Words:
    return compile_words(vocab.words("negation", "conditional"))


def _planned_pressors(text: str, planned: Sequence[tuple[int, int]]) -> tuple[Term, ...]:
    """The vasopressors named in plans said with no condition ("will start levo", not "levo if MAP < 65")."""
    agents = [f for f in kinds.find(text) if f.kind == kinds.VASOPRESSOR]
    found = []
    for start, end in planned:
        sentence_end = SENTENCE_END.search(text, end)
        # the condition anywhere in the plan's sentence ("start levo and vaso if no response to 3rd bolus")
        upto = sentence_end.start() if sentence_end else len(text)
        if _plan_condition().search(text, start, upto) or not _to_start().search(text, start, end):
            continue  # "norepi if MAP < 65"; "norepi ready at the bedside": no start said
        found += [Term(f.kind, f.name, f.start, f.end, 0, False, (f.start, f.end)) for f in agents
                  if start <= f.start and f.end <= end]
    return tuple(found)
