"""Spelling tolerance: correct query words that are neither in the corpus nor real English words.

Patients type "infushun" and "medicar". A word is left alone when the corpus uses it or when it is in
the embedding model's word-piece vocabulary (a 30k-word English list that ships with the model), so
ordinary words ("weather", "pizza") are never bent into domain words. Others are matched to the
corpus vocabulary with a SymSpell-style deletion index, then ranked by edit distance and frequency.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import cache
from itertools import combinations


def edit_distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance (Levenshtein plus adjacent transpositions)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def _deletes(word: str, depth: int) -> set[str]:
    out = {word}
    for n in range(1, depth + 1):
        if len(word) - n < 2:
            break
        out.update(
            "".join(c for i, c in enumerate(word) if i not in drop) for drop in combinations(range(len(word)), n)
        )
    return out


def max_edits(word: str) -> int:
    if len(word) < 5:  # "picc", "meds", "port": too short to correct safely
        return 0
    return 1 if len(word) < 7 else 2


class SpellingCorrector:
    def __init__(self, corpus_words: Iterable[str], *, known_words: Iterable[str] = ()) -> None:
        self.frequency = Counter(w for w in corpus_words if w.isalpha() and len(w) > 2)
        self.known = frozenset(known_words)
        self._index: dict[str, list[str]] = {}
        for word in self.frequency:
            for variant in _deletes(word, max_edits(word)):
                self._index.setdefault(variant, []).append(word)

    def correct(self, word: str) -> str:
        if word in self.frequency or word in self.known or not word.isalpha():
            return word
        budget = max_edits(word)
        if budget == 0:
            return word
        candidates = {c for variant in _deletes(word, budget) for c in self._index.get(variant, ())}
        scored = [(edit_distance(word, c), -self.frequency[c], c) for c in candidates]
        scored = [s for s in scored if s[0] <= budget]
        return min(scored)[2] if scored else word

    def correct_words(self, words: list[str]) -> list[str]:
        return [self.correct(w) for w in words]


@cache
def model_vocabulary() -> frozenset[str]:
    """Whole English words from the bundled model's tokenizer vocabulary (no word pieces, no symbols)."""
    from assistant.knowledge.embeddings import model_path

    lines = (model_path() / "vocab.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in lines if w.isalpha() and w.islower() and len(w) > 2)
