"""US street addresses, with or without commas, found by a street-suffix anchor and parsed by usaddress.

usaddress labels every token it is given (it happily calls "and call me" a city and state), so it
is only asked about a window that already looks like ``<number> <name> <suffix>``; we then keep its
labels while they stay address-like: unit, city only when a real state follows, ZIP.
"""

from __future__ import annotations

import re

import usaddress
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from assistant.redaction.entities import ADDRESS
from assistant.redaction.recognizers.base import ContextPatternRecognizer
from assistant.redaction.vocabulary import STATE_PATTERN

_STRONG = (
    "street|st|avenue|ave|av|road|rd|drive|dr|lane|ln|boulevard|blvd|court|ct|terrace|ter|circle|cir"
    "|highway|hwy|parkway|pkwy|trail|trl|place|pl|square|sq|turnpike|tpke|expressway|expy|crescent"
)
_WEAK = "way|run|path|view|point|walk|loop|row|pike|park|plaza|ridge|hill|crossing|commons|heights|grove"
_NUMBER = r"(?<![\w.\-/])\d{1,6}[A-Za-z]?(?:-\d{1,4})?"
_DIRECTION = r"(?:[NSEW]\.?|north|south|east|west|NE|NW|SE|SW)"
_STREET_STRONG = re.compile(
    _NUMBER + r"\s+(?:" + _DIRECTION + r"\s+)?(?:[A-Za-z0-9][\w'.-]*\s+){1,3}?(?:" + _STRONG + r")\b\.?"
    r"(?:\s+" + _DIRECTION + r"\b\.?)?",
    re.IGNORECASE,
)
_STREET_WEAK = re.compile(
    _NUMBER + r"\s+(?:" + _DIRECTION + r"\s+)?(?:[A-Z0-9][\w'.-]*\s+){1,3}?(?i:" + _WEAK + r")\b"
)
_PO_BOX = re.compile(r"\b(?:P\.?\s?O\.?\s*Box|post\s+office\s+box)\s+\d{1,6}", re.IGNORECASE)
_UNIT = re.compile(
    r",?\s+(?:apt|apartment|unit|suite|ste|#|fl|floor|room|rm|bldg|building|lot|trlr)\.?\s*#?\s*[\w-]{1,6}\b",
    re.IGNORECASE,
)
_STATE = re.compile(r"(?:" + STATE_PATTERN + r")\b\.?", re.IGNORECASE)
_ZIP = re.compile(r",?\s+\d{5}(?:-\d{4})?\b")
_CITY_LABELS = {"PlaceName"}


def _tail_end(text: str, pos: int) -> int:
    """Extend an address from ``pos`` over unit, then "City, ST 12345" if a real state follows."""
    unit = _UNIT.match(text, pos)
    if unit:
        pos = unit.end()
    window = text[pos : pos + 80]
    tokens = usaddress.tokenize(window)
    try:
        labels = [label for _, label in usaddress.parse(window)]
    except Exception:  # usaddress raises on odd input; the street alone is still an address
        return pos
    offset, city_end = 0, None
    for index, (token, label) in enumerate(zip(tokens, labels, strict=False)):
        found = window.find(token, offset)
        offset = found + len(token)
        if index >= 4 or label not in _CITY_LABELS:
            break
        rest = window[offset:].lstrip(" ,")
        if _STATE.match(rest) and rest[:1].isalpha():
            city_end = offset + (len(window[offset:]) - len(rest))
            break
    if city_end is None:
        state = _STATE.match(window.lstrip(" ,"))
        if not (state and window[:1] in ", "):
            return pos
        city_end = len(window) - len(window.lstrip(" ,"))
    state = _STATE.match(window, city_end)
    if not state:
        return pos
    end = pos + state.end()
    zip_code = _ZIP.match(text, end)
    return zip_code.end() if zip_code else end


class AddressRecognizer(ContextPatternRecognizer):
    """Street (or PO box) + optional unit, city, state and ZIP, as one ADDRESS span."""

    ENTITY = ADDRESS

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        for regex, score in ((_STREET_STRONG, 0.85), (_STREET_WEAK, 0.7), (_PO_BOX, 0.85)):
            for match in regex.finditer(text):
                end = _tail_end(text, match.end())
                results.append(RecognizerResult(ADDRESS, match.start(), end, score))
        return results
