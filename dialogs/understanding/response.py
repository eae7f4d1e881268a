"""Whether CRS has improved since first-line therapy: asked before the plan offers escalation
and refractory options. Free text is read only for "not improving" ("no better after toci",
"toci-refractory", "hasn't improved", "partial response to dex", or "not improving" said alone):
the cautious reading, which keeps the escalation options offered. "Improving" is taken only as
the answer to the consult's question: a phrase about one sign ("sats improving", "creatinine
better since toci"), a partial or pending response must never remove the options. A phrase that
names a therapy ("no better after dex") also says the therapy was given."""

from __future__ import annotations

import re
from functools import cache

from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.patterns import Words, alternation
from dialogs.understanding.results import Mention, Outcome
from dialogs.understanding.utterance import Utterance

SLOT = "improving"
GIVEN = "anticytokine_given"


@cache
def _drug_names() -> dict[str, str]:
    """Every name of a drug of the vocabulary, to the drug's key ("toci" -> "tocilizumab")."""
    return {name: d.key for d in vocab.drugs() for name in d.names}


@cache
def _patterns() -> Words:
    therapy = alternation([*vocab.words("response", "therapy"), *_drug_names()])
    worse_words, refractory_words, alone_words = (
        vocab.words("response", key) for key in ("not_improving", "refractory", "not_improving_alone"))
    worse, refractory, alone = alternation(worse_words), alternation(refractory_words), alternation(alone_words)
    joiner = r"(?: (?:the|a|one|two|\d|first|second|1st|2nd|x\d|doses? of|dose|#\d))*"
    # every branch needs a "not improving", "refractory" or "not improving" alone phrase
    return Words(
        rf"(?:(?:{worse})(?: (?:since|after|on|with|despite|to))?{joiner} (?P<therapy>{therapy})|{refractory}"
        rf"|(?:crs|patient|pt) (?:is |still |has |remains )?(?:{worse})|{alone})(?![a-z])",
        (*worse_words, *refractory_words, *alone_words))


def read(u: Utterance) -> list[Outcome]:
    found: list[Mention] = []
    for match in _patterns().finditer(u.text):
        found += _course(match, False)
    found.sort(key=lambda m: m.start)
    return list(found)


def _course(match: re.Match[str], better: bool) -> list[Mention]:
    """The course; and a therapy it names was given ("no better after dex": dex was given)."""
    words = "improving since first-line therapy" if better else "not improving since first-line therapy"
    found = [Mention(SLOT, better, match.start(), match.end(), words)]
    named = match.group("therapy") or next(
        (w for w in re.split(r"[^a-z0-9]+", match.group(0)) if w in _drug_names()), None)  # "toci-refractory"
    if named:
        drug = _drug_names().get(named, "")
        found.append(Mention(GIVEN, True, match.start(), match.end(),
                             "antipyretic or anticytokine therapy given" + (f" ({drug})" if drug else "")))
    return found
