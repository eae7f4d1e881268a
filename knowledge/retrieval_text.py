"""Text analysis for `knowledge.retrieval`: tokens, stopwords and the clinical synonym table.

Text becomes a list of *concepts*. The tokenizer lowercases, folds accents, splits on anything
that is not a letter or a digit and between letters and digits ("IL-6", "IL6" and "il 6" all give
`il 6`; "6L/min" gives `6 l min`), normalises numbers ("1,000" -> `1000`, "38.0" -> `38`) and
strips a plural "s". The synonym table (`data/synonyms.toml`) then maps every term, including
multi-word phrases matched longest first, to a canonical concept; any other word is its own
concept. Stopwords and stray single letters are dropped.

Pure standard library: this module is imported at run time by the consult.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from knowledge import datafile

SYNONYMS_FILE = "synonyms.toml"  # in the knowledge base's data folder
SYNONYMS_PATH = Path(__file__).parent / "data" / SYNONYMS_FILE

# Words that say nothing about the topic: English function words, then the filler of spoken
# questions ("is there a role for...", "what happens if..."). An unknown word that is not here
# counts against a question being covered, so filler belongs here. Clinical words that are
# merely common ("dose", "grade", "CRS") are not here: they are `generic` concepts in
# synonyms.toml, which score but never make a question "covered" on their own.
# Entries are compared after the plural is stripped ("does" -> "doe").
_FILLER_WORDS = """
    able actual advisable anybody anyway anywhere appropriate aspect away basically become
    becoming came certain certainly clear come comes component correct currently deal detail
    doing dr else everybody everything exact example fact feel gave get go goe gone guess
    happen happened happening happens hear heard hello hey hi hmm idea important instance
    issue kind let lot made main matter maybe meant mention mentioned mine name namely
    nothing obviously ok part particular particularly perhaps play probably put quite really
    reason regard regarding relevant role said saw seem seemed seems send sent shall
    situation somebody somehow sometime sometimes sort specifically stuff suppose supposed
    sure tell thing think thoroughly thought told took true try trying unless usually went
    whats work worth yeah
"""
_FUNCTION_WORDS = """
    a about above according actually after again against all also am an and any anyone
    anything are aren as ask at be because been before being below between both but by can
    cannot could couldn did didn do doe does doesn doing don done down during each either
    else enough etc ever every exactly few for from further get gets getting go going got
    had has hasn have haven having he her here hers herself him himself his how however i if
    in into is isn it its itself just kind know let like ll me mean might mine more most
    much must my myself need needs no nor not now of off ok okay on once only or other our
    ours ourselves out over own per please quite rather re really s said say says she should
    shouldn so some someone something still such sure t tell than thank thanks that the
    their theirs them themselves then there these they thing think this those though through
    thus to too u under until up upon us use used using ve very via vs want was wasn we were
    weren what whatever when where whether which while who whom whose why will with within
    without won would wouldn yes yet you your yours yourself
"""
STOPWORDS: frozenset[str] = frozenset((_FILLER_WORDS + _FUNCTION_WORDS).split())

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")


_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th"})


def _fold(text: str) -> str:
    """Casefold and drop accents: "Œdème" -> "oedeme"."""
    if text.isascii():  # nothing to decompose (the same result, without the per-character pass)
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _number(raw: str) -> str:
    if _THOUSANDS.fullmatch(raw):
        return raw.replace(",", "")
    raw = raw.replace(",", ".")
    if "." in raw:
        whole, _, frac = raw.partition(".")
        if "." in frac:  # "1.2.3": a version or a date, keep its parts apart
            return raw
        frac = frac.rstrip("0")
        whole = whole.lstrip("0") or "0"
        return f"{whole}.{frac}" if frac else whole
    return raw.lstrip("0") or "0"


def _stem(word: str) -> str:
    """A deliberately light plural stripper; the same on both sides, so it only needs to be consistent."""
    if len(word) <= 3 or word[-1] != "s" or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1]


def tokenize(text: str) -> list[str]:
    """Lowercased, accent-folded, normalised word and number tokens (stopwords kept)."""
    out: list[str] = []
    for raw in _TOKEN.findall(_fold(text)):
        out.append(_number(raw) if raw[0].isdigit() else _stem(raw))
    return out


def is_number(concept: str) -> bool:
    return concept[:1].isdigit()


class SynonymError(ValueError):
    """synonyms.toml is malformed; the message names the entry and the problem."""


@dataclass(frozen=True)
class Concept:
    id: str
    broader: tuple[str, ...] = ()
    generic: bool = False


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """The synonym table, compiled: phrase (token tuple) -> concept id, and concept facts."""

    phrases: Mapping[tuple[str, ...], str]
    concepts: Mapping[str, Concept]
    max_phrase: int
    drug_suffixes: tuple[str, ...] = ()

    def looks_like_drug(self, word: str) -> bool:
        """An unknown word shaped like a drug name ("posaconazole", "emapalumab")."""
        return len(word) >= 7 and word.isalpha() and word.endswith(self.drug_suffixes)

    def concept(self, concept_id: str) -> Concept:
        return self.concepts.get(concept_id) or Concept(concept_id)

    def is_generic(self, concept_id: str) -> bool:
        return is_number(concept_id) or self.concept(concept_id).generic

    @cached_property
    def _longest(self) -> Mapping[str, int]:
        """First word of a term -> the most words a term starting with it has."""
        longest: dict[str, int] = {}
        for key in self.phrases:
            longest[key[0]] = max(longest.get(key[0], 1), len(key))
        return longest

    def concepts_in(self, text: str) -> list[str]:
        """The concepts of `text` in reading order (one per matched term or remaining word)."""
        tokens = tokenize(text)
        out: list[str] = []
        longest = self._longest
        i, n = 0, len(tokens)
        while i < n:
            for size in range(min(longest.get(tokens[i], 1), n - i), 0, -1):
                concept_id = self.phrases.get(tuple(tokens[i : i + size]))
                if concept_id is not None:
                    out.append(concept_id)
                    i += size
                    break
            else:
                word = tokens[i]
                i += 1
                if word in STOPWORDS or (len(word) == 1 and not word.isdigit()):
                    continue
                out.append(word)
        return out


def compile_vocabulary(raw: Mapping[str, Any], source: str = "synonyms.toml") -> Vocabulary:
    """Check and compile the parsed TOML; raise `SynonymError` naming every problem."""
    problems: list[str] = []
    unknown_keys = sorted(set(raw) - {"concept", "generic_words", "drug_suffixes"})
    if unknown_keys:
        problems.append(f"{source}: unknown key(s) {', '.join(unknown_keys)}")
    entries = raw.get("concept", [])
    if not isinstance(entries, list):
        raise SynonymError(f"{source}: 'concept' must be an array of tables ([[concept]])")
    concepts: dict[str, Concept] = {}
    phrases: dict[tuple[str, ...], str] = {}
    for index, entry in enumerate(entries, start=1):
        where = f"{source}: concept {index}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be a table")
            continue
        unknown = sorted(set(entry) - {"id", "terms", "broader", "generic"})
        if unknown:
            problems.append(f"{where}: unknown field(s) {', '.join(unknown)}")
        cid, terms = entry.get("id"), entry.get("terms", [])
        broader, generic = entry.get("broader", []), entry.get("generic", False)
        if not isinstance(cid, str) or not re.fullmatch(r"[a-z0-9][a-z0-9.-]*", cid):
            problems.append(f"{where}: 'id' must be a lowercase slug")
            continue
        where = f"{source}: concept {index} ({cid})"
        if cid in concepts:
            problems.append(f"{where}: id already used")
            continue
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            problems.append(f"{where}: 'terms' must be a list of strings")
            terms = []
        if not isinstance(broader, list) or not all(isinstance(b, str) for b in broader):
            problems.append(f"{where}: 'broader' must be a list of concept ids")
            broader = []
        if not isinstance(generic, bool):
            problems.append(f"{where}: 'generic' must be true or false")
            generic = False
        concepts[cid] = Concept(cid, tuple(broader), generic)
        for term in terms:
            key = tuple(t for t in tokenize(term))
            if not key:
                problems.append(f"{where}: term {term!r} has no words")
            elif phrases.get(key, cid) != cid:
                problems.append(f"{where}: term {term!r} already belongs to concept '{phrases[key]}'")
            else:
                phrases[key] = cid
    words = raw.get("generic_words", [])
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        problems.append(f"{source}: 'generic_words' must be a list of strings")
        words = []
    for word in words:
        key = tuple(tokenize(word))
        if len(key) != 1:
            problems.append(f"{source}: generic word {word!r} must be a single word")
        elif key in phrases or key[0] in concepts:
            owner = phrases.get(key, key[0])
            problems.append(f"{source}: generic word {word!r} is already a term of concept '{owner}'")
        else:
            concepts[key[0]] = Concept(key[0], generic=True)
            phrases[key] = key[0]
    suffixes = raw.get("drug_suffixes", [])
    if not isinstance(suffixes, list) or not all(isinstance(x, str) and x.isalpha() for x in suffixes):
        problems.append(f"{source}: 'drug_suffixes' must be a list of lowercase letter strings")
        suffixes = []
    for concept in concepts.values():
        for parent in concept.broader:
            if parent not in concepts:
                problems.append(f"{source}: concept ({concept.id}): broader concept '{parent}' is not declared")
            elif concepts[parent].broader:
                problems.append(f"{source}: concept ({concept.id}): broader concept '{parent}' has its own broader")
    if problems:
        raise SynonymError("\n".join(problems))
    return Vocabulary(
        phrases, concepts, max((len(k) for k in phrases), default=1), tuple(s.lower() for s in suffixes)
    )


def read_synonyms(path: Path) -> tuple[Vocabulary | None, list[str]]:
    """The synonym table in `path` compiled (None when anything is wrong), and every problem,
    one line each: read by the one loading function (`knowledge.datafile`), checked here."""
    raw, problems = datafile.read_toml(path, path.name)
    if raw is None:
        return None, datafile.lines(problems)
    try:
        return compile_vocabulary(raw, path.name), []
    except SynonymError as exc:
        return None, str(exc).splitlines()


def load_vocabulary(path: Path = SYNONYMS_PATH) -> Vocabulary:
    """The synonym table in `path`; `KbLoadError` listing every problem."""
    from knowledge.loader import KbLoadError

    vocabulary, problems = read_synonyms(path)
    if vocabulary is None:
        raise KbLoadError(problems)
    return vocabulary


def default_vocabulary() -> Vocabulary:
    """The synonym table of the knowledge base in use (`kb_root()`), compiled once per process."""
    from knowledge.loader import kb_root

    return _vocabulary_in(kb_root())


@cache
def _vocabulary_in(root: Path) -> Vocabulary:
    return load_vocabulary(root / SYNONYMS_FILE)


def unique(items: Iterable[str]) -> list[str]:
    """Items in first-seen order, without repeats."""
    return list(dict.fromkeys(items))
