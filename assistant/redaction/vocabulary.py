"""The clinical/insurance allow-list, loaded from ``vocabulary.yaml``.

spaCy's small model calls "Vancomycin" a person, "Medicare" a place and "Tuesday" a name often
enough to mangle care instructions. The list is data so clinicians can extend it without code.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files

import yaml

_WORD = re.compile(r"[\w'./-]+")


@lru_cache(maxsize=1)
def _load() -> dict:
    return yaml.safe_load(files("assistant.redaction").joinpath("vocabulary.yaml").read_text("utf-8"))


def _normalise(text: str) -> str:
    return " ".join(text.lower().split()).strip(" ,;:!?")


@lru_cache(maxsize=1)
def allowed_terms() -> frozenset[str]:
    """Every allow-listed term, lower case, plus state names and abbreviations."""
    data = _load()
    terms = {_normalise(t) for group in data["terms"].values() for t in group}
    terms |= {_normalise(name) for pair in data["states"] for name in pair}
    return frozenset(terms)


@lru_cache(maxsize=1)
def _allowed_patterns() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in _load()["patterns"]), re.IGNORECASE)


def is_allowed(text: str) -> bool:
    """True when ``text`` is clinical/insurance vocabulary: a listed term, a code, or only such words."""
    norm = _normalise(text)
    if not norm:
        return True
    terms = allowed_terms()
    if norm in terms or _allowed_patterns().fullmatch(norm):
        return True
    words = _WORD.findall(norm)
    return all(w in terms or w.strip(".") in terms or _allowed_patterns().fullmatch(w) for w in words)


@lru_cache(maxsize=1)
def _clinical_phrase() -> re.Pattern[str]:
    data = _load()["terms"]
    terms = sorted({t.lower() for k in ("drugs", "insurance") for t in data[k]}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(t) for t in terms) + r")(?![\w-])", re.IGNORECASE)


def mentions_clinical(text: str) -> bool:
    """True when ``text`` contains a drug or insurance term: NER's "Lasix 40" is no name.

    Clinical words are left out on purpose: "Walker", "Foley" and "Port" are also surnames and towns.
    """
    return _clinical_phrase().search(text) is not None


def trim_allowed(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``text[start:end]`` past allow-listed words at either edge ('Nurse Mary' -> 'Mary')."""
    words = [(m.start() + start, m.end() + start) for m in _WORD.finditer(text[start:end])]
    while words and is_allowed(text[words[0][0] : words[0][1]]):
        words.pop(0)
    # A capitalised last word after a name is a surname even if it is also a term ("Rose Walker").
    while words and is_allowed(last := text[words[-1][0] : words[-1][1]]) and not (len(words) > 1 and last.istitle()):
        words.pop()
    if not words:
        return start, start
    return words[0][0], words[-1][1]


def _state_pattern() -> str:
    names = sorted({name for pair in _load()["states"] for name in pair}, key=len, reverse=True)
    return "|".join(re.escape(n) for n in names)


#: Regex alternation of state names and USPS abbreviations (longest first).
STATE_PATTERN = _state_pattern()
