"""Which part of an input asks a question, and which of its clauses only propose or ask.

"T 39.1 on 4L NC - should we give toci?" is findings, then a question; "Is on norepi 0.1 and
HFNC 40L, T 38.9" starts like a question but is findings ("Is on ..."); "should we give toci?"
names tocilizumab without saying it was given. Findings are read from every part of the
input except the clauses of a question that propose or ask about a therapy or a rule.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache

from dialogs.understanding import terms as kinds
from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.clauses import joining_words
from dialogs.understanding.patterns import Words, alternation, compile_words

Span = tuple[int, int]
_FIRST_WORD = re.compile(r"[^a-z0-9]*(?P<word>[a-z]+(?:'[a-z]+)?)(?P<rest>.*)", re.ASCII | re.DOTALL)
_NEXT_WORD = re.compile(r"[^a-z0-9']*(?P<word>[a-z']+)", re.ASCII)
# Where a sentence ends, and where a clause inside it starts.
# "|": a note's line break, pasted; not a "?" before a word ("6yo, ?CRS": a query of what follows)
_SENTENCE_END = re.compile(r"[.;!|](?![0-9])|\?(?![0-9a-z])| - | -- |\s*\n", re.ASCII)
# "HFNC being set up and running now": the plan has happened
_NOW_RUNNING = re.compile(r" ?and (?:is |it is |it's |now )?(?:now )?(?:running|in place|on|started|going|working)"
                          r"(?![a-z])"
                          # "levo prn per MAP, currently 6", "levo gtt prn MAP<65, infusing 5 mcg/min": a
                          # titrated drip's rate now (not a flow in litres or a percentage)
                          r"|, (?:(?:currently|now)(?: on| at| running at| infusing at)?|(?:infusing|running)(?: at)?)"
                          r" \d+(?:[.,]\d+)?(?![0-9/]|[.,]\d| ?(?:l\b|l/|lpm|litres?|liters?|%|mm))", re.ASCII)
_HEADING = re.compile(r" ?:", re.ASCII)
# an order as needed, with the times it was given
_AS_NEEDED = re.compile(r"prn|as needed|if needed|if required", re.ASCII)
_GIVEN_COUNT = re.compile(r" {1,2}(?:x ?[1-9]|\u00d7 ?[1-9]|[1-9] ?x|(?:had|got|given|received|needed|taken)"
                          r" (?:[1-9]|one|two|three|four) (?:doses?|times))(?![a-z0-9])", re.ASCII)
_PRN_GIVEN = re.compile(r"(?<![a-z])(?:given|gave|administered|taken|took|had)(?![a-z])", re.ASCII)
_P_HEADING = re.compile(r"[ ,|]*p ?", re.ASCII)  # "| P: toci #1 8 mg/kg": the plan of a pasted note
_P_SAID = re.compile(r"(?:^|[|;.,\n]) ?p ?:", re.ASCII)
_ARROW = re.compile(r" ?(?:->|=>|→)", re.ASCII)
_THEN = re.compile(r"(?<![a-z])(?:then|followed by)(?![a-z])", re.ASCII)
# a comma or colon, an arrow before words ("BP ok -> wean to RA"), or "and", "but", "so"
# ... and a part that states a fact inside a question ("Grade now that she's been intubated?", "Can we give
# toci now that he's needing norad?", "Is she grade 3 now she's on HFNO?"): its findings are read
_FACT_IN_QUESTION = (r"now that|now (?:she|he|they|pt|the patient)(?:'s| is| has| are| was)|now on|"
                     r"given (?:that|she|he|they|the patient|pt)|since (?:she|he|they|the patient|pt|starting|being)|"
                     r"as (?:she|he|they)(?:'s| is| has| are)|because|seeing as|considering (?:she|he|they)|"
                     r"the fact(?: that)?|while (?:she|he|they)(?:'s| is| are)|while on|whilst on|still on|already on|"
                     # the patient the question is about ("should I give toci to my pt on 4L with T 39?", "why
                     # still grade 2 when he's been on 10L for 3h?")
                     r"(?:to|for|in|on) (?:my|our|this|the|a|your) (?:pt|patient|lady|gentleman|guy|man|woman|kid|"
                     r"child|boy|girl)|with (?:a )?(?:t|temp|tmax|fever|temperature|sats?|spo2|bp|map) ?[0-9]|"
                     r"when (?:she|he|they|pt)(?:'s| is| are| has| have| was)")
# asking leave to do something: "ok to give tylenol?", "safe to start dex?"
_LEAVE = (r"(?:ok|okay|safe|reasonable|alright|fine|appropriate|good) to (?:give|start|add|use|hold|repeat|redose|"
          r"re-dose|treat|escalate|transfer|continue|stop|wait|send|push|bolus|premedicate|proceed|go)(?![a-z])")
_CLAUSE_START = re.compile(
    r"[,:]| ?(?=(?:->|=>|→) ?[a-z])|(?<=[a-z0-9)]) (?=(?:" + "|".join(("and", "but", "so")) + r") )"
    r"|(?<=[a-z0-9)%]) (?=(?:" + _FACT_IN_QUESTION + r")(?![a-z]))"
    # ... and where the question itself starts after the fact ("Since starting norad at 03:00 what grade is
    # she?", "Does the fact she's on norad change the grade?")
    r"|(?<=[a-z0-9)%]) (?=(?:what|which|how|change|changes|affect|affects|alter|alters|mean|means|grade)(?![a-z]))"
    # a question run on after the findings, unpunctuated ("... sats 95 ra is this grade 3?")
    r"|(?<=[a-z0-9)%]) (?=(?:is|are|does|do|should|can|could|would|will|shall) (?:this|it|she|he|they|we|i|you|the)"
    r"(?![a-z]))"
    # ... or asking leave ("... sats 96 RA ok to give tylenol?", "... BP ok safe to start dex?")
    r"|(?<=[a-z0-9)%]) (?=" + _LEAVE + ")"
    # ... and a state said after "if" ("do we need ICU if she's on 6L?"): the state now, not a supposition
    # (not "if she's going to need BiPAP", "if he needs pressors")
    r"|(?<= if )(?=(?:she|he|they|pt|the pt|the patient)(?:'s| is| are| got| had| has had| received) "
    r"(?!going|gonna|to |needing|requiring|worse))",
    re.ASCII,
)
_ASKS_LEAVE = re.compile(r"[ ,:]{0,3}" + _LEAVE, re.ASCII)


@dataclass(frozen=True)
class Asked:
    """The question part of an input (empty when none) and the spans that read nothing."""

    span: Span | None  # the question, from its first word to its "?" (or the end)
    hypothetical: tuple[Span, ...]  # clauses of the question that propose or ask, not report
    conditional: bool  # a question only if no finding is read from it ("Is on levo ...", "T 39?")


@cache
def _hypothetical() -> Words:
    return compile_words(vocab.words("questions", "hypothetical"))


def _opens(sentence: str) -> bool:
    """The sentence starts with a question word that does not start a statement ("Is on ...")."""
    first = _FIRST_WORD.match(sentence)
    if first is None:
        return False
    word = first.group("word")
    head, apostrophe, tail = word.partition("'")
    if head not in vocab.words("questions", "openers") and word not in vocab.words("questions", "openers"):
        return False
    if (apostrophe and tail == "t") or (head.endswith("nt") and head not in vocab.words("questions", "openers")):
        return False  # "can't", "won't", "doesn't"
    following = _NEXT_WORD.match(first.group("rest"))
    after = vocab.words("questions", "statement_after_opener")
    return not (following and (following.group("word") in after or following.group("word").startswith("n't")))


def _sentences(text: str) -> list[Span]:
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end() if text[match.start()] == "?" else match.start()
        spans.append((start, end))
        start = match.end()
    spans.append((start, len(text)))
    return [s for s in spans if text[s[0] : s[1]].strip()]


def _clauses(text: str, span: Span) -> list[Span]:
    start, end = span
    cuts = [start] + [m.start() for m in _CLAUSE_START.finditer(text, start, end)] + [end]
    return [(a, b) for a, b in itertools.pairwise(cuts) if text[a:b].strip(" ,:")]


def _question_start(text: str, sentence: Span) -> int:
    """Within a sentence ending in "?", the clause where the question starts."""
    for start, _ in _clauses(text, sentence):
        if _opens(text[start:].lstrip(" ,:")) or _ASKS_LEAVE.match(text, start):
            return start
    return sentence[0]


def asked(text: str) -> Asked:
    """`text` is the normalised input."""
    sentences = _sentences(text)
    questions = [s for s in sentences if text[s[0] : s[1]].rstrip().endswith("?")]
    if questions:
        first, last = questions[0], questions[-1]
        start = _question_start(text, first)
        span: Span = (start, last[1])
        conditional = not (_opens(text[start:].lstrip(" ,:")) or _ASKS_LEAVE.match(text, start))
    elif sentences and _opens(text[sentences[0][0] :]):
        span, conditional = (sentences[0][0], len(text.rstrip())), True
    else:
        return Asked(None, (), False)
    hypothetical = tuple(
        clause
        for sentence in sentences
        if sentence[1] > span[0] and sentence[0] < span[1]
        for clause in _clauses(text, (max(sentence[0], span[0]), min(sentence[1], span[1])))
        if _hypothetical().search(text, *clause)
    )
    return Asked(span, hypothetical, conditional)


@cache
def _stance() -> Words:
    return compile_words(vocab.words("negation", "planned_not_with"))


@cache
def _team_accepts() -> frozenset[str]:
    return frozenset(vocab.words("steroid_stance", "accept"))


@cache
def _steroid_named() -> Words:
    return compile_words(n for d in vocab.drugs() if d.drug_class == "steroid" for n in d.names)


def _a_stance(text: str, clause: Span) -> bool:
    """The clause says what was done or what the team accepts, so it plans nothing ("team ok with
    steroids if needed"); a word of acceptance plans only a steroid ("ICU happy to trial NIV if worsens"
    is a plan)."""
    said = _stance().search(text, *clause)
    if said is None:
        return False
    if said.group() not in _team_accepts():
        return True
    return _steroid_named().search(text, *clause) is not None


@cache
def _planned() -> Words:
    return compile_words(vocab.words("negation", "planned"))


@cache
def _headings() -> Words:
    return compile_words(vocab.words("negation", "planned_headings"))


def uncertain(text: str) -> tuple[Span, ...]:
    """ "Temp 38.6. Norad. Adrenaline?": a sentence of one or two words and a "?" is a doubt, not a
    finding; it reads nothing."""
    if "?" not in text:
        return ()
    return tuple(
        s for s in _sentences(text) if text[s[0] : s[1]].rstrip().endswith("?") and len(text[s[0] : s[1]].split()) <= 2
    )


@cache
def _allergy() -> re.Pattern[str]:
    cue = alternation(vocab.words("negation", "allergy"))
    return re.compile(f"(?P<{_CUE}>{cue})" + r"[ :\-]{0,3}[^,.;:?!\n]{0,60}", re.ASCII)


# ", dopamine", " and dopamine", "/ dopamine": the next item of an allergy list
_NEXT_ITEM = re.compile(r"(?:, ?| and | ?/ ?| ?& ?)", re.ASCII)
_LIST_GOES_ON = re.compile(r" ?(?:[,.;/&]|and |$)", re.ASCII)  # "levo 0.2" is running, not listed
_WORD = re.compile(r"[a-z]", re.ASCII)
_CUE = "cue"
_ALLERGY_AFTER = re.compile(r"(?:allergy|allergies|allergic reaction|intolerance)(?![a-z])", re.ASCII)


def allergies(text: str) -> tuple[Span, ...]:
    """ "Allergy: epinephrine", "Allergies: phenylephrine, dopamine", "an epinephrine allergy": the
    drugs an allergy names (after the allergy word up to the next comma or stop, and further items of
    a list when they are drug names; a drug name right before the allergy word)."""
    if "allerg" not in text and "intoleran" not in text:
        return ()
    agents = {f.start: f.end for f in kinds.find(text) if f.kind in kinds.AGENT_KINDS}  # drug and pressor names
    spans: list[Span] = []
    for cue in _ALLERGY_AFTER.finditer(text):
        before = [start for start, end in agents.items() if end <= cue.start() and not text[end : cue.start()].strip()]
        if before:
            spans.append((before[-1], cue.end()))
    for m in _allergy().finditer(text):
        end = m.end()
        while (sep := _NEXT_ITEM.match(text, end)) and sep.end() in agents and (
                _LIST_GOES_ON.match(text, agents[sep.end()])):
            end = agents[sep.end()]
        named = _WORD.search(text, m.end(_CUE), end)
        if named and not any(s <= m.start() < e for s, e in spans):
            spans.append((m.start(), end))
    return tuple(sorted(spans))


_A_WORD = re.compile(r"[a-z0-9]", re.ASCII)
_DIGIT = re.compile(r"[0-9]", re.ASCII)


@cache
def _trailing() -> Words:
    return compile_words(vocab.words("negation", "planned_trailing"))


@cache
def _stop_plans() -> Words:
    return compile_words(vocab.words("negation", "stop_plans"))


# between a stop still to come and what it stops: "will wean off levo", "will stop the norepi"
_BEFORE_STOPPED = re.compile(r"(?: {1,2}(?:off|down|the|her|his|him|them|pt|patient|from))*(?: {1,2}|$)", re.ASCII)
# what a stop still to come stops, joined: "will wean levo and vaso off", "weaning norad + vaso"
_JOINT = re.compile(r" {0,2}(?:,|\+|&|/|and|plus) {0,2}| {1,2}", re.ASCII)
# after it, where it goes: "to off", "to 0", "off" (the stop, still to come) or "to 4L NC" (a target)
_NOTHING = r"(?:0(?![.,]?[0-9])|zero|off|nil|nothing)(?![a-z0-9])"
_STOPPED_TAIL = re.compile(
    # ... after the dose or flow now ("wean HFNC 50L to 2L NC", "levo 0.05 to off")
    rf"(?: {{1,2}}\d{{1,3}}(?:[.,]\d{{1,3}})? ?(?:l|lpm|l/min|%|mcg|mcg/kg/min)?(?: ?/ ?\d{{1,3}} ?%?)?(?![0-9a-z]))?"
    rf"(?P<target> {{0,2}}(?:(?:down )?(?:to|onto|->|=>|\u2192)(?! {{0,2}}{_NOTHING}).*)"
    rf"|(?:[ :]{{0,3}}(?:(?:down )?(?:to|->|=>|\u2192) {{0,2}})?{_NOTHING})?)",
    re.ASCII | re.DOTALL,
)
_STOPPED_KINDS = frozenset({kinds.DRUG, kinds.VASOPRESSOR, kinds.PRESSOR_GENERIC, kinds.OXYGEN_DEVICE})


@cache
def _denied_before() -> re.Pattern[str]:
    """A negation or a failed try right before a stop still to come ("not weaning NE today", "stopped
    weaning levo", "could not wean off BiPAP"): read as before, by the negation's rules."""
    cues = (*vocab.words("negation", "before"), *vocab.words("negation", "still_on_cues"))
    return re.compile(alternation(cues) + r"(?: {1,2}(?:be|been|yet|able to|to))? {1,2}$", re.ASCII)


def _stop_to_come(text: str, cue: re.Match[str], clause_end: int) -> tuple[Span, Span] | None:
    """ "will wean Levophed off tonight", "weaning norad + vaso off", "will wean HFNC to 4L NC": a stop
    or a wean still to come (`negation.stop_plans`) stops what it names later, so what it names runs
    now. The spans planned around the names (the cue; the stop or the target after them), or None when
    no agent, drug or device follows the cue."""
    said = cue.start() + 3 if text.startswith("to ", cue.start()) else cue.start()  # "no attempt made to wean"
    if _denied_before().search(text, max(0, said - 32), said):
        return None
    gap = _BEFORE_STOPPED.match(text, cue.end(), clause_end)
    pos = gap.end() if gap else cue.end()
    gap_end = gap.end() - 1 if gap and text[gap.end() - 1 : gap.end()] == " " else pos
    found = {f.start: f for f in kinds.find(text[:clause_end]) if f.kind in _STOPPED_KINDS}
    end = None
    while pos in found:
        end = found[pos].end
        joint = _JOINT.match(text, end, clause_end)
        pos = joint.end() if joint else end
    if end is None:
        return None
    tail = _STOPPED_TAIL.match(text, end, clause_end)
    tail_end = clause_end if tail and tail.group("target") else (tail.end() if tail else end)
    return (cue.start(), gap_end), (end, tail_end)


# "hfnc 60/70 sats 90 ?bipap next", "levo 0.1 ?vaso": a question mark right before a name queries it
_QUERY = re.compile(r"(?:(?<=[ ,;(/])|^)\? {0,1}(?=[a-z])", re.ASCII)
_QUERY_LEAD = re.compile(r"(?:for|need|needs|needing|trial of|trial|start|starting|adding|add|consider)"
                         r" {1,2}(?:a |an )?",
                         re.ASCII)
_NEXT = re.compile(r" {1,2}(?:next|now|later|soon|today|tonight|overnight)(?![a-z])", re.ASCII)


def queried(text: str) -> tuple[Span, ...]:
    """The names queried by a question mark before them, with a time word after ("?bipap next"):
    neither given nor running, wherever the question around them is said to start."""
    if "?" not in text:
        return ()
    found = {f.start: f.end for f in kinds.find(text) if f.kind in _STOPPED_KINDS}
    spans = []
    for q in _QUERY.finditer(text):
        lead = _QUERY_LEAD.match(text, q.end())  # "?for CPAP", "?need HFNC", "?trial of NIV"
        end = found.get(lead.end() if lead else q.end())
        if end is not None:
            after = _NEXT.match(text, end)
            spans.append((q.start(), after.end() if after else end))
    return tuple(spans)


_LEADING_TEMPERATURE = re.compile(r" *(?:(?:t|temp|tmax) ?)?\d{2,3}[.,]\d ?(?:c|f)?(?= )", re.ASCII)


# " and norepinephrine 0.1", " + vaso": a clause of one more agent and its dose, nothing else
_MORE_AGENT = re.compile(r" {0,2}(?:and|\+|&|plus) {1,2}", re.ASCII)
_DOSE_ONLY = re.compile(r"(?: {0,2}(?:at |@ ?)?\d{1,4}(?:[.,]\d{1,3})?"
                        r"(?: ?(?:mcg|ug|micrograms?|units?|u|mg|ng|ml|gamma)(?: ?/ ?(?:kg|min|h|hr|hour)){0,2})?)?"
                        r" {0,2}[.,;]? *$", re.ASCII)


def _one_more_agent(text: str, clause: Span) -> bool:
    """ "start dopamine 8 and norepinephrine 0.1": the agent joined to a planned one is planned too."""
    join = _MORE_AGENT.match(text, clause[0], clause[1])
    if join is None:
        return False
    agent = next((f for f in kinds.find(text[: clause[1]]) if f.start == join.end() and f.kind in _STOPPED_KINDS),
                 None)
    return agent is not None and _DOSE_ONLY.match(text, agent.end, clause[1]) is not None


def planned(text: str) -> tuple[Span, ...]:
    """Clauses of a statement that plan or propose ("discussed whether to start levo", "may need
    vaso", "consider toci"): what they name is not given or running. A stop or wean still to come
    plans only the stop: what it names is running now ("will wean levo off tonight")."""
    if not _planned().search(text) and not _P_SAID.search(text) and not _stop_plans().search(text):
        return ()
    found: list[Span] = []
    for sentence in _sentences(text):
        heading = False  # "floor criteria: off pressors, RA": what follows a plan's heading is planned too
        before = False  # "if HFNC >40L -> BiPAP": an arrow carries the plan on
        started = False  # "start dopamine 8 and norepinephrine 0.1": the next agent is started with it
        previous_end = sentence[0]
        p_start = len(text)
        for clause in _clauses(text, sentence):
            carried = before and (_ARROW.match(text, clause[0]) is not None  # "wean to extubation, then RA"
                                  or _THEN.search(text, previous_end, clause[0] + 6) is not None
                                  or (started and _one_more_agent(text, clause)))
            previous_end = clause[1]
            before = started = False
            if not (heading or carried) and _P_HEADING.fullmatch(text, *clause) and _HEADING.match(text, clause[1]):
                heading = before = True  # "| P: toci #1": the plan heading of a pasted note plans what follows it
                p_start = clause[0]  # ... and is said with it ("P: toci #1 8 mg/kg")
                continue
            cue = None if heading or carried else _planned().search(text, *clause)
            # "start dopamine 8 and ...", "will start epi and ...": a plan that starts what it names
            started = carried or (cue is not None and cue.group().split()[-1] in vocab.words("negation", "start_verbs"))
            if cue and _AS_NEEDED.fullmatch(cue.group()) and _GIVEN_COUNT.match(text, cue.end(), clause[1]):
                cue = None  # "tylenol prn x2": as needed, and needed twice (not "toci x1 PRN": an order)
            if cue and cue.group() == "prn" and _PRN_GIVEN.search(text, clause[0], clause[1]):
                cue = None  # "PRN paracetamol 1g PO given 0410": an as-needed dose that was given
            stop = None if heading or carried else _stop_plans().search(text, *clause)
            if stop and (cue is None or (stop.start(), -stop.end()) <= (cue.start(), -cue.end())):
                kept = _stop_to_come(text, stop, clause[1])
                if kept is not None:
                    found.extend(s for s in kept if s[1] > s[0])
                    continue
            if heading or carried or (
                cue and not _a_stance(text, clause) and not _NOW_RUNNING.match(text, clause[1])
            ):
                # "NE .2 + epi .05 consider adding vaso": the plan is what follows its word, not the doses
                # said before it; a word that ends its clause, or one that plans what came before it
                # (`negation.planned_trailing`: "levo prn", "norepi available if needed"), plans all of it
                start = clause[0]
                if cue and _DIGIT.search(text, clause[0], cue.start()):
                    if _trailing().match(text, cue.start()):
                        # "NE .05 + phenyl prn pushes": what the word plans starts after the last "+"
                        joins = list(joining_words().finditer(text, clause[0], cue.start()))
                        start = joins[-1].end() if joins else clause[0]
                        # "38.3 planning hfnc if sats drop": a temperature leading the clause is no plan
                        leading = _LEADING_TEMPERATURE.match(text, start, cue.start())
                        start = leading.end() if leading else start
                    elif _A_WORD.search(text, cue.end(), clause[1]):
                        start = cue.start()
                found.append((min(start, p_start), clause[1]))
                p_start = len(text)
                before = True
                heading = heading or (_HEADING.match(text, clause[1]) is not None
                                      and _headings().search(text, *clause) is not None)
    return tuple(found)


def is_question(text: str) -> bool:
    """`text` is the normalised input as read: it asks something (it may report findings too)."""
    return asked(text).span is not None
