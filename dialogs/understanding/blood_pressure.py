"""Hypotension by the ASTCT rule: vasopressin never adds a second vasopressor.

Agents by name ("levo + vaso"), pressors by count ("on 2 pressors", "single pressor"),
fluid-responsive hypotension ("responded to a 1 L bolus"), and none ("no pressors",
"normotensive"). Within one utterance the latest statement about each agent counts.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from itertools import pairwise

from dialogs.understanding import age
from dialogs.understanding import terms as kinds
from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.patterns import Words, alternation, compile_words, key, scanner
from dialogs.understanding.pressor_count import Tally, describe
from dialogs.understanding.results import Mention, Note, Outcome, Problem
from dialogs.understanding.utterance import Term, Utterance

SLOT = "hypotension"
_UNNAMED = (
    "vasopressors mentioned without names or a number: name the agents (e.g. norepinephrine, "
    "vasopressin) or say how many"
)
_UNNAMED_COUNT = (
    "more than one vasopressor without their names: name them (vasopressin never counts as a second one, "
    "so norepinephrine + vasopressin is grade 3 and norepinephrine + epinephrine grade 4)"
)
_UNLINKED = (
    "fluids given, then a normal blood pressure: say whether the fluids were for hypotension "
    "(hypotension not requiring vasopressors) or for something else"
)
_LOW_AND_NORMAL = (
    "a low blood pressure and a normal one in the same line: say which is now, and whether it needed fluids or "
    "vasopressors"
)
_UNTREATED = (
    "hypotension mentioned without its treatment: say whether it responded to fluids or which vasopressors are running"
)


@cache
def _count_before() -> re.Pattern[str]:
    words = alternation(vocab.numbers("vasopressors.count_words"))
    return re.compile(rf"(?:(?<![0-9.,a-z])(?P<digits>\d{{1,2}})|(?<!/)(?P<word>{words})) {{0,2}}$", re.ASCII)


@cache
def _count_after() -> re.Pattern[str]:
    return re.compile(r" {0,2}x ?(?P<digits>\d{1,2})(?![0-9])", re.ASCII)


@cache
def _fluid_response() -> Words:
    return compile_words(vocab.words("hypotension", "fluid_response"))


# A blood pressure written as numbers: "BP 82/44", "104/60", "bp 80s", "SBP in the 90s", "SBP 78",
# "MAP 62", "MAP 58 -> 500ml -> MAP 72", "-> 70". A mean arterial pressure counts as MAP + 25, so that
# the thresholds below are one scale (MAP 65 ~ systolic 90).
_LINK = r"(?:of |was |now |is |has been |have been |been |running |remained |remains |"
_LINK += r"in the |dipped to |dropped to |down to |fell to |to |only |~ ?)?"
_BP = scanner(
    r"(?<![0-9/.,])(?P<sys>\d{2,3}) ?(?:/|over) ?(?P<dia>\d{2,3})(?![0-9]|/\d)"  # "105 over 60", dictated
    # "PA 85x50", "TA 90x60": a pressure written with an x after its label (Portugal, Brazil, Spain)
    r"|(?<![a-z])(?:pa|ta|bp) ?:? ?(?P<xsys>\d{2,3}) ?x ?(?P<xdia>\d{2,3})(?![0-9])"
    r"|(?:(?<![a-z])(?:s?bps?|blood pressures?) ?(?:" + _LINK + r"){1,2}|(?<=->)|(?<=-> )|(?<=\u2192)|(?<=\u2192 )"
    r"|(?<=\bto ))"
    r"(?P<decade>[4-9]0|1[0-9]0)'?s(?![a-z])"
    r"|(?<![a-z])(?:sbp|systolic|sys bp) ?:? ?" + _LINK + r"(?P<sbp>\d{2,3})(?![0-9/]|[.,][0-9])"
    r"|(?<![a-z])maps? ?:? ?" + _LINK + r"(?:(?P<mapdec>[4-9]0)'?s(?![a-z])|(?P<map>\d{2,3})(?![0-9/]|[.,][0-9]))"
    # "BP 84/50 -> 100": the next reading; not a saturation ("2L NP applied -> 95%")
    r"|(?:(?<=->)|(?<=\u2192))(?P<arrow>\d{2,3})(?![0-9/%]|[.,][0-9]| %)"
    r"|(?:(?<=-> )|(?<=\u2192 ))(?P<arrow2>\d{2,3})(?![0-9/%]|[.,][0-9]| %)"
    # a child's pressure as a centile for age ("BP 50th centile", "BP 5th centile")
    r"|(?<![a-z])(?:s?bps?|blood pressure) ?(?:at |on |of |~ ?)?(?:the )?(?P<centile>\d{1,2})(?:st|nd|rd|th)"
    r" ?(?:centile|percentile|%ile)"
    # "for SBP < 90", "MAP under 65": a pressure below that threshold
    r"|(?<![a-z])(?:(?P<sbpbelow>s?bps?|systolic|sys bp)|(?P<mapbelow>maps?)) ?(?:<|less than|below|under|lower than)"
    r" ?(?P<below>[4-9]\d|1[0-2]\d)(?![0-9/]|[.,][0-9])",
    re.ASCII,
)
MAP_OFFSET = 25
_MAP_SAID = re.compile(r"(?<![a-z])maps?(?![a-z])", re.ASCII)
_BASELINE_VALUE = re.compile(r"(?<![a-z])(?:baseline|usual|usually|normally|normal bp|normally runs)"
                             r"(?: bp| sbp| map)?(?: of| is| was| around| ~)?[ :=]{0,3}$", re.ASCII)
_PRIOR = re.compile(r"(?<![a-z])(?:prior|previously|initially|before|pre|was|from) {1,2}(?:bp |map |sbp )?$", re.ASCII)
# Fluids named by their volume: "BP 100/60 after 1L", "responded to 500 mL", "MAP 62 -> 250ml x2 -> 70".
_VOLUME = scanner(
    r"(?:(?<![a-z])(?:after|with|post|s/p|following|given|gave|got|resp(?:onded|onse|onding|onsive)?(?:'d)? to"
    r"|responded|w/?)"
    r" (?:a |an |another )?"
    # an arrow, though not in a chain of oxygen flows ("O2 6L -> 4L -> 2L NC"); millilitres, though not
    # a concentration ("4 mg/250 mL")
    r"|(?<![0-9]l)(?<![0-9]l )(?:->|\u2192) ?|(?<![0-9.,/])(?<!/ )(?=\d{2,4} ?(?:ml|cc))"
    # litres said to be given, or given for the pressure: "1L given", "1L for shock", "2 L for soft BPs"
    r"|(?<![0-9.,/])(?=\d{1,2}(?:[.,]\d)? ?(?:l|litres?|liters?) (?:given|infused|run in|ran in|bolus|of fluids?"
    r"|for (?:the |her |his |a )?(?:shock|hypotension|hypotensive|soft|low|labile|marginal|borderline|downtrending"
    r"|dropping|falling|s?bps?|blood pressures?|pressures?|maps?|persistent|ongoing|worsening|crs))(?![a-z])))"
    r"(?:\d{1,4}(?:[.,]\d)? ?(?:ml|l|litres?|liters?|cc)"
    r"|(?:2nd|3rd|4th|second|third|fourth) (?:litres?|liters?))(?![a-z])"
    # ... and no flow of oxygen ("sats 89% RA -> 2L NC")
    r"(?! {0,2}(?:nc|n/c|np|nasal|hfnc|hf|o2|oxygen|fm|face|mask|nrb|venturi|via|by|/ ?min|per min|lpm"
    r"|/ ?h|/ ?hr|/ ?hour|per h|per hr|per hour|an hour|/ ?kg ?/ ?h|/ ?kg ?/ ?hr"
    # ... nor fluid taken off or blood ("s/p 2L thoracentesis", "after 1L UF", "s/p 1L PRBC")
    r"|thoracentesis|paracentesis|tap|prbcs?|rbcs?|blood|ffp|platelets?|plts|cryo|uf|removed|drained|off|out"
    r"|output|uop|net|negative|positive|balance)(?![a-z]))",
    re.ASCII,
)
_BASELINE = re.compile(
    # ("baseline 140/85": a baseline value, which a lower pressure now is below, not a baseline said)
    r"(?<![a-z])(?:baseline(?! {0,2}(?:bp |sbp |map )?(?:of |is |was |:|=)? {0,2}\d)|her usual|his usual|usual bp"
    r"|usual for (?:her|him)"
    r"|(?:normal|nl|ok|okay|fine|typical) for (?:her|him|them|pt|the pt|the patient|this patient)"
    r"|(?:normal|normotensive|norm|nl) for (?:her |his |their )?age|age[- ]appropriate|normal for a child"
    r"|(?:ok|okay|fine|appropriate) for age"
    r"|her normal|his normal|runs low|runs soft)(?![a-z])",
    re.ASCII,
)
NORMAL_SYSTOLIC = 100  # written blood pressures at or above this, with nothing else said, are read as no hypotension
LOW_SYSTOLIC = 90
# A child's pressure for age: at or below the 5th centile is hypotension, at or above the 10th normal
CENTILE_LOW, CENTILE_NORMAL = 5, 10
_OTHER_WORDS = r"(?:other|another|additional|add'l|addl|further|extra|more|second|2nd|third|3rd|new)"
_OTHER = re.compile(r"(?<![a-z])" + _OTHER_WORDS + r" {1,2}$", re.ASCII)
_OTHER_IN = re.compile(_OTHER_WORDS + r" ", re.ASCII)  # "no second agent": the word in the phrase
_REFRACTORY = re.compile(r"(?<![a-z])(?:refractory|unresponsive|not responding|no response|failed|no improve"
                         r"|no improvement|not improving|not improved|didn'?t improve|did not improve"
                         r"|without improvement|without response|no change|sin respuesta|sem resposta|ohne besserung"
                         r"|senza risposta|sans reponse)(?![a-z])", re.ASCII)
_A_WORD = re.compile(r"[a-z0-9]", re.ASCII)
# "BP 105 after", "s/p 1L bolus, bp now 110/68": the pressure said after the fluids, not before them
_AFTER_FLUIDS = re.compile(r"(?<![a-z])(?:after|post|following|s/p|status post|now|then|later|subsequently"
                           r"|afterwards|repeat)(?![a-z])", re.ASCII)
_ABOUT_PRESSURE = re.compile(r"(?<![a-z])(?:s?bp|bps|maps?|pressures?|normotensive|hypotensive|hypotension)(?![a-z])"
                             r"|\d{2,3} ?/ ?\d{2,3}", re.ASCII)
# fluids given for a reason other than the pressure (vocabulary `hypotension.other_reasons`): "for UOP",
# "d/t AKI", "with her IV abx"
@cache
def _reason_phrase() -> str:
    reasons = alternation(vocab.words("hypotension", "other_reasons"))
    return (r"(?:(?:for|d/t|due to|because of) (?:her |his |the |a |poor |low |new |rising )?" + reasons
            + r"|with (?:her |his |the )?(?:iv )?(?:abx|antibiotics|meds|medications|contrast)|as a carrier)")


# ... anywhere between the fluids and the pressure, or a rate, or maintenance ("not for BP", "125 mL/h")
@cache
def _other_reason() -> re.Pattern[str]:
    return re.compile(r"(?<![a-z])(?:" + _reason_phrase() + r"|not for|\d ?(?:ml|cc)? ?/ ?(?:h|hr|hour)(?![a-z])"
                      r"|maintenance|mivf)", re.ASCII)


_GIVEN_BEFORE = re.compile(r"(?<![a-z])(?:s/p|status post|sp)(?![a-z])", re.ASCII)
_NOW_NORMAL = re.compile(r"(?<![a-z])(?:now|after|since)(?![a-z])", re.ASCII)
_LAB_VALUE = re.compile(r" ?:? ?\d(?![0-9.,]* ?(?:ml|cc|l|litres?|liters?|g|%|x)(?![a-z]))", re.ASCII)
# a course's later day between the fluids and the pressure ("a bolus D2 ... Today D3: BP 120s")
_LATER_TIME = re.compile(r"(?<![a-z])(?:onwards?|from d ?\d|d ?\d|day \d)(?![a-z0-9])", re.ASCII)
_NOT_BETTER = re.compile(
    r"(?<![a-z])(?:still|despite|persistently|remains?|remained|no better|unchanged)(?![a-z])", re.ASCII
)


@cache
def _not_vasopressin() -> frozenset[str]:
    return frozenset(key(w) for w in vocab.words("vasopressors", "not_vasopressin"))


def _map_decade(decade: int) -> int:
    """ "MAP 70s" is read as 75; "MAP 60s", which holds the MAP of 65 that stands for a systolic of 90,
    as just below it: a low one ("never a lower grade")."""
    low_map = LOW_SYSTOLIC - MAP_OFFSET
    return low_map - 1 if decade <= low_map < decade + 10 else decade + 5


def _sentence_end(text: str, pos: int) -> int:
    stop = re.compile(r"[.;!?\n](?![0-9])").search(text, pos)
    return stop.start() if stop else len(text)


def _pressures(u: Utterance) -> list[tuple[int, int, int]]:
    """(systolic, start, end) of each plausible blood pressure in the text."""
    found: list[tuple[int, int, int]] = []
    offset = 0  # the scale of the last reading, for "-> 70"
    for m in _BP.finditer(u.text):
        if _BASELINE_VALUE.search(u.text, max(0, m.start() - 22), m.start()):
            continue  # "BP 94/58 (baseline 140/85)": the patient's usual pressure, not one now
        if m.group("centile"):  # at or above the 10th centile normal, at or below the 5th low, between them not read
            centile = int(m.group("centile"))
            if CENTILE_LOW < centile < CENTILE_NORMAL:
                continue
            offset, value = 0, NORMAL_SYSTOLIC + 10 if centile >= CENTILE_NORMAL else LOW_SYSTOLIC - 5
        elif m.group("decade") or m.group("sbp"):
            offset = 0
            value = int(m.group("decade")) + 5 if m.group("decade") else int(m.group("sbp"))
        elif m.group("map") or m.group("mapdec"):
            offset = MAP_OFFSET
            value = (int(m.group("map")) if m.group("map") else _map_decade(int(m.group("mapdec")))) + offset
        elif m.group("below"):
            offset = MAP_OFFSET if m.group("mapbelow") else 0
            value = int(m.group("below")) - 5 + offset
        elif m.group("arrow") or m.group("arrow2"):
            if not found:
                continue
            value = int(m.group("arrow") or m.group("arrow2")) + offset
        else:
            systolic, diastolic = int(m.group("sys") or m.group("xsys")), int(m.group("dia") or m.group("xdia"))
            if not (40 <= systolic <= 250 and 20 <= diastolic < systolic):
                continue
            offset, value = 0, systolic
        if 30 <= value <= 260:
            found.append((value, m.start(), m.end()))
    return found


# "O2: RA -> 2L -> 4L -> now 10L": litres in a chain of oxygen supports are flows, not fluid given
_CHAIN_BEFORE = re.compile(r"(?:(?<![a-z])ra|(?<![a-z])nc|\d ?l(?:pm)?|l/min"
                           # "NC increased 4->7L": a device and a bare flow before the arrow
                           r"|(?:nc|np|hfnc|o2|oxygen|flow|nrb|mask)[a-z ]{0,14} \d{1,2}(?:[.,]\d)?)"
                           r" {0,2}(?:->|=>|\u2192) {0,2}$", re.ASCII)
_CHAIN_AFTER = re.compile(
    r" {0,2}(?:->|=>|\u2192) {0,2}(?:now )?(?:\d{1,2} ?(?:l|lpm)(?![a-z])|ra(?![a-z])|nc|hfnc|nrb)", re.ASCII)


_ARROW_AT = re.compile(r" {0,2}(?:->|=>|\u2192) {0,2}", re.ASCII)


def _after_arrow(text: str, pos: int) -> int:
    """Where a volume written with its arrow ("->7L") starts after the arrow."""
    arrow = _ARROW_AT.match(text, pos)
    return arrow.end() if arrow else pos


def _volumes(u: Utterance) -> list[Term]:
    """ "after 1L", "responded to 500 mL": fluids named by their volume, as fluid terms."""
    maintenance = [t.span for t in u.of_kind(kinds.NOT_FLUID)]  # "maintenance IVF 100 mL/h": its rate
    return [
        Term(kinds.FLUID, "volume", m.start(), m.end(), u.clause_index(m.start()), False, (m.start(), m.end()))
        for m in _VOLUME.finditer(u.text)
        if not any(end <= m.start() <= end + 3 for _, end in maintenance)
        and not (_CHAIN_BEFORE.search(u.text, max(0, m.start() - 28), _after_arrow(u.text, m.start()))
                 or _CHAIN_AFTER.match(u.text, m.end()))
    ]


def _responded(u: Utterance, term: Term, pressures: list[tuple[int, int, int]]) -> tuple[int, int] | None:
    """The span showing that blood pressure came up with the fluids of `term`, if it did."""
    clause = u.clauses[term.clause]
    end = clause.end
    # "500 mL bolus, BP up to 104/60", "1L LR bolus x2, no O2, BP now ok": the first of the next two
    # clauses that speaks of the blood pressure, unless a vasopressor is named first
    # ("bolused 20 mL/kg, improved": the next clause, whatever it says); "still" counts only where
    # the pressure is spoken of
    said = 0
    worse_end = end
    for following in range(term.clause + 1, len(u.clauses)):
        part = u.clauses[following]
        if u.in_clause(following, kinds.VASOPRESSOR, kinds.PRESSOR_GENERIC) or said == 2:
            break
        if not _A_WORD.search(u.text, part.start, part.end):
            continue
        said += 1
        about = _ABOUT_PRESSURE.search(u.text, part.start, part.end) is not None
        if said == 1 or about:
            end = part.end
            worse_end = end if about else worse_end
        if about:
            break
    prior = [p for p in pressures if _PRIOR.search(u.text, max(0, p[1] - 12), p[1])]
    if prior and any(p[0] > min(prior)[0] for p in pressures if p not in prior):
        return min(prior)[1], max(p[2] for p in pressures)  # "BP 96/58 (s/p 1L NS, prior 78/42)"
    before = [p for p in pressures if p[2] <= term.start]
    after = [p for p in pressures if p[1] >= term.end and p[1] < end]
    if before and after:
        if after[-1][0] > before[-1][0]:
            return before[-1][1], after[-1][2]
        return None
    near = [p for p in before if p[1] >= clause.start]
    if len(near) >= 2:  # "SBP 80s -> 110s after 500 mL"
        return (near[0][1], term.end) if near[-1][0] > near[0][0] else None
    if _NOT_BETTER.search(u.text, clause.start, worse_end):
        return None
    response = _fluid_response().search(u.text, clause.start, end)
    if response:
        return response.start(), response.end()
    # "BP 100/60 after 1L bolus", "BP ok after a bolus": the pressure is fine with the fluids
    # ... or in the clause after it that speaks of the pressure ("1L bolus, SBP 105 after")
    # when an "after" says the pressure followed the fluids ("no need for levo after 1L, SBP 105")
    reach = max(clause.end, worse_end) if _AFTER_FLUIDS.search(u.text, clause.start, worse_end) else clause.end
    fine = [p for p in pressures if clause.start <= p[1] < reach and p[0] >= LOW_SYSTOLIC]
    if fine:
        return min(fine[0][1], term.start), max(fine[-1][2], term.end)
    normal = [t for t in u.of_kind(kinds.NORMOTENSIVE)
              if not t.negated and (t.clause == term.clause or term.end <= t.start < end)]
    if normal:
        return min(normal[0].start, term.start), max(normal[-1].end, term.end)
    return None


def _count(u: Utterance, term: Term) -> tuple[int, int, int] | None:
    """The number of pressors said around a generic word, with the span it was read from."""
    clause = u.clauses[term.clause]
    # "second agent": the count in the phrase first ("on levo and a second agent" is not one agent)
    inner = None
    if " " in u.text[term.start : term.end]:
        inner = _count_before().search(u.text, term.start, u.text.index(" ", term.start, term.end) + 1)
    before = inner or _count_before().search(u.text, max(clause.start, term.start - 16), term.start)
    after = _count_after().match(u.text, term.end, clause.end)
    found = before if before is not None else after
    if found is None:
        return None
    start, end = (found.start(), term.end) if found is before else (term.start, found.end())
    digits = found.group("digits")
    number = int(digits) if digits else vocab.numbers("vasopressors.count_words")[found.group("word")]
    return number, start, end


def _restart(u: Utterance, tally: Tally, term: Term) -> None:
    """ "came off norepi yesterday, restarted at 0200": the last stopped agent runs again (not when
    what is restarted is a device named right after: "levo off, ... back on BiPAP")."""
    if any(0 <= t.start - term.end <= 5 for t in u.of_kind(kinds.OXYGEN_DEVICE, kinds.ROOM_AIR, kinds.DRUG)):
        return
    earlier = [t for t in tally.past if t.kind == kinds.VASOPRESSOR]
    if not term.negated and not tally.stopped_agents and earlier:  # "was off levo, now back on 0.05"
        tally.past.remove(earlier[-1])
        tally.stopped_agents.append(earlier[-1])
    stopped_at = {t.start for t in tally.stopped_agents}  # "levo off at 0100 -> restarted 0300": named once
    named = {t.name for t in u.in_clause(term.clause, kinds.VASOPRESSOR) if t.start not in stopped_at}
    if term.negated or (named and not tally.stopped_agents):
        return
    if tally.stopped_agents and tally.stopped_agents[-1].name in named:
        return  # "levo off, restarted levo": the agent named is read as it is said
    # "Levo weaned to off at 0400, then restarted 0630 with vaso": the stopped one runs again too
    if tally.stopped_agents:
        agent = tally.stopped_agents.pop()
        tally.agent(replace(agent, negated=False, span=(agent.span[0], max(agent.span[1], term.end))), on=True)
    elif tally.stopped is not None:
        tally.stopped = None
        tally.unnamed = term


@cache
def _added() -> Words:
    return compile_words(vocab.words("vasopressors", "added"))


def _added_to_past(u: Utterance, tally: Tally) -> None:
    """ "was on levo only, now added epi": an agent added to one said to be before keeps that one
    running (adding presupposes it); the echo lists both."""
    earlier = [t for t in tally.past if t.kind == kinds.VASOPRESSOR]
    if not earlier or not tally.running:
        return
    last = earlier[-1]
    later = [t for t in tally.running.values() if t.start > last.end]
    if later and _added().search(u.text, last.end, max(t.end for t in later) + 30):
        for term in earlier:
            # "levo started 2200, vaso added 0100, levo off 0500": an agent stopped later stays stopped
            if any(t.name == term.name and t.start > term.start for t in tally.stopped_agents):
                continue
            tally.past.remove(term)
            tally.agent(replace(term, past=False), on=True)


def _low_while_off(u: Utterance, term: Term, pressures: list[tuple[int, int, int]], running: set[int]) -> bool:
    """A vasopressor said to be off after a low pressure or hypotension in its clause, while another
    clause names one running: the pressure without it, not a stop."""
    if term.kind not in (kinds.VASOPRESSOR, kinds.PRESSOR_GENERIC) or not term.negated or term.past:
        return False
    if not running - {term.clause}:
        return False
    start = u.clauses[term.clause].start
    low = any(p[0] < LOW_SYSTOLIC and start <= p[1] < term.span[0] for p in pressures)
    return low or any(t.start < term.span[0] for t in u.in_clause(term.clause, kinds.HYPOTENSIVE))


@cache
def _no_treatment() -> frozenset[str]:
    return frozenset(key(p) for p in vocab.words("hypotension", "no_treatment"))


_HEADING = re.compile(r" ?[:=-] ?", re.ASCII)


def _heading_of_agents(u: Utterance, term: Term) -> bool:
    """A generic word used as the heading of a list of named agents ("pressors: norepi, vaso")."""
    heading = _HEADING.match(u.text, term.end)
    agents = u.of_kind(kinds.VASOPRESSOR)
    return heading is not None and any(heading.end() <= t.start <= heading.end() + 3 for t in agents)


_NO_LONGER = re.compile(
    r"(?<![a-z])(?:no longer|no further|no more|no recurrent|no recurrence of|no repeat|not|nor)(?![a-z])", re.ASCII
)
_ANYMORE = re.compile(r" {0,2}(?:any ?more|now|since)(?![a-z])", re.ASCII)
_AFTER_GIVEN = re.compile(r"[ ,]{0,3}(?:anymore |any more |now )?(?:after|post|following|with|since|w/?)(?![a-z])",
                          re.ASCII)


def _fluids_after(u: Utterance, term: Term) -> int | None:
    """Where the fluids end that a negated hypotension is said after ("no longer hypotensive after 1L",
    "not hypotensive anymore after fluids", "no further hypotension after 500 ml bolus"), or None."""
    cue = _NO_LONGER.search(u.text, max(0, term.span[0] - 2), term.start + 1)
    if cue is None or not (u.text[cue.start() : cue.end()] != "not" or _ANYMORE.match(u.text, term.end)):
        return None  # a plain "not hypotensive" is no response to anything
    after = _AFTER_GIVEN.match(u.text, term.end)
    if after is None:
        return None
    fluids = [t for t in [*u.of_kind(kinds.FLUID), *_volumes(u)] if term.end <= t.start <= after.end() + 12]
    return fluids[0].end if fluids else None


# ... right after the fluids ("500cc for UOP", "NS bolus d/t AKI"); "for soft BP", "for shock", "for MAP
# < 65" are the pressure's
@cache
def _for_another() -> re.Pattern[str]:
    return re.compile(
        r"(?: {0,2}(?:bolus(?:es)?|of ns|of lr|ns|lr|nacl|saline|given|iv|ivf|x ?\d|\d{2,4} ?(?:ml|cc|l)))*[ (]{0,3}"
        + _reason_phrase(),
        re.ASCII,
    )


# ... or over by now, said after them with an earlier day: "had fluid boluses on day 2 and 3 for soft
# pressures, none since", "1 bolus yesterday for soft pressures, none needed today"
_NONE_SINCE = re.compile(
    r"(?<![a-z])(?:none|no more|no further|not needed|none needed|no boluses|no fluids)(?: needed| required| given)?"
    r" (?:since|today|overnight|since then|this am|this morning|now)(?![a-z])",
    re.ASCII,
)
_EARLIER_DAY = re.compile(
    r"(?<![a-z])(?:yesterday|last night|on admission|last week|earlier this week|days? ago|on day \d|day \d|d ?\d"
    r"|on (?:mon|tues|wednes|thurs|fri|satur|sun)day)(?![a-z0-9])",
    re.ASCII,
)


def _for_another_reason(u: Utterance, term: Term) -> bool:
    return _for_another().match(u.text, term.end, u.clauses[term.clause].end) is not None


def _over(u: Utterance, fluids: list[Term]) -> list[tuple[int, int]]:
    """Fluids, and the low pressure they were for, said to be over later in their sentence ("had fluid
    boluses on day 2 and 3 for soft pressures, none since"): from the fluids to the stop."""
    spans = []
    denied = [t for t in fluids if t.negated]  # "..., today D3 ..., no further fluids"
    for term in fluids:
        if term.negated:
            continue
        said = _NONE_SINCE.search(u.text, term.end, _sentence_end(u.text, term.end))
        stop = said.start() if said else next((t.start for t in denied if t.start > term.end), None)
        if stop is not None and _EARLIER_DAY.search(u.text, u.clauses[term.clause].start, stop):
            spans.append((term.start, said.end() if said else stop))
    return spans


@cache
def _taken_back() -> re.Pattern[str]:
    """What stands between an agent and the one the clinician meant instead ("norepi, sorry I mean
    vasopressin", "earlier I said norepi, meant vasopressin"): its dose at most, a correction, a few
    linking words."""
    return re.compile(r"(?:[^a-z]|mcg|ug|kg|min|mg|units?|u)*?(?<![a-z])"
                      rf"{alternation(vocab.words('correction', 'cues'))}(?![a-z])"
                      r"[ ,:.-]*(?:(?:sorry|i mean|i meant|meant|to say|it'?s|its|it was|(?:he|she|they)'?s|is|on|the)"
                      r"(?![a-z])[ ,:.-]*){0,3}$", re.ASCII)


# "levo, actually vaso too": an agent added, not one meant instead
_ADDED = re.compile(r"[ 0-9.,/a-z]{0,24}?(?<![a-z])(?:too|also|as well|added|and|plus|\+|&)(?![a-z])", re.ASCII)


def _corrected_agents(u: Utterance) -> set[int]:
    """The starts of the vasopressors named by mistake and corrected by the next one named."""
    agents = sorted(u.of_kind(kinds.VASOPRESSOR), key=lambda t: t.start)
    return {first.start for first, then in pairwise(agents)
            if first.name != then.name and _taken_back().fullmatch(u.text, first.end, then.start)
            and not _ADDED.match(u.text, then.end)}


def _tally(u: Utterance, pressures: list[tuple[int, int, int]]) -> Tally:
    tally = Tally()
    corrected = _corrected_agents(u)
    wanted = (
        kinds.VASOPRESSOR, kinds.PRESSOR_GENERIC, kinds.NORMOTENSIVE, kinds.HYPOTENSIVE, kinds.FLUID, kinds.RESTARTED
    )
    running = {t.clause for t in u.of_kind(kinds.VASOPRESSOR) if not t.negated and not t.past}
    volumes = _volumes(u)
    over = _over(u, [*u.of_kind(kinds.FLUID), *volumes]) if "none" in u.text or "no " in u.text else []
    for term in sorted([*u.of_kind(*wanted), *volumes], key=lambda t: t.start):
        if term.kind in (kinds.FLUID, kinds.HYPOTENSIVE) and any(a <= term.start < b for a, b in over):
            tally.over.append(term)  # "had fluid boluses on day 2 and 3 for soft pressures, none since"
            continue
        if term.kind == kinds.VASOPRESSOR and term.start in corrected:
            tally.taken_back.append(term)  # "earlier I said norepi, meant vasopressin": taken back
            continue
        if term.kind in (kinds.VASOPRESSOR, kinds.PRESSOR_GENERIC) and u.earlier_row(SLOT, term.start):
            continue  # "levo 0.08 currently. 0300: no vasopressors": a row of an earlier time
        if _low_while_off(u, term, pressures, running):
            tally.without.append(term)  # "levo 0.1, BP 80s off pressors": how low it is without them, not a stop
            continue
        if term.past and term.negated and term.kind == kinds.VASOPRESSOR:
            tally.agent(term, on=False)  # "was on levo, now off"
        elif term.past and term.negated:
            tally.generic(term, None)
        elif term.past:
            tally.past.append(term)
        elif term.kind == kinds.RESTARTED:
            _restart(u, tally, term)
        elif term.kind == kinds.VASOPRESSOR:
            tally.agent(term, on=not term.negated)
        elif term.kind == kinds.PRESSOR_GENERIC and term.negated and (
            _OTHER.search(u.text, 0, term.start) or _OTHER_IN.match(u.text, term.start, term.end)
        ):
            continue  # "just vasopressin, no other pressors", "no need for another pressor": nothing beyond those named
        elif term.kind == kinds.PRESSOR_GENERIC and term.negated and term.name in _not_vasopressin() and any(
            t.name == "vasopressin" and not t.negated and not t.past for t in u.of_kind(kinds.VASOPRESSOR)
        ):
            continue  # "vasopressin only (no catecholamines)": vasopressin is no catecholamine
        elif term.kind == kinds.PRESSOR_GENERIC and not term.negated and _heading_of_agents(u, term):
            continue  # "pressors: norepi (off 0400), vaso (off 0600)": the heading of the agents named
        elif term.kind == kinds.PRESSOR_GENERIC:
            tally.generic(term, None if term.negated else _count(u, term))
        elif term.kind == kinds.NORMOTENSIVE and term.name in _no_treatment() and (
            any(p[0] < LOW_SYSTOLIC for p in pressures) or u.of_kind(kinds.HYPOTENSIVE)
        ):
            continue  # "hypotensive, no fluids needed": low, and needing nothing is not normal
        elif term.kind == kinds.HYPOTENSIVE and term.negated and (given := _fluids_after(u, term)) is not None:
            tally.fluids = (term.span[0], given)  # "no longer hypotensive after 1L": hypotension that responded
        elif (term.kind == kinds.NORMOTENSIVE and not term.negated) or (
            term.kind == kinds.HYPOTENSIVE and term.negated
        ):
            tally.normal = term
        elif term.kind == kinds.HYPOTENSIVE and _BASELINE.search(u.text, term.start, _sentence_end(u.text, term.end)):
            tally.normal = replace(term, name="baseline")  # "BP soft 90s but that's her baseline"
        elif term.kind == kinds.HYPOTENSIVE:
            tally.hypotensive = term
        elif not term.negated and _for_another_reason(u, term):
            tally.other_reason.append(term)  # "bolused 500cc for UOP 15 mL/hr": not for the pressure
        elif not term.negated:
            tally.fluid_given = tally.fluid_given or term.span
            response = _responded(u, term, pressures)
            if response is not None:
                tally.fluids = (min(term.span[0], response[0]), max(term.span[1], response[1]))
            elif any(p[0] < LOW_SYSTOLIC for p in pressures):
                tally.hypotensive = term
    _added_to_past(u, tally)
    _bolus_then_infusion(u, tally)
    if not tally.running and tally.unnamed is None and (dosed := _UNNAMED_INFUSION.search(u.text)) is not None:
        # "2 x 500mL NS boluses, now on infusion 0.08 mcg/kg/min": an agent at a vasopressor's dose, not named
        clause = u.clause_index(dosed.start())
        named = _NAMED_BEFORE.search(u.text, max(0, dosed.start() - 24), dosed.start())  # "dobutamine infusion 5 ..."
        if not u.in_clause(clause, kinds.VASOPRESSOR, kinds.DRUG) and named is None:
            tally.unnamed = Term(kinds.PRESSOR_GENERIC, "infusion", dosed.start(), dosed.end(), clause, False,
                                 dosed.span())
    if pressures and tally.normal is None and not tally.hypotensive:
        lowest = min(pressures)
        if lowest[0] >= NORMAL_SYSTOLIC or _BASELINE.search(u.text):
            clause = u.clause_index(lowest[1])
            tally.normal = Term(kinds.NORMOTENSIVE, "numbers", lowest[1], lowest[2], clause, False, lowest[1:])
    return tally


# "metaraminol boluses 0.5mg x3, now on infusion 3mg/h": the infusion of the agent just given as boluses
_INFUSION_NOW = re.compile(r"(?<![a-z])(?:(?:now|then|since) (?:on|running)|started|commenced|converted to|switched to|"
                           r"now on|put on|running as)(?: an?| the)? (?:infusion|gtt|drip)(?![a-z])"
                           r"|(?<![a-z])(?:infusion|gtt|drip) (?:started|commenced|running|now)(?![a-z])", re.ASCII)


_NAMED_BEFORE = re.compile(r"(?<![a-z])(?!(?:on|an|the|now|started|running|and|with|then|new|an)\b)[a-z]{3,} $",
                           re.ASCII)
_UNNAMED_INFUSION = re.compile(r"(?<![a-z])(?:infusion|gtt|drip)(?: (?:at|of|@))? ?\d{0,3}[.,]?\d{1,3} ?"
                               r"(?:mcg|ug|micrograms?)(?: ?/ ?kg)? ?/ ?min(?![a-z])", re.ASCII)


def _bolus_then_infusion(u: Utterance, tally: Tally) -> None:
    """An agent said as boluses, then an infusion with no agent named: that agent runs now."""
    for term in list(tally.stopped_agents):
        said = u.text[term.span[0] : term.span[1]]
        later = _INFUSION_NOW.search(u.text, term.span[1])
        if "bolus" not in said or later is None:
            continue
        if any(t.start < later.start() for t in u.of_kind(kinds.VASOPRESSOR) if t.start > term.end):
            continue  # another agent named between: the infusion is that one's
        tally.stopped_agents.remove(term)
        tally.agent(replace(term, negated=False, span=(term.span[0], later.end())), on=True)


def _unlinked(u: Utterance, tally: Tally) -> bool:
    """Fluids given, then a normal pressure said, with nothing to say how they relate: no reason of
    their own ("1L NS for UOP", "MIVF at 125 mL/h"), no later day or stop between them ("a bolus D2 ...
    Today D3: BP 120s, no fluids since D2"), and no flow of oxygen or lab value read as fluids
    ("sat 91% -> 4L", "albumin 38")."""
    if tally.fluid_given is None or tally.normal is None or tally.normal.start < tally.fluid_given[1]:
        return False
    start, end = tally.fluid_given
    named = u.text[start:end]
    if named.startswith(("->", "\u2192")) or _LAB_VALUE.match(u.text, end):
        return False
    between = (end, tally.normal.start)
    later = [t for t in u.of_kind(kinds.FLUID) if t.negated and t.start >= end]
    return not later and not _other_reason().search(u.text, *between) and not _LATER_TIME.search(u.text, *between)


def _child_limit(u: Utterance) -> int | None:
    """The lowest normal systolic pressure for a child whose age is given (paediatric CARTOX, FACTS-2
    section 1, V (MAHADEO): 70 + 2 x age in years at 1-10 years, 90 above 10), or None."""
    years = age.years_old(u)
    if years is None or not 1 <= years < age.ADULT_FROM_YEARS:
        return None  # an adult, an infant (the fact sheets give no limit), or no age given
    per_year, base, older = vocab.values("hypotension", "child_systolic_limit")
    return int(base + per_year * years) if years <= older else LOW_SYSTOLIC


def _for_age(pressures: list[tuple[int, int, int]], limit: int) -> list[tuple[int, int, int]]:
    """A child's systolic readings on the adult scale the rules are written in: at or above the limit for
    age normal, below it low (a mean pressure, which has no limit for age here, is kept as it is)."""
    return [(max(value, NORMAL_SYSTOLIC) if value >= limit else min(value, LOW_SYSTOLIC - 1), start, end)
            for value, start, end in pressures]


def read(u: Utterance) -> list[Outcome]:
    pressures = _pressures(u)
    # only a pressure with nothing given for it is read by the child's limit: "BP 85/50 bolused 20 mL/kg x2"
    # was treated as hypotension, whatever the limit says
    treated = any(not t.negated for t in u.of_kind(kinds.FLUID, kinds.VASOPRESSOR, kinds.PRESSOR_GENERIC,
                                                  kinds.HYPOTENSIVE)) or bool(_volumes(u))
    limit = _child_limit(u) if pressures and not treated else None
    found: list[Outcome] = []
    if limit is not None:
        systolic = [p for p in pressures if _MAP_SAID.search(u.text, p[1], p[2]) is None]
        if systolic:
            pressures = [*_for_age(systolic, limit), *(p for p in pressures if p not in systolic)]
            pressures.sort(key=lambda p: p[1])
            found.append(Note(systolic[0][1], systolic[-1][2],
                              f"blood pressure read against the limit for the child's age: systolic below {limit} "
                              "mmHg is low (70 + 2 x age at 1-10 years, 90 above 10: paediatric CARTOX, MAHADEO)"))
    tally = _tally(u, pressures)
    found += [
        Note(*t.span, f"'{u.original[t.span[0] : t.span[1]]}' read as before, not now") for t in tally.past
    ]
    found += [Note(*t.span, f"'{u.original[t.span[0] : t.span[1]]}' read as the pressure without it, not a stop")
              for t in tally.without]
    found += [Note(*t.span, f"'{u.original[t.span[0] : t.span[1]]}' read as fluids for another reason, not for "
                   "the blood pressure") for t in tally.other_reason]
    found += [Note(*t.span, f"'{u.original[t.span[0] : t.span[1]]}' read as fluids before, none now")
              for t in tally.over]
    found += [Note(*t.span, f"'{u.original[t.span[0] : t.span[1]]}' read as taken back by the agent named after it, "
                   "not running") for t in tally.taken_back]
    found += [Note(*t.span, f"'{u.original[t.span[0] : t.span[1]]}' read as still running: another agent said "
                   "with it before was said to be off, this one not (say so if it is off too)")
              for t in u.of_kind(kinds.VASOPRESSOR) if t.still_on]
    described = describe(tally, u.original)
    low = [p for p in pressures if p[0] < LOW_SYSTOLIC]
    hypotension = low or tally.hypotensive is not None
    # "vasopressor support was initiated": an agent running, unnamed, is never hypotension treated with
    # fluids (but "is it time for pressors?" asks about one)
    asked = tally.unnamed is not None and "?" in u.text[u.clauses[tally.unnamed.clause].start :
                                                        u.clauses[tally.unnamed.clause].end + 1]
    unnamed = tally.unnamed is not None and not asked
    running = unnamed or (described is not None
                          and described[0] in ("one-pressor", "multi-pressor", "vasopressin-only"))
    bolus = tally.fluid_given is not None and not running and tally.fluids is None
    # "didn't need levo after the bolus": an agent not needed with the fluids after it in its clause
    fluid_at = tally.fluid_given[0] if tally.fluid_given is not None else None
    not_needed = fluid_at is not None and any(
        t.clause == u.clause_index(fluid_at) and t.end <= fluid_at for t in tally.stopped_agents)
    if bolus and not low and tally.hypotensive is None and (tally.stopped is not None or not_needed):
        # "required 30 mL/kg of crystalloid to keep MAP > 65": fluids given for the pressure
        echo = "fluids given for the blood pressure, no vasopressors (read as hypotension not requiring vasopressors)"
        assert tally.fluid_given is not None
        return [*found, Mention(SLOT, "fluids", *tally.fluid_given, echo)]
    if bolus and not low and tally.hypotensive is None and _unlinked(u, tally):
        # "1L bolus in ED, BP 120/80 on arrival": the pressure may be the bolus's response; never read
        # as no hypotension without a word
        assert tally.fluid_given is not None and tally.normal is not None
        if _NOW_NORMAL.search(u.text, max(0, tally.normal.start - 8), min(len(u.text), tally.normal.end + 6)):
            # "15L NRB plus 2L of fluid. ... A: BP 100/60 now": the pressure now, with the fluids given
            echo = "fluids given, blood pressure now normal (read as hypotension not requiring vasopressors)"
            return [*found, Mention(SLOT, "fluids", tally.fluid_given[0], tally.normal.end, echo)]
        return [*found, Problem(SLOT, tally.fluid_given[0], tally.normal.end, _UNLINKED)]
    if (bolus and not low and tally.hypotensive is None and pressures and tally.fluid_given is not None
            and _GIVEN_BEFORE.search(u.text, max(0, tally.fluid_given[0] - 14), tally.fluid_given[0] + 4)):
        # "BP 94/56 ... | s/p NS 1L bolus": the pressures said are those after the fluids, and none is low
        echo = "fluids given before the pressures said, none low (read as hypotension not requiring vasopressors)"
        spans = [tally.fluid_given, *(p[1:] for p in pressures)]
        return [*found, Mention(SLOT, "fluids", min(s for s, _ in spans), max(e for _, e in spans), echo)]
    persisting = _NOT_BETTER.search(u.text) is not None or _REFRACTORY.search(u.text) is not None
    given_only = tally.fluid_given is not None and not persisting  # "despite 2L fluids" is asked
    # "still hypotensive, no epi yet": an agent not running beside a low pressure said with nothing normal
    not_now = bool(tally.stopped_agents) and tally.normal is None and all(p[0] < NORMAL_SYSTOLIC for p in pressures)
    stopped = tally.stopped is not None or not_now
    if given_only and low and not running and u.planned_pressors:
        # "BP 85/50 after 2L, will start levo": a vasopressor about to start is no hypotension that needs none
        said = u.planned_pressors[0]
        return [*found, Problem(SLOT, low[0][1], said.end,
                                f"'{u.original[said.start : said.end]}' planned beside a low blood pressure after "
                                "fluids: say whether it is running")]
    if hypotension and not running and tally.fluids is None and (stopped or given_only):
        # "MAP 63 after 2 boluses, no pressor", "pressures soft, gave 500 mL": hypotension treated
        # without a vasopressor (one would have been named)
        # "MAP 63 after 2 boluses, no pressor": hypotension not requiring vasopressors (ASTCT grade 2)
        spans = [*(p[1:] for p in low), *(s for s in (tally.fluid_given,) if s)]
        if tally.stopped is not None:
            spans.append(tally.stopped.span)
        spans += [t.span for t in tally.stopped_agents]
        if tally.hypotensive is not None:
            spans.append(tally.hypotensive.span)
        start, end = min(s for s, _ in spans), max(e for _, e in spans)
        echo = "hypotension without vasopressors (read as hypotension not requiring vasopressors)"
        return [*found, Mention(SLOT, "fluids", start, end, echo)]
    if described is not None and described[0] == "none" and low and tally.normal is None:
        # "BP 80/45, no pressors yet": hypotension without vasopressors is not "none"
        return [*found, Problem(SLOT, low[0][1], low[0][2], _UNTREATED)]
    if (described is not None and described[0] == "none" and low and tally.normal is not None
            and tally.normal.name not in ("baseline", "numbers") and not _BASELINE.search(u.text)):
        # "BP fine, then 84/50 needing 1L", "vitals wnl except BP 84/50": a normal word beside a low
        # reading does not make it normal ("never a lower grade"): asked
        start, end = min(low[0][1], tally.normal.start), max(low[0][2], tally.normal.end)
        return [*found, Problem(SLOT, start, end, _LOW_AND_NORMAL)]
    counted = tally.count is not None and tally.count[0] > len(tally.running)
    if described is not None and counted and described[0] == "multi-pressor" and u.expecting != SLOT:
        # "on 2 pressors": the second may be vasopressin, which does not count (grade 3, not 4)
        assert tally.count is not None
        return [*found, Problem(SLOT, tally.count[1], tally.count[2], _UNNAMED_COUNT)]
    if described is not None:
        value, start, end, echo = described
        return [*found, Mention(SLOT, value, start, end, echo)]
    if tally.unnamed is not None:
        return [*found, Problem(SLOT, *tally.unnamed.span, _UNNAMED)]
    if tally.hypotensive is not None:
        return [*found, Problem(SLOT, *tally.hypotensive.span, _UNTREATED)]
    low = [p for p in pressures if p[0] < NORMAL_SYSTOLIC]
    if low:
        return [*found, Problem(SLOT, low[0][1], low[0][2], _UNTREATED)]
    return found
