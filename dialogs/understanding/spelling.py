"""Misspellings of vocabulary words ("levofed", "nasal canula", "intubatted"), matched with
rapidfuzz's optimal string alignment distance, never a hand-written edit distance.

A word is corrected only when it is no known word, starts with the same letter as its match,
is close enough for its length, and every equally close vocabulary word means the same kind of
thing: a misspelling is never turned into another class of drug. Each correction is reported so
the echo can say what was assumed ("read 'levofed' as 'levophed'").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from text_to_num import alpha2digit

from dialogs.understanding import vocabulary as vocab
from dialogs.understanding.patterns import alternation

_WORD = re.compile(r"(?<![a-z0-9'])[a-z][a-z']{2,}[a-z](?![a-z0-9])", re.ASCII)
_SPLIT = re.compile(r"[^a-z0-9']+", re.ASCII)
_INFLECTIONS = ("s", "es", "d", "ed", "ing", "er", "ly", "'s")


@dataclass(frozen=True)
class Correction:
    start: int
    end: int
    written: str  # as typed
    meant: str  # the vocabulary word


def _words_of(phrases: tuple[str, ...] | list[str]) -> set[str]:
    return {w for p in phrases for w in _SPLIT.split(p.lower()) if w}


@cache
def _meanings() -> dict[str, frozenset[str]]:
    """Each word a misspelling may be corrected to, with what it means (for the class test)."""
    meaning: dict[str, set[str]] = {}

    def add(words: set[str], what: str) -> None:
        for w in words:
            if len(w) >= 4 and w.isalpha():
                meaning.setdefault(w, set()).add(what)

    for drug in vocab.drugs():
        add(_words_of(drug.names), f"drug:{drug.drug_class}")
    for agent, names in vocab.vasopressor_agents().items():
        add(_words_of(names), "vasopressin" if agent == "vasopressin" else "vasopressor")
    for device in vocab.devices():
        add(_words_of(device.names), f"device:{device.support}")
    for target in vocab.words("spelling", "targets"):
        section, _, name = target.partition(".")
        if not name:  # a whole table of lists ("products"): each list its own meaning
            for key in vocab.raw()[section]:
                add(_words_of(vocab.words(section, key)), f"{section}.{key}")
            continue
        add(_words_of(vocab.words(section, name)), target)
    return {w: frozenset(m) for w, m in meaning.items()}


@cache
def _known() -> frozenset[str]:
    return vocabulary_words() | frozenset(vocab.words("spelling", "common_english"))


@cache
def vocabulary_words() -> frozenset[str]:
    """Every word the vocabulary file holds, its generated list of common English words aside
    (`spelling.common_english`, which is derived from the rest)."""
    raw = {k: v for k, v in vocab.raw().items() if k != "spelling"}
    raw["spelling"] = {k: v for k, v in vocab.raw()["spelling"].items() if k != "common_english"}
    phrases: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                phrases.append(str(k))
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        elif isinstance(node, str):
            phrases.append(node)

    walk(raw)
    return frozenset(_words_of(phrases))


def is_known_word(word: str) -> bool:
    """A word of the vocabulary, or a common English word the corrector leaves alone."""
    return word in _known()


@cache
def targets() -> tuple[str, ...]:
    """The vocabulary words a misspelling may be corrected to."""
    return tuple(sorted(_meanings()))


def _limit(length: int) -> int:
    return 0 if length < 4 else 1 if length <= 6 else 2


@lru_cache(maxsize=4096)
def meant(word: str) -> str | None:
    """The vocabulary word `word` misspells, or None."""
    if word in _known() or len(word) < 4:
        return None
    return closest(word)


@cache
def _beside() -> dict[str, frozenset[str]]:
    """Each letter's neighbours on the keyboard (`spelling.keyboard_rows`)."""
    rows = vocab.words("spelling", "keyboard_rows")
    near: dict[str, set[str]] = {}
    for r, row in enumerate(rows):
        for i, letter in enumerate(row):
            keys = {row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)}
            if r > 0:  # the row above sits half a key to the left
                keys |= {rows[r - 1][j] for j in (i, i + 1) if j < len(rows[r - 1])}
            if r + 1 < len(rows):
                keys |= {rows[r + 1][j] for j in (i - 1, i) if 0 <= j < len(rows[r + 1])}
            near[letter] = keys
    return {letter: frozenset(keys) for letter, keys in near.items()}


def _key_beside(word: str, target: str) -> bool:
    """ "levp" for "levo": one letter of a drug or vasopressor name typed with the key beside it."""
    drug = any(m.startswith("drug:") or m in ("vasopressor", "vasopressin") for m in _meanings()[target])
    if len(word) != len(target) or not drug:
        return False
    differ = [(a, b) for a, b in zip(word, target, strict=True) if a != b]
    return len(differ) == 1 and differ[0][0] in _beside().get(differ[0][1], frozenset())


def closest(word: str) -> str | None:
    """The vocabulary word nearest to `word` by the corrector's rules, whether or not `word` is a
    known word itself."""
    # only for a word the vocabulary does not know (most lines have none): rapidfuzz's import is
    # about a tenth of reading a line in a fresh process
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    limit = _limit(len(word))
    hits = process.extract(word, targets(), scorer=OSA.distance, score_cutoff=limit, limit=8)
    hits = [h for h in hits if h[0][0] == word[0] and abs(len(h[0]) - len(word)) <= limit]
    if len(word) == 4:  # four letters: only two letters swapped ("hfcn"), or a drug's key beside ("levp")
        hits = [h for h in hits if sorted(h[0]) == sorted(word) or _key_beside(word, h[0])]
    # "wants", "masks", "fluided": an inflection of a vocabulary word is no misspelling of it
    hits = [h for h in hits if not any(word == h[0] + end for end in _INFLECTIONS)]
    if not hits:
        return None
    best = min(h[1] for h in hits)
    closest = [h[0] for h in hits if h[1] == best]
    if len({_meanings()[w] for w in closest}) != 1:
        return None  # as close to words of different meanings: "no guess between two drugs"
    return min(closest, key=lambda w: (abs(len(w) - len(word)), w))


_JOINT = r" ?(?:\+|&|/|,|and|plus|with) ?"
_PRESSOR_DOSE = re.compile(
    r"\.? ?(?:at |@ ?)?(?:\d?[.,]\d{1,3}(?![0-9])|\d{1,3} ?(?:mcg|mic|ug|micrograms?|mls?)(?:/| per ))", re.ASCII
)


@cache
def _beside_pressors() -> tuple[dict[str, str], re.Pattern[str]]:
    """The abbreviations read as a vasopressor only in a vasopressor's company, as typed."""
    table = {str(k): str(v) for k, v in vocab.raw()["spelling"]["beside_pressors"].items()}
    written = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True) if len(k) > 1)
    letters = "|".join(re.escape(k) for k in table if len(k) == 1)
    # "norad/vaso/adr"; a single letter ("NE + A") never before a hyphen, a slash or a letter ("A-line")
    single = rf"|(?<![\w'-])(?P<letter>{letters or '(?!)'})(?![-/'\w])"
    return table, re.compile(rf"(?<![^\W_])(?:{written})(?![^\W\d_]){single}")  # "adrénaline" is no "adr"


# "levo + A": a single letter only right after a vasopressor and a joining sign or word, and
# before the end, a stop, a sign or a dose ("levo and A fib" is atrial fibrillation)
_LETTER_JOINT = r" ?(?:\+|&|and|plus) ?"
_LETTER_AFTER = re.compile(r" {0,2}(?:$|\.(?! {0,2}[a-z])|[,;:)+&]|\d|(?:at|@) ?\d)", re.ASCII)  # not "E. coli"
_LETTER_LIST = r" ?, ?"  # "norepi 0.05, E 0.03": a comma only before the letter's own dose




@cache
def _pressor_verb() -> re.Pattern[str]:
    return re.compile(r" {0,2}(?:(?:was|is|now|also) {1,2})?" + alternation(vocab.words("spelling", "pressor_verbs")),
                      re.ASCII)


def _agents() -> str:
    """The vasopressor names, and the abbreviations read beside them ("NA 0.1 + PE 100": each is the
    other's company)."""
    beside = [str(k).lower() for k in vocab.raw()["spelling"]["beside_pressors"] if len(str(k)) > 1]
    return alternation([*(p for names in vocab.vasopressor_agents().values() for p in names), *beside])


@cache
def _pressor_after() -> re.Pattern[str]:
    return re.compile(_JOINT + _agents(), re.ASCII)


@cache
def _agent_then(joint: str) -> re.Pattern[str]:
    """A vasopressor, its dose if any, then `joint`, ending where the abbreviation starts: "NE 0.1 + PE 2",
    "levo 0.2 mcg/kg/min & PE 1"."""
    dose = r"(?: {0,2}(?:at )?\d{0,3}(?:[.,]\d{1,3})? ?(?:(?:mcg|ug|units?|u|mg|mls?)(?:/kg)?(?:/min|/hr?|/hour)?)?)?"
    return re.compile(_agents() + dose + joint + "$", re.ASCII)


def capitals(original: str, text: str) -> tuple[Correction, ...]:
    """ "NA + vaso", "vaso & NA", "NA 0.1", "nor-epi + adr", "adr added": an abbreviation of
    `spelling.beside_pressors`, as typed, beside a vasopressor, before a vasopressor dose or before a
    word of `spelling.pressor_verbs`, is that vasopressor (UK shorthand), and the echo says it was
    read so. A single letter ("NE + A") only right after another vasopressor."""
    table, pattern = _beside_pressors()
    found = []
    for match in pattern.finditer(original):
        start, end = match.span()
        if match.group("letter") is not None:
            joined = _agent_then(_LETTER_JOINT).search(text, max(0, start - 40), start) is not None or (
                _agent_then(_LETTER_LIST).search(text, max(0, start - 40), start) is not None
                and _PRESSOR_DOSE.match(text, end) is not None)
            if joined and (_LETTER_AFTER.match(text, end) or _pressor_verb().match(text, end)):
                found.append(Correction(start, end, match.group(), table[match.group()]))
            continue
        in_company = _agent_then(_JOINT).search(text, max(0, start - 40), start) or _pressor_verb().match(text, end)
        if _pressor_after().match(text, end) or _PRESSOR_DOSE.match(text, end) or in_company:
            found.append(Correction(start, end, match.group(), table[match.group()]))
    return tuple(found)


def corrections(text: str) -> tuple[Correction, ...]:
    """The misspelt vocabulary words of the normalised `text`."""
    found = []
    known = _known()
    for match in _WORD.finditer(text):
        word = match.group()
        if word in known:
            continue
        target = meant(word)
        if target is not None:
            found.append(Correction(match.start(), match.end(), word, target))
    return tuple(found)


_NUMBER_WORDS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|point"
)
_NUMBER_RUN = re.compile(
    rf"(?<![a-z0-9])(?:(?:{_NUMBER_WORDS}|a|and)(?:[ -]+(?=[a-z])|(?![a-z0-9])))+(?<![ -])", re.ASCII
)
_SMALL = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
          "eight": "8", "nine": "9", "ten": "10", "zero": "0"}
_DIGIT = "one|two|three|four|five|six|seven|eight|nine|zero"
_ONE_OH = re.compile(
    rf"(?<![a-z0-9])(?P<one>one oh )(?P<tail>{_DIGIT})(?: point (?P<dec>{_DIGIT}))?(?![a-z0-9])", re.ASCII
)
_SMALL_BEFORE_UNIT = re.compile(
    r"(?<![a-z0-9-])(?P<n>one|two|three|four|five|six|seven|eight|nine|ten) "
    r"(?=(?:liters?|litres?|leaders?|l|lpm)(?![a-z]))",
    re.ASCII,
)
_BIG = re.compile(r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|point", re.ASCII)
# "temp thirty eight six", "Tmax thirty nine one", "now thirty seven five": a temperature said without
# "point" after a temperature word; "thirty eight and a half" is 38.5
_SPOKEN_TEMPERATURE = re.compile(
    r"(?<![a-z])(?:tmax|temp|temps|temperature|t|febrile|afebrile|fever|fever of|now|spiked|spiked to|peaked)"
    r"(?: (?:is|of|to|at|was|now))? (?P<run>(?P<tens>thirty|forty)(?: (?P<unit>five|six|seven|eight|nine|one|two))?"
    rf" (?:(?P<dec>{_DIGIT})|(?P<half>and a half)))(?![a-z0-9]| point| hundred"
    r"| (?:liters?|litres?|leaders?|l|lpm|percent|of)(?![a-z]))",  # "thirty eight two liters": the flow's
    re.ASCII,
)
_TENS = {"thirty": 30, "forty": 40}
# "100 point 9 F", "38 point 6": digits with "point" said between them are one decimal; "temp 100. 9F",
# "Tmax 38. 6": a stop and a space inside a temperature after its keyword (not "T 38. 6L NC")
_POINT_DIGITS = re.compile(r"(?<![0-9.,])(?P<int>\d{1,3}) point (?P<dec>\d{1,2})(?![0-9])", re.ASCII)
# "6 1/2 L", "7-1/2 lpm", "1/4 L": a mixed number before a flow unit is one decimal (it was read as 2 L)
_MIXED_FLOW = re.compile(
    r"(?<![0-9.,/])(?:(?P<whole>\d{1,2})(?: |-| and ))?(?P<frac>1/2|1/4|3/4)"
    r"(?= ?(?:l|lpm|liters?|litres?|l/min)(?![a-z]))",
    re.ASCII,
)
_FRACTIONS = {"1/2": ".5", "1/4": ".25", "3/4": ".75"}
_DIGITS_AFTER_POINT = re.compile(r" (?P<dec>\d{1,2})(?![0-9])", re.ASCII)
_SPLIT_DECIMAL = re.compile(
    r"(?<![a-z])(?:tmax|t max|temp|temps|temperature|t|febrile|febrile to|fever|fever of|spiked|spiked to|peaked|"
    r"peaked at|max|max temp)(?: (?:is|of|to|at|was|now))? (?P<int>\d{2,3})\. (?P<dec>\d)(?= ?(?:°|f|c)?(?![a-z0-9]))",
    re.ASCII,
)


@cache
def _sounds_like() -> re.Pattern[str]:
    heard = sorted(vocab.mapping("spelling", "sounds_like"), key=lambda p: (-len(p), p))
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(h) for h in heard) + r")(?![a-z0-9])", re.ASCII)


def dictation(text: str) -> tuple[Correction, ...]:
    """What dictation wrote for a vocabulary word ("tossy", "bye pap") and numbers in words
    ("thirty nine point two" -> 39.2, by text2num), in the normalised `text`."""
    found = [Correction(m.start(), m.end(), m.group(), vocab.mapping("spelling", "sounds_like")[m.group()])
             for m in _sounds_like().finditer(text)]
    for m in _ONE_OH.finditer(text) if "one oh " in text else ():  # "one oh two point four": 102.4
        decimal = "." + _SMALL[m.group("dec")] if m.group("dec") else ""
        found.append(Correction(m.start(), m.end(), m.group(), "10" + _SMALL[m.group("tail")] + decimal))
    for m in _SPOKEN_TEMPERATURE.finditer(text) if ("thirty" in text or "forty" in text) else ():
        whole = _TENS[m.group("tens")] + (int(_SMALL[m.group("unit")]) if m.group("unit") else 0)
        tenth = "5" if m.group("half") else _SMALL[m.group("dec")]
        if 35 <= whole <= 42:
            found.append(Correction(m.start("run"), m.end("run"), m.group("run"), f"{whole}.{tenth}"))
    for m in _MIXED_FLOW.finditer(text) if "/4" in text or "/2" in text else ():
        found.append(Correction(m.start(), m.end(), m.group(), (m.group("whole") or "0") + _FRACTIONS[m.group("frac")]))
    if " point " in text or ". " in text:
        for m in [*_POINT_DIGITS.finditer(text), *_SPLIT_DECIMAL.finditer(text)]:
            found.append(Correction(m.start("int"), m.end("dec"), text[m.start("int") : m.end("dec")],
                                    f"{m.group('int')}.{m.group('dec')}"))
    for m in _SMALL_BEFORE_UNIT.finditer(text):  # "on two liters nasal cannula"
        found.append(Correction(m.start(), m.end("n"), m.group("n"), _SMALL[m.group("n")]))
    for m in _NUMBER_RUN.finditer(text) if _BIG.search(text) else ():  # a run must have a _BIG word
        if any(c.start <= m.start() < c.end for c in found):
            continue
        run = m.group()
        if not _BIG.search(run):
            continue  # "one dose", "two doses": read as words already
        spoken = "one" + run[1:] if run.startswith(("a hundred", "a thousand")) else run  # "a hundred and two"
        digits = alpha2digit(spoken, "en")
        tail = _DIGITS_AFTER_POINT.match(text, m.end()) if digits.endswith(" point") else None
        if tail is not None:  # "one hundred point 9": 100.9
            found.append(Correction(m.start(), tail.end(), text[m.start() : tail.end()],
                                    digits.removesuffix(" point") + "." + tail.group("dec")))
        elif digits != run and any(ch.isdigit() for ch in digits):
            found.append(Correction(m.start(), m.end(), run, digits))
    return tuple(sorted(found, key=lambda c: c.start))


# "C.P.A.P.", "H.F.N.C.", "B.P.", "R.A.", "S.p.O2": letters with stops; "T. 38.7": a dotted "T" before a number
_DOTTED = re.compile(r"(?<![a-z0-9.])(?:[a-z]\.){2,6}(?:[a-z0-9]{1,2}(?![a-z0-9])\.?)?|(?<![a-z0-9.])t\.(?= ?\d)",
                     re.ASCII)
_NOT_DOTTED = frozenset({"na"})  # "N.A." is "not applicable" as often as noradrenaline


def dotted(original: str, text: str) -> tuple[Correction, ...]:
    """Abbreviations written with stops, as the vocabulary word they spell, in the normalised `text`
    (`original` as typed, same length)."""
    if "." not in text:
        return ()
    found = []
    for m in _DOTTED.finditer(text):
        word = m.group().replace(".", "")
        if word == "t" or (word not in _NOT_DOTTED and is_known_word(word)):
            found.append(Correction(m.start(), m.end(), original[m.start() : m.end()], word))
    return tuple(found)


# "pressors? none", "multiple pressors? no, just levo", "O2? nil": a heading of a few words asked and
# answered in the line, read as "pressors: none" (a question mark after at most four words)
_SELF_ANSWERED = re.compile(
    r"(?:^|(?<=[.;,!\n(]))(?P<head> {0,2}(?!(?:can|could|should|shall|will|would|do|does|did|is|are|was|were|what"
    r"|how|when|why|who|which|may|might|any chance)(?![a-z]))(?:[a-z0-9/+-]+ {1,2}){0,2}[a-z0-9/+-]+)"
    r"(?P<mark> ?\? {0,2}(?:none|nil|no|zero|0))(?= *(?:$|[.;,!\n)]))", re.ASCII)


def self_answered(text: str) -> tuple[Correction, ...]:
    """A heading asked and answered ("pressors? none"), as the heading and its answer (": none"),
    in the normalised `text`."""
    if "?" not in text:
        return ()
    return tuple(Correction(m.start("mark"), m.end("mark"), m.group("mark"), ": none")
                 for m in _SELF_ANSWERED.finditer(text))


def merged(first: tuple[Correction, ...], second: tuple[Correction, ...]) -> tuple[Correction, ...]:
    """Both sets of corrections, in order; where two overlap the first set's wins."""
    taken = [(c.start, c.end) for c in first]
    kept = [c for c in second if not any(c.start < e and s < c.end for s, e in taken)]
    return tuple(sorted([*first, *kept], key=lambda c: c.start))


def apply(original: str, text: str, fixes: tuple[Correction, ...]) -> tuple[str, str]:
    """`original` and `text` with each misspelling replaced by its vocabulary word."""
    for fix in reversed(fixes):
        original = original[: fix.start] + fix.meant + original[fix.end :]
        text = text[: fix.start] + fix.meant + text[fix.end :]
    return original, text


def typed_position(fixes: tuple[Correction, ...], pos: int) -> int:
    """Where position `pos` of the corrected text was in the text as typed."""
    shift = 0
    for fix in fixes:
        start = fix.start + shift  # the corrected word's place in the corrected text
        end = start + len(fix.meant)
        if pos < start:
            break
        if pos < end:
            return fix.start if pos == start else fix.end
        shift += len(fix.meant) - len(fix.written)
    return pos - shift
