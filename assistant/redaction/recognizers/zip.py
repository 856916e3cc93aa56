"""ZIP codes.

Five digits alone are as often a dose ("10000 units") or a CPT code as a ZIP, so a ZIP is only
claimed after a label ("zip", "postal code") or right after a state name or abbreviation.
"""

from __future__ import annotations

from assistant.redaction.entities import ZIP
from assistant.redaction.recognizers.base import FILLER, ContextPatternRecognizer, rules
from assistant.redaction.vocabulary import STATE_PATTERN

_VALUE = r"(?P<id>\b\d{5}(?:-\d{4})?\b)"


class ZipRecognizer(ContextPatternRecognizer):
    """ZIP / ZIP+4 after a label or a state."""

    ENTITY = ZIP
    RULES = rules((r"(?:\bzip|\bpostal)(?:\s*code)?\b" + FILLER + _VALUE, 0.9)) + rules(
        # Case-sensitive: "IN 46204" is Indiana, "in 10000 units" is a dose.
        (r"\b(?:" + STATE_PATTERN + r")\.?,?\s+" + _VALUE, 0.8),
        # after a city: "Shreveport, 71104", "Indianapolis 46222"
        (r"\b[A-Z][a-z]{2,}(?:\s[A-Z][a-z]+)?,?\s+" + _VALUE + r"(?![\d-]|\s*(?:units?|mg|ml|mcg|iu|u)\b)", 0.6),
        flags=0,
    )
