"""Oxygen support by ASTCT: nasal cannula up to 6 L/min and blow-by are low flow; cannula
above 6 L/min, HFNC and masks (any flow) are high flow; CPAP, BiPAP, NIV and ventilation are
positive pressure. Room air, "off oxygen" and "no O2" are none. In a clause the last device
named wins ("weaned from HFNC to 4L NC"); a flow goes with the nearest device.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from dialogs.understanding import terms as kinds
from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.oxygen_echo import device_outcome, flow_outcome
from dialogs.understanding.patterns import Words, alternation, compile_words
from dialogs.understanding.results import Mention, Note, Outcome, Problem
from dialogs.understanding.utterance import Term, Utterance, done_extubation, past_pattern
from knowledge.grading import OXYGEN_GRADE

SLOT = "oxygen"
_UNNAMED = (
    "oxygen mentioned without a device or flow: say room air, nasal cannula with L/min, "
    "high-flow or mask, or CPAP/BiPAP/ventilator"
)
_ON = re.compile(r"(?<![a-z])(?:on|at|@|only|just|currently|today) {0,2}$", re.ASCII)
_PERCENT = re.compile(r"% ?(?:on |/ ?)?$", re.ASCII)  # "sats 95% 2L", "FiO2 60%/50L"
# "sats 95 2L": a flow right after a saturation
_SATURATION = re.compile(r"(?<![a-z])(?:sats?|spo2|o2 sats?) {0,2}(?:of |at |is )?\d{2,3} {1,2}$", re.ASCII)
_TO = re.compile(r"(?<![a-z])(?:to|onto) {0,2}$", re.ASCII)  # "from BiPAP to 6L": only after a device now past
_FROM = re.compile(r"(?<![a-z])from {0,2}$", re.ASCII)
_FROM_TO = re.compile(
    r"(?<![a-z])from {0,2}\d{1,2}(?:[.,]\d)? ?(?:l|lpm|l/min|liters?|litres?)? {0,2}(?:to|->|\u2192) {0,2}$", re.ASCII
)
_INTERFACE_GAP = 40
_WORD = re.compile(r"[a-z0-9]", re.ASCII)
_COMFORT_WITH_SATURATION = ("; a saturation on room air is stated too: if the oxygen is needed for low saturations, "
                            "it counts (give the support again without 'for comfort', e.g. '2 L nasal cannula')")


@cache
def _no_hypoxia() -> Words:
    return compile_words(vocab.words("oxygen", "no_hypoxia"))


@cache
def _comfort() -> Words:
    return compile_words(vocab.words("oxygen", "comfort"))


def _only_comfort(text: str) -> bool:
    said = _comfort().match(text)
    return said is not None and said.end() == len(text)


def _for_comfort(u: Utterance, clause: int) -> re.Match[str] | None:
    """ "2L NC for comfort", "on 2 L, for comfort only": said in the clause or the next one."""
    end = u.clauses[clause].end
    if clause + 1 < len(u.clauses) and not u.in_clause(clause + 1, kinds.OXYGEN_DEVICE, kinds.ROOM_AIR):
        end = u.clauses[clause + 1].end
    return _comfort().search(u.text, u.clauses[clause].start, end)


@cache
def _not_comfort_before() -> re.Pattern[str]:
    return re.compile(r"(?<![a-z])" + alternation(vocab.words("oxygen", "not_comfort_before")) + r" {1,2}$", re.ASCII)


@cache
def _oxygen_needed() -> Words:
    return compile_words(vocab.words("oxygen", "oxygen_needed"))


def _comfort_denied(u: Utterance, comfort: re.Match[str]) -> bool:
    """ "2L NC for hypoxia, not comfort", "not just comfort - needs 4L", "comfort? no": the support counts."""
    before = _not_comfort_before().search(u.text, max(0, comfort.start() - 20), comfort.start())
    needed = [m for m in _oxygen_needed().finditer(u.text)
              if not _NEED_DENIED.search(u.text, max(0, m.start() - 16), m.start())]
    return before is not None or bool(needed) or _LOW_WITHOUT.search(u.text) is not None


# "no O2 for hypoxia, just 2L for comfort", "no O2 requirement": a need denied is no need
_NEED_DENIED = re.compile(r"(?<![a-z])(?:no|not|without|never|doesn't|does not|doesnt|don't|dont)"
                          r"(?: (?:o2|oxygen|supplemental o2|supplemental oxygen))? {0,2}$", re.ASCII)


# "sat 89% off it", "sats 86% when off", "SpO2 88 without O2": low without the oxygen, so it is needed
_LOW_WITHOUT = re.compile(r"(?<![a-z])(?:sats?|spo2|sao2)[^,;.]{0,12}?(?<![0-9])(?:[5-8]\d|9[01])(?![0-9]) ?%?"
                          r"[^,;.]{0,8}?(?<![a-z])(?:off|without|when off|when removed|when taken off|if removed)"
                          r"(?![a-z])", re.ASCII)


def _comfort_outcome(u: Utterance, outcome: Outcome, comfort: re.Match[str]) -> Outcome:
    if not isinstance(outcome, Mention) or outcome.value == "none":
        return outcome
    if _comfort_denied(u, comfort):
        note = f"'{u.original[comfort.start() : comfort.end()]}' denied or the oxygen said to be needed: it counts"
        return Mention(SLOT, outcome.value, outcome.start, outcome.end, f"{outcome.echo}; {note}")
    start, end = min(outcome.start, comfort.start()), max(outcome.end, comfort.end())
    said = u.original[outcome.start : outcome.end]
    if outcome.value != "low-flow":
        note = f"'{u.original[comfort.start() : comfort.end()]}' not applied to {outcome.value} support: read as needed"
        return Mention(SLOT, outcome.value, outcome.start, outcome.end, f"{outcome.echo}; {note}")
    echo = f"oxygen for comfort only ({said}): does not count as hypoxia"
    if any(_saturation_on_air(u, t) for t in u.of_kind(kinds.ROOM_AIR)):
        # "3L NC 'just for comfort' but sats 89% RA": the fact sheets give no saturation that decides it
        echo += _COMFORT_WITH_SATURATION
    return Mention(SLOT, "none", start, end, echo, statement=vocab.text("oxygen", "comfort_statement"))


@cache
def _flow() -> re.Pattern[str]:
    units = alternation(vocab.words("oxygen", "flow_units"), glued=True)
    glued = r"l(?=(?:hf)?nc(?![a-z]))"  # "4LNC"
    # "2-3L", "4 to 8 L": a range is read at its top (the higher support), from where it starts
    low = r"(?:\d{1,2}(?:[.,]\d)? ?(?:-|to|\u2013) ?)?"
    return re.compile(rf"(?<![0-9.,]){low}(?P<num>\d{{1,3}}(?:[.,]\d{{1,2}})?) ?(?P<unit>{units}|{glued})", re.ASCII)


_BRACKETS = str.maketrans("/()[],", "      ")  # "CPAP (mask)", "BiPAP [FFM]"


# A record's flow field: "O2 Flow Rate (L/min): 12", "Flow (lpm) = 3", "oxygen flow: 4"
_LABELLED_FLOW = re.compile(
    r"(?<![a-z])(?:o2 |oxygen )?flow(?: ?rate)?(?: ?\((?:l/min|lpm|l/m|l|litres?/min|liters?/min)\))? {0,2}[:=] {0,2}"
    r"(?P<num>\d{1,2}(?:[.,]\d)?)(?![0-9%]|[.,][0-9])",
    re.ASCII,
)


def _labelled_flow(u: Utterance) -> re.Match[str] | None:
    """The one flow field of a record, for a cannula named in another field without its flow."""
    found = list(_LABELLED_FLOW.finditer(u.text))
    return found[0] if len(found) == 1 else None


def _is_interface(u: Utterance, term: Term, previous: Term | None) -> bool:
    """A mask or nasal prongs right after CPAP/BiPAP/NIV ("BiPAP via full face mask", "CPAP 6 via
    nasal prongs") is how it is worn."""
    if (term.name not in ("face_mask", "nasal_cannula", "pressure_settings") or previous is None
            or previous.kind != kinds.OXYGEN_DEVICE):
        return False
    if vocab.device(previous.name).support != "positive-pressure" or term.start - previous.end > _INTERFACE_GAP:
        return False
    allowed = vocab.words("oxygen", "interface_words")
    between = u.text[previous.end : term.start].translate(_BRACKETS).split()
    return all(word in allowed or any(ch.isdigit() for ch in word) for word in between)


@cache
def _mask_of_device() -> Words:
    return compile_words(vocab.words("oxygen", "mask_of_device"))


def _mask_of_named_device(u: Utterance, term: Term) -> bool:
    """ "BiPAP 16/8 FiO2 60%, good mask seal", "NIV, tolerating mask": the mask of the positive
    pressure named before it, said with a word of `oxygen.mask_of_device` beside it."""
    if term.name != "face_mask" or not _named_positive_pressure(u, before=term.start):
        return False
    return _mask_of_device().search(u.text, max(0, term.start - 16), min(len(u.text), term.end + 12)) is not None


def _named_positive_pressure(u: Utterance, before: int | None = None) -> bool:
    return any(t.name != "pressure_settings" and not t.past and not t.negated
               and vocab.device(t.name).support == "positive-pressure" and (before is None or t.start < before)
               for t in u.of_kind(kinds.OXYGEN_DEVICE))


# "sats 91% RA", "SpO2 82% on room air": a saturation measured on room air
_SATURATION_ON = re.compile(r"\d{2,3} ?% ?(?:(?:on|at|in|off) {1,2})?(?:the )?$", re.ASCII)


def _saturation_on_air(u: Utterance, term: Term) -> bool:
    """Room air after a saturation ("on 2L NC for sats 91% RA", "BiPAP, sats were 82% on RA") when
    a device or oxygen is named as now: the saturation that led to the device, not the support now.
    Alone ("T 38.4, sats 95% RA") it is the support now."""
    if term.kind != kinds.ROOM_AIR or not _SATURATION_ON.search(u.text, max(0, term.start - 12), term.start):
        return False
    return _support_named_now(u)


def _support_named_now(u: Utterance) -> bool:
    """A device or oxygen named as now (not negated, not before, not the patient's own device for
    sleep: "sats 95% RA, uses his home CPAP at night for OSA" is on room air)."""
    return any(not t.negated and not t.past and not _home_sleep_device(u, t.start)
               for t in u.of_kind(kinds.OXYGEN_DEVICE, kinds.OXYGEN_GENERIC))


def _home_sleep_device(u: Utterance, start: int) -> bool:
    """A device said at `start` in a clause that makes it the patient's own, worn for sleep ("home CPAP qhs for
    OSA", "uses his CPAP overnight for OSA as usual"), in a line with no word that it is worn now
    or needed ("now on it continuously", "for hypoxia") and no low saturation on room air."""
    clause = u.clauses[u.clause_index(start)]
    home = _home_device().search(u.text, clause.start, clause.end)
    night = (_part_time().search(u.text, clause.start, clause.end)
             or _sleep_apnoea().search(u.text, clause.start, clause.end))
    if not (home and night) or _NOW_WORD.search(u.text, clause.start) or _oxygen_needed().search(u.text):
        return False
    return not any(_low_saturation(u, t) for t in u.of_kind(kinds.ROOM_AIR))


@cache
def _measured_before() -> re.Pattern[str]:
    # the word, then a value or a few words ("pO2 48 on RA", "ABG pre-intubation on RA")
    return re.compile(r"(?<![a-z])" + alternation(vocab.words("oxygen", "measured_on_air_before"))
                      + r"(?:[ ]{1,2}[a-z0-9.%-]+){0,2} {1,2}(?:on |in |at |of )?(?:the )?$", re.ASCII)


@cache
def _measured_after() -> re.Pattern[str]:
    return re.compile(r"[ :,-]{0,3}" + alternation(vocab.words("oxygen", "measured_on_air_after"))
                      + r"(?![a-z])", re.ASCII)


# "RA sat 85%", "room air sats of 88": a saturation said right after room air
_SATURATION_AFTER = re.compile(r"[ :,-]{0,3}(?:o2 )?(?:sats?|spo2|sao2|saturations?|saturating)[ :=]{0,3}"
                               r"(?:of |was |were |is |at )?(?P<n>\d{2,3})(?![0-9])", re.ASCII)


# "sat 85 on RA", "desatted to 84 on room air", "SpO2 on RA 87%": a saturation said before room air
_SATURATION_BEFORE = re.compile(r"(?:o2 )?(?:sats?|spo2|sao2|saturations?|saturating|desatt?(?:ing|ed|s)? to)"
                                r"[ :=]{0,3}(?:of |was |were |is |at )?(?:(?P<n>\d{2,3})(?![0-9]) ?%?)?"
                                r"(?: {1,2}(?:on|at|in|off))? {1,2}(?:the )?$", re.ASCII)
_NUMBER_AFTER = re.compile(r" {0,2}(?P<n>\d{2,3}) ?%", re.ASCII)


def _low_saturation(u: Utterance, term: Term) -> bool:
    """A saturation below `oxygen.low_saturation_on_air` said right after or right before room air."""
    low = vocab.values("oxygen", "low_saturation_on_air")[0]
    after = _SATURATION_AFTER.match(u.text, term.end)
    if after is not None:
        return int(after.group("n")) < low
    before = _SATURATION_BEFORE.search(u.text, max(0, term.start - 40), term.start)
    if before is None:
        return False
    number = before if before.group("n") else _NUMBER_AFTER.match(u.text, term.end)
    return number is not None and int(number.group("n")) < low


def _measured_on_air(u: Utterance, term: Term) -> bool:
    """Room air where a gas or a low saturation was measured or that was briefly tried ("HFNC 40L,
    RA sat 85%", "intubated; ABG on room air pO2 48", "on BiPAP, tried RA for 10 min") when a device
    or oxygen is named as now."""
    if term.kind != kinds.ROOM_AIR:
        return False
    if not (_measured_after().match(u.text, term.end) or _low_saturation(u, term)
            or _measured_before().search(u.text, max(0, term.start - 32), term.start)):
        return False
    return _support_named_now(u)


@cache
def _failed_before() -> re.Pattern[str]:
    # the cue, then a few words of the same clause ("desats off O2 on RA", "desat within seconds on RA")
    return re.compile(r"(?<!no )" + alternation(vocab.words("oxygen", "room_air_failed_before"))
                      + r"(?:[ ]{1,2}[a-z0-9%]+){0,3} {1,2}(?:the |on )?$", re.ASCII)


@cache
def _failed_after() -> re.Pattern[str]:
    return re.compile(r"[ :-]{0,3}" + alternation(vocab.words("oxygen", "room_air_failed_after")), re.ASCII)


@cache
def _aimed_before() -> re.Pattern[str]:
    return re.compile(r"(?<![a-z])" + alternation(vocab.words("oxygen", "room_air_aimed_before")) + r" {1,2}(?:the )?$",
                      re.ASCII)


def _aimed_at_air(u: Utterance, term: Term) -> bool:
    """Room air as an aim ("hoping to wean to RA"): not the support now."""
    return term.kind == kinds.ROOM_AIR and bool(_aimed_before().search(u.text, max(0, term.start - 28), term.start))


def _failed_on_air(u: Utterance, term: Term) -> bool:
    """Room air the patient did not manage ("desats on RA", "can't tolerate RA", "RA trial failed"):
    not the support now, whether or not the device is named (then the oxygen is asked)."""
    return term.kind == kinds.ROOM_AIR and bool(
        _failed_before().search(u.text, max(0, term.start - 28), term.start) or _failed_after().match(u.text, term.end)
    )


def _room_air_not_now(u: Utterance, term: Term) -> str | None:
    """What a room air term was read as when it is not the support now, or None."""
    if _aimed_at_air(u, term):
        return "an aim"
    if _failed_on_air(u, term):
        return "room air that was tried and not tolerated"
    if _saturation_on_air(u, term):
        return "where a saturation was measured"
    if _measured_on_air(u, term):
        return "where a gas or saturation was measured or air was briefly tried"
    return None


def saturations_on_air(u: Utterance) -> list[Outcome]:
    found: list[Outcome] = []
    for t in u.of_kind(kinds.ROOM_AIR):
        read_as = _room_air_not_now(u, t)
        if read_as is not None:
            found.append(Note(t.start, t.end, f"'{u.original[t.start : t.end]}' read as {read_as}, not the oxygen "
                              "support now"))
    return found


def _candidates(u: Utterance, clause: int) -> list[Term]:
    """Devices, room air and negated oxygen in the clause, in order."""
    found: list[Term] = []
    previous: Term | None = None
    for term in u.in_clause(clause, kinds.OXYGEN_DEVICE, kinds.ROOM_AIR, kinds.OXYGEN_GENERIC):
        settings = term.name == "pressure_settings" and _named_positive_pressure(u)
        if term.past or settings or _room_air_not_now(u, term) or _mask_of_named_device(u, term):
            pass  # "BiPAP 12/6, PEEP 5": the settings of the device named; "2L NC for sats 91% RA"
        elif (
            (term.kind == kinds.OXYGEN_DEVICE and not term.negated and not _is_interface(u, term, previous))
            or (term.kind == kinds.ROOM_AIR and not term.negated)
            or (term.kind == kinds.OXYGEN_GENERIC and term.negated)
        ):
            found.append(term)
        previous = term
    return found


# Words that may stand between two supports without saying which is now: the temperature's keywords
# and units, and `oxygen.between_supports` (vital signs' labels, units, "and"). "HFNC 40L, RA",
# "NC 4L, T 38.5, RA": nothing makes the later lower one the support now ("never a lower grade"),
# so the higher counts and the echo says so.
_BETWEEN_WORD = re.compile(r"[a-z][a-z0-9/'-]*", re.ASCII)


@cache
def _neutral_between() -> frozenset[str]:
    words = {w for w in vocab.words("temperature", "keywords") if " " not in w}
    words |= set(vocab.words("temperature", "celsius_units")) | set(vocab.words("temperature", "fahrenheit_units"))
    return frozenset(words | set(vocab.words("oxygen", "between_supports")))


# A change or a time between two supports ("2L NC -> RA", "0500 4L NC", "| 0600 |") makes the later one now.
_CHANGE_MARK = re.compile(r"->|=>|>|\u2192|\||\b[0-2][0-9][0-5][0-9]\b|[0-9]:[0-5][0-9]", re.ASCII)


def _neutral(u: Utterance, start: int, end: int) -> bool:
    return (_CHANGE_MARK.search(u.text, start, end) is None
            and all(w in _neutral_between() for w in _BETWEEN_WORD.findall(u.text, start, end)))


def _nothing_between(u: Utterance, higher: tuple[int, int], lower: int) -> bool:
    """Nothing before the higher support in its clause, and nothing between it and the lower one said
    later, says which one is now ("HFNC 40L, 38.4 ra", "NC 4L, T 38.5, RA"; not "refused NRB, on 4L",
    "NRB; 0300 HFNC 40; 0500 4L NC")."""
    clause = u.clauses[u.clause_index(higher[0])]
    return higher[1] <= lower and _neutral(u, clause.start, higher[0]) and _neutral(u, higher[1], lower)


def _also_said(u: Utterance, lower: tuple[int, int]) -> str:
    return (f" ('{u.original[lower[0] : lower[1]]}' also said, with nothing that makes it the support now: "
            "the higher support is read; say so if the lower one is now)")


@cache
def _flow_changed() -> re.Pattern[str]:
    words = [*vocab.words("oxygen", "flow_changed"), *vocab.words("correction", "cues")]
    return re.compile(alternation(words) + r"[ .:,-]{0,4}$", re.ASCII)


def _changed_flow(u: Utterance, device: Term, flows: list[re.Match[str]]) -> re.Match[str] | None:
    """The last flow after the device said to replace its flow ("NC 2L -> 10L", "4L NC, up to 12 L",
    "2 L NC, now 10 L"), in its clause or the next one, before another device is named."""
    clause = u.clause_index(device.end)
    following = [c for c in u.clauses[clause + 1 :] if _WORD.search(u.text, c.start, c.end)][:1]
    end = following[0].end if following else u.clauses[clause].end  # "0.5 L NC... actually now 8 L"
    others = [t.start for t in u.of_kind(kinds.OXYGEN_DEVICE, kinds.ROOM_AIR) if t.start > device.end]
    end = min([end, *others])
    found = None
    for flow in flows:
        if device.end < flow.start() < end and _flow_changed().search(u.text, max(0, flow.start() - 16), flow.start()):
            found = flow
    return found


def _past_cue(text: str, clause_start: int, flow_start: int) -> bool:
    return past_pattern().search(text, max(clause_start, flow_start - 40), flow_start) is not None


# a flow that is a field of its own in a slashed list of findings
_SLASH_BEFORE = re.compile(r"/ {0,2}$", re.ASCII)
_SLASH_AFTER = re.compile(r" {0,2}/(?! ?\d{1,3}(?:[.,]\d)? ?%)", re.ASCII)


def _flow_alone(u: Utterance, clause: int, flows: list[re.Match[str]]) -> re.Match[str] | None:
    """The last flow that names oxygen by itself ("on 4 L", "4 lpm", "O2 4L"), if any."""
    if u.in_clause(clause, kinds.FLUID):
        return None  # "1 L bolus"
    start = u.clauses[clause].start
    oxygen_named = any(not t.negated for t in u.in_clause(clause, kinds.OXYGEN_GENERIC))
    past_device = any(t.past for t in u.in_clause(clause, kinds.OXYGEN_DEVICE))
    rates = vocab.words("oxygen", "flow_rate_units")
    rest = u.text[start : u.clauses[clause].end].replace(flows[0].group(), "") if flows else "x"
    # "T 38.5, 2L, levo" and "2L for comfort": a flow on its own, or with only what it is for
    alone_in_clause = len(flows) == 1 and (not rest.strip() or _only_comfort(rest.strip()))
    past_terms = [t for t in u.in_clause(clause, kinds.OXYGEN_DEVICE) if t.past]
    for flow in reversed(flows):
        if (any(0 <= t.start - flow.end() <= 2 for t in past_terms) or _past_cue(u.text, start, flow.start())
                or _FROM.search(u.text, max(start, flow.start() - 6), flow.start())):
            continue  # "was on 2L NC", "weaned from 4L", "up to 8L from 3L": that flow is before, not now
        if (
            oxygen_named
            or alone_in_clause
            or flow.group("unit") in rates
            or _ON.search(u.text, max(start, flow.start() - 11), flow.start())
            or _PERCENT.search(u.text, max(start, flow.start() - 4), flow.start())  # "sats 95% 2L"
            or _SATURATION.search(u.text, max(start, flow.start() - 16), flow.start())
            or (past_device and _TO.search(u.text, max(start, flow.start() - 6), flow.start()))
            or _flow_changed().search(u.text, max(start, flow.start() - 24), flow.start())  # "6L -> up to 10L"
            or _FROM_TO.search(u.text, max(start, flow.start() - 24), flow.start())  # "weaned from 12L to 4L"
            or (_SLASH_BEFORE.search(u.text, max(0, flow.start() - 3), flow.start())  # "38.7/ 2L/ 110/70 / cilta"
                and _SLASH_AFTER.match(u.text, flow.end()))
        ):
            return flow
    return None


# A volume of fluid in or out ("I/O +3.4L", "fluid balance +2 L", "UOP 2.3 L", "in 3.1 L / out 1.4 L"):
# a signed number or one after these words is no oxygen flow (it had replaced the device named before).
_SIGNED = re.compile(r"[+\u00b1]$", re.ASCII)  # "+3.4L", not "4L NC + 10L NRB"


@cache
def _balance_words() -> re.Pattern[str]:
    words = alternation(vocab.words("oxygen", "fluid_volume_before"))
    return re.compile(rf"(?<![a-z])(?:{words})[ :=]{{0,3}}(?:[+-] ?)?(?:\d{{1,2}}(?:[.,]\d)? ?l? ?/ ?)?$", re.ASCII)


# "SBP 80s -> 1L -> 100s", "90/50 → 1 L → 110/60": a bolus between two blood pressures
_BETWEEN_PRESSURES = re.compile(r"(?:\d0'?s|\d{2,3}/\d{2,3}|(?:s?bp|map) ?:? ?\d{2,3}) ?(?:->|\u2192) ?$", re.ASCII)


# "#CRS grade 3 - O2 > 6 L/min", "(> 6 L/min)", "NC over 6 L": a threshold, not a flow
# (not an arrow: "RA -> 2L NP"; not a change: "moved up to 8L", "can't wean below 8L")
_THRESHOLD = re.compile(r"(?:(?<![-=])>=?|<=?|\u2265|\u2264|(?<![a-z])(?:more than|less than|greater than))[ :=]{0,2}$",
                        re.ASCII)


def _balance(text: str, start: int) -> bool:
    signed = _SIGNED.search(text, max(0, start - 2), start)
    return bool(signed or _balance_words().search(text, max(0, start - 24), start)
                or _BETWEEN_PRESSURES.search(text, max(0, start - 16), start)
                or _THRESHOLD.search(text, max(0, start - 14), start))


# A flow per kilogram ("2 L/kg/min", children's high-flow dosing) is not a device's flow in L/min:
# read as one it could make high flow look like low flow (a lower grade), so it is asked instead.
_PER_KG = re.compile(r"(?<![0-9.])\d+(?:[.,]\d+)? ?(?:l|litres?|liters?|lpm) ?/ ?kg", re.ASCII)
_PER_KG_SAID = ("a flow per kg (L/kg/min) is not read as the oxygen support: give the device and its total "
                "flow in L/min, for example 'HFNC 30 L' or 'nasal cannula 2 L'")


def read(u: Utterance) -> list[Outcome]:
    per_kg = [m.span() for m in _PER_KG.finditer(u.text)]
    total = [f for f in _flow().finditer(u.text)
             if not any(s <= f.start() < e for s, e in per_kg) and not _balance(u.text, f.start())]
    # "HFNC 2L/kg (22 kg = 44 L/min)": the total flow is read, the flow per kg not; with a device whose
    # support needs no flow ("HFNC 2 L/kg/min" is high flow at any flow) the device is read
    flow_free = [t for t in u.of_kind(kinds.OXYGEN_DEVICE)
                 if not t.negated and not t.past and vocab.device(t.name).support != "cannula"]
    if per_kg and not total and not flow_free:
        return [Problem(SLOT, *per_kg[0], _PER_KG_SAID)]
    found: list[Outcome] = []
    unnamed: Term | None = None
    flows: dict[int, list[re.Match[str]]] = {}
    for flow in total:
        flows.setdefault(u.clause_index(flow.start()), []).append(flow)
    oxygen_kinds = (kinds.OXYGEN_DEVICE, kinds.ROOM_AIR, kinds.OXYGEN_GENERIC)
    clauses = sorted(set(flows) | {t.clause for t in u.of_kind(*oxygen_kinds)})
    for index in clauses:
        candidates = _candidates(u, index)
        after = [f for f in flows.get(index, []) if candidates and f.start() > candidates[-1].end]
        later = _flow_alone(u, index, after) if after and candidates[-1].kind != kinds.OXYGEN_DEVICE else None
        if later is not None:
            candidates = []  # "sats 88% on RA so put on 2 L": the flow started after room air is now
        alone = later or (None if candidates else _flow_alone(u, index, flows.get(index, [])))
        comfort = _for_comfort(u, index)
        if candidates:
            device = candidates[-1]
            if device.kind != kinds.OXYGEN_DEVICE:  # "T 38.5 hfnc 40L ra": room air after a device now
                devices = [t for t in candidates if t.kind == kinds.OXYGEN_DEVICE]
                if devices and _nothing_between(u, devices[-1].span, device.start):
                    found.append(Note(*device.span, _also_said(u, device.span)[2:-1]))
                    device = devices[-1]
            near = _changed_flow(u, device, total) or min(
                flows.get(index, []), key=lambda f: max(f.start() - device.end, device.start - f.end(), 0), default=None
            )
            if near is None and device.kind == kinds.OXYGEN_DEVICE and vocab.device(device.name).support == "cannula":
                near = _labelled_flow(u)  # "O2 Device: Nasal cannula | O2 Flow Rate (L/min): 3"
            outcome = device_outcome(u.text, device, near)
            found.append(_comfort_outcome(u, outcome, comfort) if comfort else outcome)
        elif alone is not None:
            outcome = flow_outcome(alone)
            found.append(_comfort_outcome(u, outcome, comfort) if comfort else outcome)
        else:
            unnamed = next((t for t in u.in_clause(index, kinds.OXYGEN_GENERIC) if not t.negated), unnamed)
    if not found and unnamed is not None:
        found.append(Problem(SLOT, *unnamed.span, _UNNAMED))
    found += saturations_on_air(u)
    if not u.of_kind(*oxygen_kinds) and not flows:
        said = _no_hypoxia().search(u.text)
        if said is not None:  # "not hypoxic, T 38.6": nothing else said of oxygen
            found.append(Mention(SLOT, "none", said.start(), said.end(), "no hypoxia (read as no oxygen support)"))
        else:
            found += _home_saturation(u)
    found += _extubation_to_come(u, found)
    found += _ventilator_settings(u, found)
    for term in u.of_kind(kinds.OXYGEN_DEVICE, kinds.ROOM_AIR, kinds.OXYGEN_GENERIC):
        if term.past and (not term.negated or term.kind != kinds.OXYGEN_DEVICE):
            found.append(Note(*term.span, f"'{u.original[term.span[0] : term.span[1]]}' read as before, not now"))
    return found


def _positive_pressure_read(found: list[Outcome]) -> bool:
    return any(isinstance(o, Mention) and o.value == "positive-pressure" for o in found)


# A ventilator mode with its settings: "AC 16/400/8/40%", "PRVC 14/450/5", "PS 5/5", "SIMV 12/500/5/0.4"
_SETTINGS = re.compile(r"(?<![a-z0-9])(?:ac|a/c|ac/vc|prvc|simv|ps|psv|cmv|pcv|vcv)[ :]{1,2}\d{1,2}/\d{1,3}"
                       r"(?:/\d{1,3}(?:[.,]\d{1,2})? ?%?){0,3}(?![0-9/])", re.ASCII)


def _ventilator_settings(u: Utterance, found: list[Outcome]) -> list[Outcome]:
    """ "T 38.9, AC 16/400/8/40%": a ventilator mode written with its settings is positive pressure,
    where no positive pressure was read already."""
    if "/" not in u.text or _positive_pressure_read(found):
        return []
    said = _SETTINGS.search(u.text)
    if said is None:
        return []
    echo = f"'{u.original[said.start() : said.end()]}': ventilator settings (read as mechanical ventilation)"
    return [Mention(SLOT, "positive-pressure", said.start(), said.end(), echo)]


@cache
def _to_come() -> re.Pattern[str]:
    return re.compile(alternation(vocab.words("oxygen", "extubation_to_come")), re.ASCII | re.IGNORECASE)


def _extubation_to_come(u: Utterance, found: list[Outcome]) -> list[Outcome]:
    """ "planned extubation this afternoon, currently on PS 5/5 FiO2 30%": an extubation still to come,
    said even inside a plan, is an intubation now, unless one is said done or positive pressure was read."""
    lowered = u.original.lower()
    if not any(cue in lowered for cue in ("xtubat", "sbt", "breathing trial")):
        return []  # most lines extubate no one
    if _positive_pressure_read(found):
        return []
    said = _to_come().search(u.original)
    if said is None or done_extubation(lowered) is not None:
        return []
    echo = f"'{said.group()}': an extubation still to come (read as intubated now, mechanical ventilation)"
    return [Mention(SLOT, "positive-pressure", said.start(), said.end(), echo)]


@cache
def _home_context() -> Words:
    return compile_words(vocab.words("oxygen", "home_context"))


@cache
def _saturation_at_home() -> Words:
    labels = vocab.words("oxygen", "home_saturation")
    # "pulse ox 97%", "sat 98 on his finger thing", "O2 sat 97% on home oximeter"
    reading = r"(?: (?:of|is|was|at|reading))? {0,2}(?P<sat>\d{2,3}) ?%?(?![0-9]|[.,][0-9])"
    return Words(lambda: alternation(labels) + reading, labels)


def _home_saturation(u: Utterance) -> list[Outcome]:
    """A patient at home with a normal pulse-oximeter reading and no oxygen named: room air, assumed."""
    if _home_context().search(u.text) is None:
        return []
    low = vocab.values("oxygen", "low_saturation_on_air")[0]
    for said in _saturation_at_home().finditer(u.text):
        if low <= int(said.group("sat")) <= 100:
            echo = (f"no oxygen (assumed: '{u.original[said.start() : said.end()]}' measured at home "
                    "and no oxygen named)")
            return [Mention(SLOT, "none", said.start(), said.end(), echo)]
    return []


@cache
def _home_device() -> Words:
    return compile_words(vocab.words("oxygen", "home_device"))


@cache
def _part_time() -> Words:
    return compile_words(vocab.words("oxygen", "part_time"))


@cache
def _sleep_apnoea() -> Words:
    return compile_words(vocab.words("oxygen", "sleep_apnoea"))


@cache
def _intermittent() -> Words:
    return compile_words(vocab.words("oxygen", "intermittent"))


# "on CPAP at night for OSA, now requiring CPAP continuously": the home device needed now
_NOW_WORD = re.compile(
    r"(?<![a-z])(?:now|currently|continuous|continuously|all the time|24/7|round the clock)(?![a-z])", re.ASCII
)


_SAT_ON_BEFORE = re.compile(r"(?<![a-z])(?:sats?|spo2|sao2)(?: (?:of|was|were|at|down to|dropped to))? {0,2}\d{2,3} ?%?"
                            r" (?:on|with) (?:the )?(?:\d{1,2}(?:[.,]\d)? ?(?:l|lpm|l/min) {0,2})?$", re.ASCII)
_NOW_BETWEEN = re.compile(r"(?<![a-z])(?:now|currently|since|then|later)(?![a-z])", re.ASCII)
# "now on BiPAP", "currently requiring HFNC 40L", "now 15L NRB": a support said to be the one now
_SAID_NOW = re.compile(r"(?<![a-z])(?:now|currently|presently|at present)"
                       r"(?: (?:on|requiring|needing|using|back on|on a))? {1,2}"
                       r"(?:\d{1,2}(?:[.,]\d)? ?(?:l|lpm|l/min) {1,2})?$", re.ASCII)


def support_now(u: Utterance, mentions: list[Mention]) -> Mention:
    """Of several supports read, the one now: the last named, except one said to be only for
    breaks or meals ("on BiPAP; 3L NC during breaks" is BiPAP), which a support named before it beats."""
    part_time = _part_time().search(u.text)
    if part_time or _sleep_apnoea().search(u.text):
        highest = max(mentions, key=lambda m: OXYGEN_GRADE[str(m.value)])
        clause = u.clauses[u.clause_index(highest.start)]
        if part_time and highest is not mentions[-1] and not _home_device().search(u.text, clause.start, clause.end):
            also = u.original[mentions[-1].start : mentions[-1].end]
            return replace(highest, echo=f"{highest.echo} (with '{also}' for part of the day: the highest support is "
                           "the one needed)")
        lower = [m for m in mentions if OXYGEN_GRADE[str(m.value)] < OXYGEN_GRADE[str(highest.value)]]
        if highest is mentions[-1] and lower and _home_sleep_device(u, highest.start):
            # "RA sats 97, home cpap qhs for osa": the home device at night is no support now
            also = u.original[highest.start : highest.end]
            return replace(lower[-1], echo=f"{lower[-1].echo} ('{also}' read as the patient's own device for part "
                           "of the day, not the support now)")
    kept = [m for m in mentions  # "2L NC for meals", "off for meals on 2L": anywhere in the mention's clause
            if not _intermittent().search(u.text, u.clauses[u.clause_index(m.start)].start,
                                          u.clauses[u.clause_index(m.end)].end)]
    now = kept[-1] if kept else mentions[-1]
    said = u.original[now.start : now.end]
    said_now = [m for m in kept if _SAID_NOW.search(u.text, max(0, m.start - 28), m.start)]
    if said_now and said_now[-1] is not now and not _SAID_NOW.search(u.text, max(0, now.start - 28), now.start) \
            and OXYGEN_GRADE[str(said_now[-1].value)] > OXYGEN_GRADE[str(now.value)]:
        # "now on BiPAP for WOB, was sats 85 on NRB": the support said to be now, not one named after it
        return replace(said_now[-1], echo=f"{said_now[-1].echo} ('{said}' named after it, not said to be now)")
    higher = [m for m in kept if OXYGEN_GRADE[str(m.value)] > OXYGEN_GRADE[str(now.value)]]
    if (higher and _SAT_ON_BEFORE.search(u.text, max(0, now.start - 28), now.start)
            and not _NOW_BETWEEN.search(u.text, higher[-1].end, now.start)):
        # "Intubated in ED for hypoxia, sats 82% on NRB": the saturation that led to the higher support
        return replace(higher[-1], echo=f"{higher[-1].echo} ('{said}' read as where the saturation was "
                       "measured before it)")
    if higher and _failed_after().match(u.text, now.end):  # "on BiPAP, HFNC failed at 0300": BiPAP
        return replace(higher[-1], echo=f"{higher[-1].echo} ('{said}' said to have failed: read as before, not now)")
    if higher and _nothing_between(u, (higher[-1].start, higher[-1].end), now.start):  # "NC 4L, RA, T 38.5"
        return replace(higher[-1], echo=higher[-1].echo + _also_said(u, (now.start, now.end)))
    if now is mentions[-1]:
        return now
    also = u.original[mentions[-1].start : mentions[-1].end]
    return replace(now, echo=f"{now.echo} ('{also}' read as only for breaks)")
