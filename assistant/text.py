"""Small, dependency-free text helpers shared by retrieval, answering and guardrails."""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

_STOPWORD_TEXT = """
    a about above after again against all am an and any are as at be because been before being below
    between both but by can could did do does doing done down during each few for from further get gets got
    had has have having he her here hers herself him himself his how i if in into is it its itself just
    let me more most my myself no nor not now of off on once only or other our ours ourselves out over own
    same she should so some such than that the their theirs them themselves then there these they this
    those through to too under until up very was we were what when where which while who whom why will
    with would you your yours yourself yourselves im ive id dont doesnt isnt cant wont whats thats theres
    also really exactly just still ok okay please thanks thank hi hello u ur yes"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_SUFFIXES = (
    "ational",
    "ization",
    "iveness",
    "fulness",
    "ousness",
    "ations",
    "ments",
    "ation",
    "ness",
    "ment",
    "ings",
    "ing",
    "ies",
    "ied",
    "edly",
    "ed",
    "es",
    "ly",
    "s",
)


def words(text: str) -> list[str]:
    """Lower-cased word tokens; apostrophes are dropped so "what's" and "whats" agree."""
    return [w.replace("'", "") for w in _WORD.findall(text.lower())]


def stem(word: str) -> str:
    """A deliberately light suffix stripper: enough to match "exercises"/"exercise", "visits"/"visit"."""
    if len(word) <= 4 or word.isdigit():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                return base + "y"
            if suffix == "es" and not base.endswith(("s", "x", "z", "ch", "sh")):
                return base + "e"
            return base
    return word


def content_terms(text: str) -> list[str]:
    """Stemmed tokens without stopwords: what BM25 and the overlap scores compare."""
    return [stem(w) for w in words(text) if w not in STOPWORDS]


def sentences(text: str) -> list[str]:
    """Split prose into sentences; a bulleted list line counts as one sentence."""
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith(("- ", "* ")) or re.match(r"^\d+[.)]\s", line):
            out.append(line)
            continue
        out.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"(])", line) if s.strip())
    return out


def plain(text: str) -> str:
    """Markdown emphasis, links and code marks removed; what a patient should read."""
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    return re.sub(r"[ \t]+", " ", text).strip()
