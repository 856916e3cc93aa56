"""The Redactor: analyse text with the engine, clean up what Presidio returns, apply the policy.

Post-processing is where domain knowledge goes: NER spans made only of clinical vocabulary are
dropped ("Vancomycin"), overlapping spans are merged so no fragment of an identifier survives,
and a name found once is redacted everywhere it recurs in the same text.
"""

from __future__ import annotations

import re

from presidio_analyzer import AnalyzerEngine, RecognizerResult
from spacy.lang.en.stop_words import STOP_WORDS as _EN_STOP
from spacy.lang.es.stop_words import STOP_WORDS as _ES_STOP

from assistant.redaction.entities import ENTITY_TYPES, LOCATION, PERSON, Entity, RedactionResult
from assistant.redaction.gazetteers import first_names, surnames
from assistant.redaction.policy import PlaceholderPolicy, Vault
from assistant.redaction.vocabulary import is_allowed, mentions_clinical, trim_allowed

_FUNCTION_WORDS = frozenset(_EN_STOP | _ES_STOP)

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
        start, end = _trim_lowercase(text, start, end)
        span = text[start:end]
        if end <= start or is_allowed(span) or not any(c.isalpha() for c in span) or any(c.isdigit() for c in span):
            return None
    while end > start and text[end - 1] in " .,;:!?'\"":
        end -= 1
    while start < end and text[start] in " ,;:'\"":
        start += 1
    if end <= start:
        return None
    return RecognizerResult(result.entity_type, start, end, result.score)


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """A lone UTF-16 surrogate ("\\ud800" in JSON) cannot be encoded, so spaCy and every writer fail on it;
    each becomes U+FFFD, one character for one, so offsets into the input stay right."""
    return _SURROGATE.sub("\ufffd", text)


_SPAN_WORD = re.compile(r"\S+")
_PARTICLES = {"de", "del", "la", "y", "van", "von", "da", "di", "le"}


def _trim_lowercase(text: str, start: int, end: int) -> tuple[int, int]:
    """spaCy's English model reads Spanish text as names ("su licencia de manejar es", "Tiene su número"):
    a name it finds is kept from its first name-like word to its last, a word being name-like when it
    is no function word and is capitalised or a name the Census lists know ("kevin")."""
    words = [(m.start() + start, m.end() + start, m.group()) for m in _SPAN_WORD.finditer(text[start:end])]

    def name_like(word: str) -> bool:
        core = word.strip(".,;:!?'\"()").lower()
        if not core or core in _FUNCTION_WORDS:
            return False
        known = all(part in first_names() or part in surnames() for part in core.split("-") if part)
        return word.strip(".,;:!?'\"()")[0].isupper() or known

    kept = [i for i, (_, _, w) in enumerate(words) if name_like(w)]
    if not kept:
        return start, start
    first, last = kept[0], kept[-1]
    if any(not name_like(w) and w.lower() not in _PARTICLES for _, _, w in words[first : last + 1]):
        return start, start  # "Tiene su número de expediente": lower-case words inside are no name
    return words[first][0], words[last][1]


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
        text = without_surrogates(text)
        raw = self._analyzer.analyze(text, language="en", entities=list(ENTITY_TYPES), score_threshold=SCORE_THRESHOLD)
        cleaned = [c for r in raw if (c := _clean(text, r)) is not None]
        return _merge(_propagate(text, cleaned))

    def redact(self, text: str, conversation_id: str | None = None) -> RedactionResult:
        """Placeholders instead of PHI; ``sealed`` holds the encrypted original if a vault key is set."""
        text = without_surrogates(text)
        entities = self.analyze(text)
        redacted = self._policy.apply(text, entities, conversation_id)
        sealed = self._vault.seal(text) if self._vault and entities else None
        return RedactionResult(text=redacted, entities=entities, sealed=sealed)

    def redact_text(self, text: str, conversation_id: str | None = None) -> str:
        """Shorthand for callers that only store or send the redacted text."""
        return self.redact(text, conversation_id).text
