"""The corrector never 'corrects' a common English word into a vocabulary word ("converted" is no
"concerned", "drops" no "drips", "pleasure" no "pressure", "along" no "alone"): the vocabulary's
`spelling.common_english` lists every such word, generated from wordfreq's English word list
(words of Zipf frequency 3 or more, about one in a million words of running text). This test
regenerates the list and fails, printing the list to paste, when the vocabulary's targets change.

    .venv/bin/python tests/dialogs/test_spelling_common_english.py   # prints the list
"""

from __future__ import annotations

import re

import pytest

from dialogs.understanding import spelling
from dialogs.understanding import vocabulary as vocab

ZIPF_FLOOR = 3.0
_WORD = re.compile(r"[a-z][a-z']{2,}[a-z]")


def generate() -> list[str]:
    """The common English words the corrector would otherwise turn into a vocabulary word."""
    from rapidfuzz.distance import OSA
    from rapidfuzz.process import cdist
    from wordfreq import iter_wordlist, zipf_frequency

    words = []
    for word in iter_wordlist("en", wordlist="small"):
        if zipf_frequency(word, "en", wordlist="small") < ZIPF_FLOOR:
            break  # the list is ordered by frequency
        if _WORD.fullmatch(word) and word not in spelling.vocabulary_words():
            words.append(word)
    # the corrector's own rules decide; the distance matrix only skips words no target is near
    near = cdist(words, spelling.targets(), scorer=OSA.distance, score_cutoff=2).min(axis=1) <= 2
    return sorted(w for w, close in zip(words, near, strict=True) if close and spelling.closest(w))


def as_toml(words: list[str]) -> str:
    lines, line = [], "common_english = ["
    for word in words:
        item = f'"{word}", '
        if len(line) + len(item) > 100:
            lines.append(line.rstrip())
            line = "                  "
        line += item
    return "\n".join([*lines, line.rstrip(", ") + "]"])


def test_the_list_of_common_english_words_is_the_generated_one() -> None:
    pytest.importorskip("wordfreq")
    wanted = generate()
    listed = sorted(vocab.words("spelling", "common_english"))
    assert listed == wanted, "paste into dialogs/data/vocabulary.toml [spelling]:\n" + as_toml(wanted)


@pytest.mark.parametrize("word", ["converted", "drops", "pleasure", "along", "decline", "suppose",
                                  "naval", "forever", "professor", "bonus", "alter", "abort"])
def test_a_common_english_word_is_never_corrected(word: str) -> None:
    assert spelling.meant(word) is None


@pytest.mark.parametrize(("typed", "meant"), [("levofed", "levophed"), ("intubatted", "intubated"),
                                              ("febrille", "febrile"), ("tociluzimab", "tocilizumab"),
                                              ("canula", "cannula"), ("respnded", "responded")])
def test_misspellings_of_vocabulary_words_are_still_corrected(typed: str, meant: str) -> None:
    assert spelling.meant(typed) == meant


if __name__ == "__main__":
    print(as_toml(generate()))
