"""When therapies were given, read from the clinician's words, and the start of a reassessment.

"toci at 0200 and 1000", "dex 10 mg at 0600", "last toci 3 h ago", "anakinra 100 mg bd from
0800", "siltuximab yesterday at 2200", "paracetamol given now". Times are resolved against `now`,
the time the line was entered (an input, never the wall clock): a clock time is its latest
occurrence not after now, and in a list each earlier time comes before the next one. Pure.

The slot reader (`dialogs/understanding`) still reads the counts and the therapy given; this
module adds only the times.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from knowledge.course import DRUG_WORDS, Given

_DRUGS: tuple[tuple[str, str], ...] = (
    ("tocilizumab", r"toci(?:lizumab)?|tcz|(?:ro)?actemra"),
    ("dexamethasone", r"dex(?:a|amethasone)?|decadron"),
    ("methylprednisolone", r"methyl\s?pred(?:nisolone)?|solu-?medrol|mpred"),
    ("anakinra", r"anakinra|kineret"),
    ("siltuximab", r"siltuximab|sylvant"),
    ("antipyretic", r"paracetamol|acetaminophen|tylenol|apap|ibuprofen|antipyretics?"),
)
_DRUG = re.compile(r"\b(?:" + "|".join(f"(?P<{name}>{words})" for name, words in _DRUGS) + r")\b", re.I)
_UNIT_AFTER = r"(?!\s*(?:mg|g|ml|mcg|micrograms?|units?|kg|l|mmol|c|f)\b)"
_CLOCK = re.compile(
    r"(?P<yesterday>\byesterday\s+(?:at\s+)?)?"
    r"(?:\b(?P<h24>[01]\d|2[0-3]):?(?P<m24>[0-5]\d)\b" + _UNIT_AFTER
    + r"|\b(?P<h1>\d):(?P<m1>[0-5]\d)\b|\b(?P<h12>1[0-2]|0?[1-9])(?::(?P<m12>[0-5]\d))?\s*(?P<ampm>am|pm)\b)",
    re.I,
)
_CLOCK_AT = re.compile(r"(?:\b(?:at|from)\s+|@\s*)?" + _CLOCK.pattern, re.I)
_AGO = re.compile(r"\b(?:(?P<n>\d+(?:\.\d+)?)|(?P<an>an?|one))\s*(?P<unit>h|hrs?|hours?|min|mins|minutes?)\s+ago\b",
                  re.I)
_NOW = re.compile(r"\b(?:just\s+now|given\s+now|just\s+given|now)\b", re.I)
_MG = re.compile(r"\b(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>mg|g)\b", re.I)
_REGIMEN = re.compile(r"\b\d+(?:\.\d+)?\s*mg\s*(?:/\s*\d+\s*h|bd|bid|tds|tid|qds|qid|q\s?\d+\s?h|daily|od|"
                      r"(?:every|each)\s+\d+\s*(?:h|hours?))\b", re.I)
# what only proposes, plans or negates a dose is never read as given ("should we give toci at 1400?")
_NOT_GIVEN = re.compile(r"\?|\b(?:should|shall|could|would|will|discuss\w*|consider\w*|plan\w*|due|next|propos\w*|"
                        r"want|hold\w*|held|no|not|never|without|if|may|might|can|offer\w*|suggest\w*)\b", re.I)
_LAST = re.compile(r"\b(?:last|latest|most recent)\b", re.I)
# a clause after the drug's own belongs to it only while it speaks of times or doses
_TIMEISH = re.compile(r"^\s*(?:and\s+|again\s+|then\s+|last\s+|at\s+|@|yesterday|\d{1,2}:?\d{2}\b|\d+\s*(?:h|hrs?|"
                      r"hours?|min)\s+ago|now|just|x\s?\d|\d+(?:\.\d+)?\s*mg)", re.I)

_REASSESS = re.compile(
    r"^\s*/?(?:(?P<word>update|now|re-?assess(?:ment)?)\s*(?::|-|$|\s(?=\S))"
    r"|(?P<n>\d+(?:\.\d+)?|an?|one)\s*(?P<unit>h|hrs?|hours?|min|mins|minutes?)\s+later\b\s*[:,\-]?)\s*",
    re.I,
)


@dataclass(frozen=True)
class Timed:
    """What a line said about when therapies were given."""

    given: tuple[Given, ...] = ()
    last: bool = False  # the line gave the time of the last tocilizumab dose ("last toci 3 h ago")

    def echo(self, now: datetime | None) -> str:
        """'tocilizumab at 02:00, 10:00; dexamethasone 10 mg at 06:00'."""
        from knowledge.course import clock

        parts: list[str] = []
        for drug in DRUG_WORDS:
            records = [g for g in self.given if g.drug == drug]
            if not records:
                continue
            mg = next((g.mg for g in records if g.mg is not None), None)
            regimen = next((g.regimen for g in records if g.regimen), "")
            what = DRUG_WORDS[drug].lower() + (f" {regimen}" if regimen else f" {mg:g} mg" if mg is not None else "")
            times = ", ".join(clock(g.at, now) for g in records if g.at is not None)
            parts.append(f"{what} {'from' if regimen else 'at'} {times}")
        return "; ".join(parts)


def _hours(n: str | None, unit: str) -> float:
    value = float(n) if n is not None and n[0].isdigit() else 1.0
    return value / 60 if unit.lower().startswith("m") else value


def reassessment(text: str) -> tuple[str, float | None] | None:
    """A line that opens a new assessment point ("update: ...", "now: ...", "6 h later ...",
    "reassess ..."): the rest of the line and the hours later it says (None if not said)."""
    m = _REASSESS.match(text)
    if m is None:
        return None
    if m.group("word") and m.group("word").lower() == "now" and not re.match(r"^\s*/?now\s*[:\-]", text, re.I):
        return None  # "now on 2 pressors" is findings; "now: ..." opens a point
    hours = _hours(m.group("n"), m.group("unit")) if m.group("unit") else None
    return text[m.end():], hours


def _spans(text: str) -> list[tuple[str, str, int, int]]:
    """(drug, the words just before its name, start, end of the words about it): from a drug's
    name to the next drug's, cut at the first clause that is not about its times or doses."""
    found = list(_DRUG.finditer(text))
    out = []
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        cut = m.end()
        for n, clause in enumerate(re.finditer(r"(?:^|[;,.])[^;,.]*(?:\.\d[^;,.]*)*", text[m.end():end])):
            if n and not _TIMEISH.match(clause.group(0)[1:]):
                break
            cut = m.end() + clause.end()
        before = text[max(0, m.start() - 24):m.start()].rsplit(",", 1)[-1]
        drug = next(name for name, _ in _DRUGS if m.group(name))
        out.append((drug, before, m.end(), cut))
    return out


def _segments(text: str) -> list[tuple[str, str]]:
    return [(drug, before + " | " + text[start:end]) for drug, before, start, end in _spans(text)]


def mask(text: str) -> str:
    """The text with the times of therapies blanked ("toci at 0200 and 1000" -> "toci at      and     "),
    so that the slot reader does not take a dose's clock time for another finding (an ANC of 1000)."""
    spans: list[tuple[int, int]] = []
    for _, _, begin, end in _spans(text):
        spans += sorted((h.start(), h.end()) for p in (_CLOCK_AT, _AGO) for h in p.finditer(text, begin, end))
    out, at = [], 0
    for n, (start, end) in enumerate(sorted(spans)):
        if start < at:
            continue
        out.append(text[at:start])
        out.append("given" if n == 0 or text[at:start].strip(" ,") not in ("", "and") else "")
        at = end
    out.append(text[at:])
    return "".join(out)


def _resolve(clocks: list[tuple[int, int, bool]], now: datetime) -> list[datetime]:
    """Clock times as moments: the last one at or before now, each earlier one before the next."""
    out: list[datetime] = []
    limit = now
    for hour, minute, yesterday in reversed(clocks):
        at = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
        if yesterday:
            at -= timedelta(days=1)
        while at > limit or (out and at >= out[0]):
            at -= timedelta(days=1)
        out.insert(0, at)
        limit = at
    return out


def read_times(text: str, now: datetime | None, *, drug: str | None = None, counted: bool = False) -> Timed:
    """The therapies `text` gives a time for. `drug`: the drug a bare answer is about (the answer
    to "When was the last tocilizumab dose given?"); `counted`: the times are of doses counted
    already."""
    if now is None:
        return Timed()
    segments = _segments(text)
    if not segments and drug is not None:
        segments = [(drug, " | " + text)]
    given: list[Given] = []
    last = False
    for name, words in segments:
        before, _, after = words.partition(" | ")
        if _NOT_GIVEN.search(before.rsplit(".", 1)[-1]) or _NOT_GIVEN.search(after):
            continue
        moments: list[datetime] = []
        clocks: list[tuple[int, int, bool]] = []
        for m in _CLOCK.finditer(after):
            if m.group("h24") is not None:
                hour, minute = int(m.group("h24")), int(m.group("m24"))
            elif m.group("h1") is not None:
                hour, minute = int(m.group("h1")), int(m.group("m1"))
            else:
                hour, minute = int(m.group("h12")) % 12, int(m.group("m12") or 0)
                hour += 12 if m.group("ampm").lower() == "pm" else 0
            clocks.append((hour, minute, bool(m.group("yesterday"))))
        moments += _resolve(clocks, now)
        for m in _AGO.finditer(after):
            moments.append((now - timedelta(hours=_hours(m.group("n") or m.group("an"), m.group("unit"))))
                           .replace(second=0, microsecond=0))
        if not moments and _NOW.search(after):
            moments.append(now.replace(second=0, microsecond=0))
        if not moments:
            continue
        is_last = bool(_LAST.search(before) or _LAST.search(after))
        last = last or (name == "tocilizumab" and is_last)
        mg_match = _MG.search(after)
        mg = None
        if mg_match is not None:
            mg = float(mg_match.group("n")) * (1000 if mg_match.group("unit").lower() == "g" else 1)
        regimen_match = _REGIMEN.search(after) if name == "anakinra" else None
        regimen = " ".join(regimen_match.group(0).split()) if regimen_match else ""
        for at in sorted(set(moments)):
            given.append(Given(name, at, None if regimen else mg, regimen, counted or is_last))
    return Timed(tuple(given), last)
