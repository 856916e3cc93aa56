"""Cities and towns named as where someone lives, which spaCy's small model often misses.

Only the phrase "live(s) in / moved to / located in" vouches for the place; states are not
identifiers under Safe Harbor and are left alone through the vocabulary.
"""

from __future__ import annotations

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from assistant.redaction.entities import LOCATION
from assistant.redaction.recognizers.base import ContextPatternRecognizer, rules
from assistant.redaction.vocabulary import is_allowed

_PLACE = r"(?P<id>[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+){0,2})"


class ResidenceRecognizer(ContextPatternRecognizer):
    """Capitalised place names after a residence phrase."""

    ENTITY = LOCATION
    RULES = rules(
        (r"\b(?:(?i:live|lives|living|moved|moving|located|reside|resides|staying))\s+(?:(?i:in|to))\s+" + _PLACE, 0.7),
        flags=0,
    )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        return [r for r in super().analyze(text, entities, nlp_artifacts) if not is_allowed(text[r.start : r.end])]
