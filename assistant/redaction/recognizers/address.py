"""US street addresses, with or without commas, found by a street-suffix anchor and parsed by usaddress.

usaddress labels every token it is given (it happily calls "and call me" a city and state), so it
only confirms candidates that already look like ``<number> <name> <suffix>``; the tail is then
extended over a unit, a city only when a real state follows it, and a ZIP.
"""

from __future__ import annotations

import re

import usaddress
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from assistant.redaction.entities import ADDRESS
from assistant.redaction.recognizers.base import ContextPatternRecognizer
from assistant.redaction.vocabulary import STATE_PATTERN

_STRONG = (
    "street|st|avenue|ave|av|road|rd|drive|dr|lane|ln|boulevard|blvd|court|ct|terrace|ter|circle|cir"
    "|highway|hwy|parkway|pkwy|trail|trl|place|pl|square|sq|turnpike|tpke|expressway|expy|crescent"
)
_WEAK = (
    "way|run|path|view|point|walk|loop|row|pike|park|plaza|ridge|hill|crossing|commons|heights|grove|hollow|bend"
    "|alley|green|cove|landing|glen|meadow|meadows|manor|estates|knoll|bluff"
)
_NUMBER = r"(?<![\w.\-/])\d{1,6}[A-Za-z]?(?:-\d{1,4})?"
_DIRECTION = r"(?:[NSEW]\.?|north|south|east|west|NE|NW|SE|SW)"
_STREET_STRONG = re.compile(
    _NUMBER + r"\s+(?:" + _DIRECTION + r"\s+)?(?:[A-Za-z0-9][\w'.-]*\s+){1,3}?(?:" + _STRONG + r")\b\.?"
    r"(?:\s+" + _DIRECTION + r"\b\.?)?",
    re.IGNORECASE,
)
_STREET_WEAK = re.compile(_NUMBER + r"\s+(?:" + _DIRECTION + r"\s+)?(?:[A-Z0-9][\w'.-]*\s+){1,3}?(?i:" + _WEAK + r")\b")
_PO_BOX = re.compile(r"\b(?:P\.?\s?O\.?\s*Box|post\s+office\s+box)\s+\d{1,6}", re.IGNORECASE)
_UNIT = re.compile(
    r",?\s+(?:(?:apt|apartment|apartamento|apto|depto|unit|suite|ste|#|fl|floor|piso|room|rm|bldg|building|lot|trlr)"
    r"\.?\s*#?\s*[\w-]{1,6}\b|\d{1,3}(?:st|nd|rd|th)\s+floor\b|RR\s*\d+\s+Box\s+\d+\b)",
    re.IGNORECASE,
)
# Spanish street names put the number last ("avenida Las Palmas 3402", "calle Juárez 214"); US routes
# have no house number ("Route 9W").
_CALLE = re.compile(
    r"\b(?:avenida|av\.|calle|camino|carretera|bulevar|boulevard|privada|callej[oó]n)\s+(?:[\wáéíóúñÁÉÍÓÚÑ.'-]+\s+){1,3}?"
    r"\d{1,6}[A-Za-z]?\b",
    re.IGNORECASE,
)
_ROUTE = re.compile(r"\b(?:Route|Rte\.?|Highway|County\s+Road|State\s+Road|Farm\s+Road)\s+\d{1,4}[A-Z]?\b")
_ZIP = re.compile(r",?\s+\d{5}(?:-\d{4})?\b")
_CITY_STATE = re.compile(
    r",?\s+(?P<city>[A-Za-z][\w.'-]*(?:\s+[A-Za-z][\w.'-]*){0,2}?),?\s+(?P<state>" + STATE_PATTERN + r")\b",
    re.IGNORECASE,
)
_AFTER_LOWER_STATE = re.compile(r",?\s+\d{5}\b|\s*(?:[.,;!?\n]|$)")


def _is_street(value: str) -> bool:
    """usaddress must agree that the candidate is a street address (number, name, street type)."""
    try:
        labels = {label for _, label in usaddress.parse(value)}
    except Exception:  # usaddress raises on input it cannot tokenise
        return False
    if "USPSBoxID" in labels:
        return True
    return "AddressNumber" in labels and bool(labels & {"StreetNamePostType", "StreetName"})


def _tail_end(text: str, pos: int) -> int:
    """Extend an address from ``pos`` over a unit, then "City, ST 12345" when a real state follows."""
    unit = _UNIT.match(text, pos)
    if unit:
        pos = unit.end()
    city = _CITY_STATE.match(text, pos)
    if city:
        words = city.group("city").split()
        state = city.group("state")
        plausible = all(w.lower() not in STOP_WORDS for w in words)  # "Port Lawrence" is a town
        if state.islower() and len(state) == 2:  # "in", "me", "or": only a state before a ZIP or a stop
            plausible = plausible and _AFTER_LOWER_STATE.match(text, city.end()) is not None
        if plausible:
            pos = city.end()
    zip_code = _ZIP.match(text, pos)
    return zip_code.end() if zip_code else pos


class AddressRecognizer(ContextPatternRecognizer):
    """Street (or PO box) + optional unit, city, state and ZIP, as one ADDRESS span."""

    ENTITY = ADDRESS

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        for regex, score in ((_STREET_STRONG, 0.85), (_STREET_WEAK, 0.7), (_PO_BOX, 0.85)):
            for match in regex.finditer(text):
                if not _is_street(match.group()):
                    continue
                end = _tail_end(text, match.end())
                results.append(RecognizerResult(ADDRESS, match.start(), end, score))
        for regex in (_CALLE, _ROUTE):
            for match in regex.finditer(text):
                results.append(RecognizerResult(ADDRESS, match.start(), _tail_end(text, match.end()), 0.7))
        return results
