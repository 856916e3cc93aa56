"""The Redactor: analyse text with the engine, clean up what Presidio returns, apply the policy.

Post-processing is where domain knowledge goes: NER spans made only of clinical vocabulary are
dropped ("Vancomycin"), overlapping spans are merged so no fragment of an identifier survives,
and a name found once is redacted everywhere it recurs in the same text.
"""

from __future__ import annotations

import re

from presidio_analyzer import AnalyzerEngine, RecognizerResult

from assistant.redaction.entities import ENTITY_TYPES, LOCATION, PERSON, Entity, RedactionResult
from assistant.redaction.policy import PlaceholderPolicy, Vault
from assistant.redaction.vocabulary import is_allowed, mentions_clinical, trim_allowed

SCORE_THRESHOLD = 0.5
_NER_TYPES = {PERSON, LOCATION}
_HONORIFIC = re.compile(r"\b(?:mr|mrs|ms|dr)\.?\s+$", re.IGNORECASE)


def _clean(text: str, result: RecognizerResult) -> RecognizerResult | None:
    """Drop or trim NER spans that are clinical vocabulary; strip edge punctuation.

    Our own recognizers already consulted the vocabulary with their context in view ("Dr. Walker"
    is a name even though "walker" is equipment), so only spaCy's spans are filtered here.
    """
    start, end = result.start, result.end
    from_ner = (result.recognition_metadata or {}).get("recognizer_name") == "SpacyRecognizer"
    titled = _HONORIFIC.search(text, max(0, start - 6), start) is not None  # "Dr. Walker" is a name
    if from_ner and result.entity_type in _NER_TYPES and not titled:
        if mentions_clinical(text[start:end]):
            return None
        start, end = trim_allowed(text, start, end)
        if end <= start or is_allowed(text[start:end]) or not any(c.isalpha() for c in text[start:end]):
            return None
    while end > start and text[end - 1] in " .,;:!?'\"":
        end -= 1
    while start < end and text[start] in " ,;:'\"":
        start += 1
    if end <= start:
        return None
    return RecognizerResult(result.entity_type, start, end, result.score)


def _merge(results: list[RecognizerResult]) -> list[Entity]:
    """Union overlapping spans; the merged span takes the type of its highest-scoring part."""
    merged: list[Entity] = []
    for r in sorted(results, key=lambda r: (r.start, -r.end)):
        if merged and r.start < merged[-1].end:
            last = merged[-1]
            best = last if last.score >= r.score else Entity(r.start, r.end, r.entity_type, r.score)
            merged[-1] = Entity(last.start, max(last.end, r.end), best.type, max(last.score, r.score))
        else:
            merged.append(Entity(r.start, r.end, r.entity_type, r.score))
    return merged


def _propagate(text: str, results: list[RecognizerResult]) -> list[RecognizerResult]:
    """Every other occurrence of a detected name is a name too ("rose ... Rose called")."""
    extra: list[RecognizerResult] = []
    names = {text[r.start : r.end] for r in results if r.entity_type == PERSON}
    for name in names:
        flags = re.IGNORECASE if " " in name else 0  # one word: only the same spelling, "rose" != "Rose"
        for match in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text, flags):
            extra.append(RecognizerResult(PERSON, match.start(), match.end(), 0.6))
    return results + extra


class Redactor:
    """Finds and replaces PHI. Build once (it owns the spaCy model) and share across requests."""

    def __init__(self, analyzer: AnalyzerEngine, *, vault_key: str | None = None) -> None:
        self._analyzer = analyzer
        self._policy = PlaceholderPolicy()
        self._vault = Vault(vault_key) if vault_key else None

    @classmethod
    def from_settings(cls, settings: object) -> Redactor:
        from assistant.redaction.engine import shared_analyzer

        return cls(shared_analyzer(), vault_key=getattr(settings, "vault_key", None))

    @property
    def vault(self) -> Vault | None:
        return self._vault

    def analyze(self, text: str) -> list[Entity]:
        """Non-overlapping entities, sorted by start, with offsets into ``text``."""
        if not text or not text.strip():
            return []
        raw = self._analyzer.analyze(text, language="en", entities=list(ENTITY_TYPES), score_threshold=SCORE_THRESHOLD)
        cleaned = [c for r in raw if (c := _clean(text, r)) is not None]
        return _merge(_propagate(text, cleaned))

    def redact(self, text: str, conversation_id: str | None = None) -> RedactionResult:
        """Placeholders instead of PHI; ``sealed`` holds the encrypted original if a vault key is set."""
        entities = self.analyze(text)
        redacted = self._policy.apply(text, entities, conversation_id)
        sealed = self._vault.seal(text) if self._vault and entities else None
        return RedactionResult(text=redacted, entities=entities, sealed=sealed)

    def redact_text(self, text: str, conversation_id: str | None = None) -> str:
        """Shorthand for callers that only store or send the redacted text."""
        return self.redact(text, conversation_id).text
