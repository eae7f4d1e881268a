"""The therapy course of an episode: what was given and when, and what follows from it.

Pure: "now" is an input (the time the clinician entered the line), never the wall clock. The
caps come from the knowledge base (`dose_bounds.toml`: tocilizumab's doses in 24 hours, in total,
and the shortest interval), so a change to them is a reviewed data change.

Tocilizumab doses are counted from two kinds of record: a stated count ("toci x2", stated at
`stated_at`) and timed doses ("toci at 0200 and 1000"). A timed dose at or before the moment the
count was stated, or marked `counted` (the time of a dose already counted: "the last one was 3 h
ago"), is one of the counted doses; a timed dose after it is another dose. So a count is never
lowered by a time, and a dose given after the count was stated is never lost.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from knowledge.content import DrugBounds
from knowledge.plain import Plain

Drug = Literal["tocilizumab", "dexamethasone", "methylprednisolone", "anakinra", "siltuximab", "antipyretic"]
DRUGS: tuple[Drug, ...] = ("tocilizumab", "dexamethasone", "methylprednisolone", "anakinra", "siltuximab",
                           "antipyretic")
DRUG_WORDS: dict[str, str] = {
    "tocilizumab": "Tocilizumab", "dexamethasone": "Dexamethasone", "methylprednisolone": "Methylprednisolone",
    "anakinra": "Anakinra", "siltuximab": "Siltuximab", "antipyretic": "Antipyretic",
}
STEROIDS = ("dexamethasone", "methylprednisolone")
# what the plan's conditions read (slot `tocilizumab_timing`, knowledge/data/slots.toml)
Timing = Literal["due", "wait-interval", "wait-24h", "untimed", "maximum"]


class Caps(Plain):
    """Tocilizumab's schedule caps: doses in any 24 hours, doses in total, shortest interval."""

    per_24h: int = 3
    total: int = 4
    interval: timedelta = timedelta(hours=8)

    @classmethod
    def of(cls, bounds: DrugBounds | None) -> Caps:
        if bounds is None or bounds.doses_per_24h is None or bounds.doses_total is None \
                or bounds.min_interval_h is None:
            raise ValueError("dose_bounds.toml: drug (tocilizumab) needs doses_per_24h, doses_total, min_interval_h")
        return cls(bounds.doses_per_24h, bounds.doses_total, timedelta(hours=bounds.min_interval_h))


class Given(Plain):
    """One therapy given. `at` is None when its time is not known; `mg` the dose when stated;
    `regimen` a running regimen's words (anakinra "100 mg bd"); `counted`: a time given for a
    dose already counted (never another dose)."""

    drug: str
    at: datetime | None
    mg: float | None = None
    regimen: str = ""
    counted: bool = False


class Course(Plain):
    """The therapy given so far in a consult, with when, as far as it is known."""

    given: tuple[Given, ...] = ()
    now: datetime | None = None
    stated_toci: int | None = None  # the tocilizumab count as last stated
    stated_at: datetime | None = None  # when it was stated

    # --- tocilizumab ------------------------------------------------------------------------

    def toci_times(self) -> tuple[datetime, ...]:
        """The distinct times of the timed tocilizumab doses, in order."""
        return tuple(sorted({g.at for g in self.given if g.drug == "tocilizumab" and g.at is not None}))

    def _extra(self) -> tuple[datetime, ...]:
        """Timed doses that are not among the stated count."""
        if self.stated_toci is None:
            return ()
        counted = {g.at for g in self.given if g.drug == "tocilizumab" and g.counted}
        limit = self.stated_at
        return tuple(t for t in self.toci_times()
                     if t not in counted and limit is not None and t > limit)

    def toci_total(self) -> int | None:
        times = self.toci_times()
        if self.stated_toci is None:
            return len(times) if times else None
        extra = self._extra()
        return max(self.stated_toci, len(times) - len(extra)) + len(extra)

    def toci_untimed(self) -> int:
        total = self.toci_total() or 0
        return max(0, total - len(self.toci_times()))

    def toci_in_24h(self) -> int:
        """Timed doses in the 24 hours up to now: (now - 24 h, now]."""
        if self.now is None:
            return 0
        start = self.now - timedelta(hours=24)
        return sum(1 for t in self.toci_times() if start < t <= self.now)

    def toci_last(self) -> datetime | None:
        times = [t for t in self.toci_times() if self.now is None or t <= self.now]
        return times[-1] if times else None

    def toci_last_known(self) -> bool:
        """The time of the last dose is known: every dose is timed, or a time was given as the last one's."""
        return self.toci_last() is not None and (
            not self.toci_untimed() or any(g.drug == "tocilizumab" and g.counted for g in self.given))

    def _worst_in_24h(self) -> int:
        """Doses that may fall in the last 24 hours: the timed ones in it, and every one without a time."""
        return self.toci_in_24h() + self.toci_untimed()

    def toci_next_at(self, caps: Caps) -> datetime | None:
        """The earliest time the next dose may be given (None: never again, or not known)."""
        total = self.toci_total() or 0
        if total >= caps.total or not self.toci_last_known():
            return None
        times = [t for t in self.toci_times() if self.now is None or t <= self.now]
        earliest = times[-1] + caps.interval
        if self.toci_untimed():
            return earliest  # the interval's; the 24-hour cap cannot be checked without the other times
        if len(times) >= caps.per_24h:
            earliest = max(earliest, times[-caps.per_24h] + timedelta(hours=24))
        return earliest

    def timing(self, caps: Caps) -> Timing:
        total = self.toci_total() or 0
        if total >= caps.total:
            return "maximum"
        if total == 0:
            return "due"
        if self.now is None or not self.toci_last_known():
            return "untimed"
        last = self.toci_last()
        assert last is not None
        if self.toci_untimed():
            if self.now < last + caps.interval:
                return "wait-interval"
            return "due" if self._worst_in_24h() < caps.per_24h else "untimed"
        nxt = self.toci_next_at(caps)
        if nxt is None or self.now >= nxt:
            return "due"
        return "wait-24h" if self.toci_in_24h() >= caps.per_24h else "wait-interval"

    def facts(self, caps: Caps) -> dict[str, str]:
        """The words a statement's placeholders take ({toci_next_at}, {toci_last_at}, {toci_in_24h})."""
        out: dict[str, str] = {"toci_in_24h": str(self.toci_in_24h())}
        last, nxt = self.toci_last(), self.toci_next_at(caps)
        if last is not None:
            out["toci_last_at"] = clock(last, self.now)
        if nxt is not None:
            out["toci_next_at"] = clock(nxt, self.now)
        return out

    # --- every drug -------------------------------------------------------------------------

    def total_mg(self, drug: str) -> float | None:
        doses = [g.mg for g in self.given if g.drug == drug and g.mg is not None]
        return sum(doses) if doses else None

    def lines(self, caps: Caps) -> tuple[str, ...]:
        """One line per drug given: the doses, the caps or the cumulative dose, the time since the last
        (none while no therapy has a time: a count alone is the case's, shown with it)."""
        if not self.given:
            return ()
        out = []
        for drug in DRUGS:
            records = [g for g in self.given if g.drug == drug]
            if drug == "tocilizumab":
                total = self.toci_total()
                if total:
                    out.append(self._toci_line(total, caps))
                continue
            if not records:
                continue
            times = sorted({g.at for g in records if g.at is not None})
            parts: list[str] = []
            mg = self.total_mg(drug)
            regimen = next((g.regimen for g in reversed(records) if g.regimen), "")
            if regimen:
                parts.append(regimen + (f" from {clock(times[0], self.now)}" if times else ""))
            elif drug in STEROIDS and mg is not None:
                parts.append(f"{mg:g} mg in total")
            if times and not regimen:
                parts.append("given " + ", ".join(clock(t, self.now) for t in times))
            if times and self.now is not None:
                parts.append(f"last {since(times[-1], self.now)}")
            out.append(f"{DRUG_WORDS[drug]}: " + ("; ".join(parts) if parts else "given, time not stated"))
        return tuple(out)

    def _toci_line(self, total: int, caps: Caps) -> str:
        times = self.toci_times()
        parts = [f"{total} of at most {caps.total} doses"]
        if times:
            parts.append("given " + ", ".join(clock(t, self.now) for t in times))
        untimed = self.toci_untimed()
        if untimed:
            parts.append(f"{untimed} without a time")
        if self.now is not None and not untimed:
            parts.append(f"{self.toci_in_24h()} of at most {caps.per_24h} in the last 24 h")
        last = self.toci_last()
        if last is not None and self.now is not None:
            parts.append(f"last {since(last, self.now)}")
        if total >= caps.total:
            parts.append("no further dose")
        else:
            nxt = self.toci_next_at(caps)
            if nxt is not None:
                parts.append("next possible now" if self.now is not None and self.now >= nxt
                             else f"next possible from {clock(nxt, self.now)}")
        return "Tocilizumab: " + "; ".join(parts)


def clock(at: datetime, now: datetime | None) -> str:
    """A clock time as people read it, with the date when it is not today's: '18:00', '02:00 on 2 Dec'."""
    words = at.strftime("%H:%M")
    if now is None or at.date() != now.astimezone(at.tzinfo).date():
        words += f" on {at.day} {at.strftime('%b')}"
    return words


def since(at: datetime, now: datetime) -> str:
    minutes = int((now - at).total_seconds() // 60)
    if minutes < 0:
        return f"at {clock(at, now)}"
    if minutes < 60:
        return f"{minutes} min ago"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min ago" if rest else f"{hours} h ago"
