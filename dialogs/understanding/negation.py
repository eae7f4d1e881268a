"""Negation scope, NegEx-like: a cue ("no", "off", "denies") negates what follows it in its
clause until a terminator ("on", "now", "with"); a cue right after a term negates it
("toci not given", "pressors: none"). Cues inside a known phrase ("no concerns") are not cues.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.clauses import Clause
from dialogs.understanding.patterns import Words, alternation, compile_words

Span = tuple[int, int]
_SPACES = re.compile(r" *")
# "norad weaned to 0", "weaned to off": weaned to nothing is off, whatever "weaned to 0.05" says
_TO_NOTHING = re.compile(r" {0,2}(?:0(?![.,]?[0-9])|zero|off|nil|nothing)(?![a-z0-9])", re.ASCII)


@cache
def _before() -> Words:
    return compile_words(vocab.words("negation", "before"))


@cache
def _pseudo() -> Words:
    """The phrases that look like negation but are not, and a failed or denied stop ("cannot come
    off", "not weaned"): the cue of `still_on_cues` before a stop of `still_on_stops`."""
    pseudo, cues = vocab.words("negation", "pseudo"), vocab.words("negation", "still_on_cues")

    def source() -> str:
        still_on = alternation(cues) + " {1,2}" + alternation(vocab.words("negation", "still_on_stops"))
        return alternation(pseudo) + "|" + still_on + r"(?! {1,2}(?:to|onto)(?![a-z]))"

    return Words(source, (*pseudo, *cues))


@cache
def _terminators() -> Words:
    """The terminator words, a dash between words ("no longer on 4L NC - escalated to BiPAP") and an arrow
    ("pressors: nil -> levo 0.03 since 0415")."""
    words = vocab.words("negation", "terminators")
    return Words(lambda: alternation(words) + r"| (?:-{1,2}|–|—) |(?<=[a-z0-9 ])[–—]| ?(?:->|=>|\u2192) ?",
                 (*words, "-", "–", "—", "->", "=>", "\u2192"))


_JOINED = re.compile(r"(?:(?<![a-z])(?:or|nor|and|n)|[,/&+]) {0,2}$", re.ASCII)
_ONLY_BEFORE = re.compile(r"(?<![a-z])(?:just|only|merely|solely|simply) {1,2}(?:the |a )?$", re.ASCII)
# "no longer on norepi alone, epi added": what is no longer so is "alone", not the norepinephrine
_ALONE = re.compile(r" {0,2}(?:alone|only|by itself|on its own|monotherapy)(?![a-z])", re.ASCII)


@cache
def _after() -> re.Pattern[str]:
    linking = (
        r"(?:(?:was|were|is|are|has been|have been|been) {1,2})?"
        r"(?:(?:just|now|recently|since|already|finally|then|also) {1,2})?"  # "noradrenaline just weaned off"
    )
    # "levophed infusion - on hold", "norepinephrine 0.05 mcg/kg/min (off)": the infusion word, dose and rate first
    infusion = r"(?: {1,2}(?:infusion|drip|gtt|infusing|inf))?"
    # the route, a count and a frequency, before or after the dose: "Tocilizumab 8 mg/kg IV x1 -
    # not given", "Dexamethasone 10mg IV q6h - held"
    route = r"(?: {1,2}(?:iv|ivpb|sc|sq|subcut|po|im|x ?[1-4]|q ?[1-9][0-9]?h|bid|tid|qid|bd|tds|qds|od|daily|prn))?"
    # a dose, a rate, a concentration: "0.05 mcg/kg/min", "50 mg/250 mL @ 30 mL/h"
    # ... and a titration down to the stop: "levo 0.1 -> 0.05 -> 0.02 -> off"
    dose = (r"(?: {0,2}(?:(?:->|=>|\u2192) {0,2})?(?:at |@ ?)?\d{1,4}(?:[.,]\d{1,3})?"
            r" ?(?:mcg|ug|micrograms?|units?|u|mg|mls?)?(?: ?/ ?\d{0,4} ?(?:kg|mls?|l|min|h|hr|hour)){0,3}){0,4}")
    # "ICANS negative", "icans neg": only where the part ends
    ending = alternation(vocab.words("negation", "after_ending"))
    cue = rf"(?:{alternation(vocab.words('negation', 'after'))}|{ending}(?= {{0,2}}(?:$|[,;.|)\n])))"
    # "(off)", "(off 0400)", "(stopped at 0600)"; not "(held briefly, running again now)"
    bracketed = r"[ :=\-]{0,3}\( ?" + linking + cue + r"(?: (?:at |since |@ ?)?\d{1,2}:?\d{2}h?)? ?\)"
    stop = r"(?:" + bracketed + r"|[ :=\-]{0,3}" + linking + cue + ")"
    # the clock time of the order or of the record's entry: "acetaminophen 650 mg PO 1400 - HELD"
    clock = r"(?: {1,2}(?:at |@ ?)?(?:[01]\d|2[0-3]):?[0-5]\dh?(?![0-9]))?"
    return re.compile(infusion + route + dose + route + route + clock + stop, re.ASCII)


def after_cue_end(text: str, term_end: int, end: int) -> int | None:
    """Where the cue right after a term ending at `term_end` ends ("vaso stopped", "epi at 0.05
    weaned off"), looking no further than `end`; None when no cue follows the term."""
    after = _after().match(text, term_end, end)
    return after.end() if after and not asked_at(text, after.end()) else None


_ASKED = re.compile(r"[a-z ]{0,8}\?", re.ASCII)


def asked_at(text: str, pos: int) -> bool:
    """A question mark at `pos`, a few words on at most: what comes before it is asked, not said
    ("levo stopped?", "weaned off?", "tylenol?")."""
    return _ASKED.match(text, pos) is not None


# A record's field left blank or answered no after the term: "Epinephrine: --", "Epi gtt: N/A",
# "Norepinephrine (mcg/kg/min): 0", "Tocilizumab given: No", "Toci given? no", "O2 Device: none" - nothing
# running, given or worn
_BLANK_FIELD = re.compile(
    r"(?: ?\([^()]{0,24}\))?"
    r"(?: {1,2}(?:infusion|drip|gtt|rate|dose|given|administered|device|delivery|support|therapy|mode|modality|flow))?"
    r" ?[:=?] {0,2}"
    r"(?:-{1,3}|–|—|n/?a|nil|none|no|0(?:[.,]0{1,3})?(?![0-9]|[.,][0-9])|off|not running|not started|not given)"
    r" {0,2}(?=$|[|;,.(\n]|[a-z][a-z0-9 /()]{0,30}:)",
    re.ASCII,
)


# "NE 0 mcg/kg/min", "levo at 0": a dose of nothing is off
# (not "levo 0.o8", a letter o typed for a zero: a dose, not none)
_ZERO_DOSE = re.compile(r" {0,2}(?:at |@ ?|= ?|: ?)?0(?:[.,]0{1,3})?(?![.,]?[0-9o])(?! ?(?:%|l|lpm|/))", re.ASCII)


@dataclass(frozen=True)
class Scope:
    """The negation cues of one text: each cue's span and where the next word after it starts."""

    text: str
    cue_ends: tuple[int, ...]
    cue_starts: tuple[int, ...]
    next_word: tuple[int, ...]
    terminator_ends: tuple[int, ...]
    terminator_starts: tuple[int, ...]
    pseudo: tuple[Span, ...] = ()  # phrases that look like negation but are not ("weaned to 0.05")


def _next_word(text: str, pos: int) -> int:
    spaces = _SPACES.match(text, pos)
    return spaces.end() if spaces else pos


def scope(text: str, taken: Sequence[Span]) -> Scope:
    """Find the cues of `text`, leaving out those inside `taken` spans (known phrases)."""
    covered = bytearray(len(text) + 1)
    pseudo = tuple((m.start(), m.end()) for m in _pseudo().finditer(text))
    for start, end in [*taken, *pseudo]:
        covered[start:end] = b"\x01" * (end - start)
    cues = [m for m in _before().finditer(text) if not any(covered[m.start() : m.end()])]
    # a terminator that starts a known phrase ends the scope before it ("no toci bp ok ra": the "bp"
    # of "bp ok"), unless a joining word links the phrase to what the cue negates ("no pressors or
    # hypotension")
    starts = {start for start, _ in taken}
    terminators = [m for m in _terminators().finditer(text)
                   if not any(covered[m.start() : m.end()])
                   or (m.start() in starts and not _JOINED.search(text, max(0, m.start() - 6), m.start()))]
    return Scope(
        text,
        tuple(m.end() for m in cues),
        tuple(m.start() for m in cues),
        tuple(_next_word(text, m.end()) for m in cues),
        tuple(m.end() for m in terminators),
        tuple(m.start() for m in terminators),
        pseudo,
    )


# "weaned norepi to off by 0300", "titrated levo down to zero": a stop done, its verb before the agent
# and where it went after it (not "weaning norepi to off", still going on)
_STOPPED_BEFORE = re.compile(
    r"(?<![a-z])(?:weaned|titrated|tapered|turned|brought)(?: down)?(?: the| her| his)? {1,2}$", re.ASCII
)
_TO_NOTHING_AFTER = re.compile(
    r"(?: {0,2}(?:at |@ ?)?\d{0,3}[.,]?\d{1,3} ?(?:mcg|ug|mg|units?)?(?:/[a-z]{1,3}){0,3})?"
    r"(?: {1,2}all the way)?(?: {1,2}down)? {1,2}to {0,2}(?:0(?![.,]?[0-9])|zero|off|nil|nothing)(?![a-z0-9])",
    re.ASCII,
)


# A checklist's "no" after a field ("Hypotension N  Hypoxia Y", "pressors N / O2 N", "O2 ✗", "levo ✗"):
# the letter n only where the field ends (not "levo n epi", phone typing for "and")
_CHECKED_NO_AFTER = re.compile(
    r"(?: ?\([^()]{0,24}\))?(?: {1,2}| ?[:=] ?)(?:n(?= {0,2}(?:$|[|;,/(\n])| {2,})|[✗✘❌])",
    re.ASCII,
)
# ... and an empty box or a minus sign right before it: "[ ] hypotension", "☐ hypoxia", "-pressors +HFNC"
# (a cross before a field belongs to the field before it: "fever ✓ hypotension ✗ hypoxia ✓")
_INLINE_MINUS = re.compile(r"[,|/] {0,2}-[a-z]", re.ASCII)
_PLUS_ITEM = re.compile(r"(?:^|(?<=[ |;,/(]))\+[a-z]", re.ASCII)
_CHECKED_NO_BEFORE = re.compile(r"(?:^|(?<=[ |;,/(]))(?:\[ \] ?|☐ ?|-)$", re.ASCII)


# British "nil" right before what it denies ("nil O2", "nil toci yet"); not further on ("improvement? nil
# after toci": toci was given)
_NIL_BEFORE = re.compile(r"(?<![a-z])nil {1,2}$", re.ASCII)


def negated_by(cues: Scope, clause: Clause, start: int, end: int) -> Span | None:
    """The span of the cue and the term if the term at [start, end) is negated, else None."""
    if _ZERO_DOSE.match(cues.text, end, clause.end):
        return (start, end)
    checked = _CHECKED_NO_AFTER.match(cues.text, end)
    if checked is not None:
        return (start, checked.end())
    unchecked = _CHECKED_NO_BEFORE.search(cues.text, max(0, start - 4), start)
    if unchecked is not None and (unchecked.group() != "-" or _PLUS_ITEM.search(cues.text)
                                  or _INLINE_MINUS.search(cues.text)):
        # a minus in a list with pluses or other minuses inline ("-pressors +HFNC", "-pressors, -O2"), not a
        # bullet ("Events o/n: -spiked 39.6; -norad started")
        return (unchecked.start(), end)
    nil = _NIL_BEFORE.search(cues.text, max(0, start - 6), start)
    if nil is not None:
        return (nil.start(), end)
    done = _TO_NOTHING_AFTER.match(cues.text, end, clause.end)
    if done and (verb := _STOPPED_BEFORE.search(cues.text, max(clause.start, start - 24), start)):
        return (verb.start(), done.end())
    blank = _BLANK_FIELD.match(cues.text, end, clause.end)
    if blank is not None:
        return (start, blank.end())
    after = _after().match(cues.text, end, clause.end)
    if after and asked_at(cues.text, after.end()):
        after = None  # "levo stopped?", "weaned off?": a stop asked about is not said
    if after and not any(
        s < after.end() and after.start() < e and not _TO_NOTHING.match(cues.text, e) for s, e in cues.pseudo
    ):
        return (start, after.end())
    i = bisect_right(cues.cue_ends, start) - 1
    if i < 0 or cues.cue_starts[i] < clause.start or _ALONE.match(cues.text, end):
        return None
    if _ONLY_BEFORE.search(cues.text, cues.cue_ends[i], start):  # "no longer on just levo - epi added"
        return None
    t = bisect_right(cues.terminator_starts, start) - 1
    if t >= 0 and cues.terminator_starts[t] >= cues.cue_ends[i] and cues.terminator_starts[t] != cues.next_word[i]:
        return None
    return (cues.cue_starts[i], end)
