"""Which language a patient wrote in: English or Spanish, the two the assistant speaks.

lingua is restricted to those two languages (so "hola" is not read as Galician) and its models are
loaded once, up front, so the first chat message does not pay for them. Short or mixed messages
("PICC", "medicare part b") are English unless lingua is fairly sure, because a wrong Spanish guess
costs the patient an answer.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

Lang = Literal["en", "es"]
SPANISH_CONFIDENCE = 0.7
# Words that only Spanish uses: lingua is unsure on very short messages, these settle it.
_SPANISH_MARKERS = re.compile(
    r"\b(?:hola|gracias|ayuda|necesito|puedo|puede|tengo|tiene|estoy|está|esta|mi mamá|mi mama|mi papá|mi papa|"
    r"mi esposo|mi esposa|qué|que es|cómo|como se|cuánto|cuanto|dónde|donde|por favor|señora|señor|"
    r"no puedo|no puede|sangre|dolor|fiebre|respirar|pecho|seguro|cubre|terapia|enfermera|médico|medico)\b",
    re.IGNORECASE,
)


@cache
def _detector() -> LanguageDetector:
    return (
        LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.SPANISH)
        .with_preloaded_language_models()
        .build()
    )


def preload() -> None:
    _detector()


def detect(text: str) -> Lang:
    if "¿" in text or "¡" in text:
        return "es"
    confidence = _detector().compute_language_confidence(text, Language.SPANISH)
    if confidence >= SPANISH_CONFIDENCE:
        return "es"
    if confidence >= 0.5 and len(_SPANISH_MARKERS.findall(text)) >= 1:
        return "es"
    return "en"
