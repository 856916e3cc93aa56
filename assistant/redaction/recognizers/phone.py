"""US phone and fax numbers in every way people type them.

Presidio's phone recognizer validates through ``phonenumbers``, which rejects the fictional 555 and
non-NANP exchanges patients and test data use, and it misses numbers split into loose tokens
("555 - 123 - 4567", "5 5 5 1 2 3 4 5 6 7"). We match the digit shape instead; the 3-4 local form
and digit-by-digit form need a phone/fax word nearby because alone they look like doses or counts.
"""

from __future__ import annotations

from assistant.redaction.entities import PHONE
from assistant.redaction.recognizers.base import FILLER, ContextPatternRecognizer, rules

_SEP = r"[\s.\-/]{0,3}"
_EXT = r"(?:\s*(?:x|ext\.?|extension)\s*\d{1,5})?"
_TEN = (
    r"(?<![\w-])(?P<id>(?:\+\s?1|\b1)?"
    + _SEP
    + r"(?:\(\s*\d{3}\s*\)|\d{3})"
    + _SEP
    + r"\d{3}"
    + _SEP
    + r"\d{4}"
    + _EXT
    + r")(?![\w-])"
)
_LABEL = (
    r"(?:\bphone|\bcell|\bmobile|\bfax|\btel|\bcall|\btext|\breach|\bnumber|\bph|\bhome|\bwork|\boffice|\blandline)"
)
_LOCAL = _LABEL + r"\b(?:\s+me)?(?:\s+at)?" + FILLER + r"(?<![\w-])(?P<id>\d{3}[\s.\-]{1,3}\d{4})(?![\w-])"
_DIGITS = _LABEL + r"\b(?:\s+me)?(?:\s+at)?" + FILLER + r"(?P<id>\b\d(?:[\s.\-]{0,3}\d){9}\b)"
# Ten single digits, or 3-3-2-2 groups: nobody writes doses like that, so no label is needed.
_SPACED = r"(?<![\w.-])(?P<id>\d(?: \d){9}|\d{3}[\s.-]\d{3}[\s.-]\d{2}[\s.-]\d{2})(?![\w-])"


class UsPhoneRecognizer(ContextPatternRecognizer):
    """10/11-digit numbers in any separator style, plus 7-digit and spaced-digit forms after a label."""

    ENTITY = PHONE
    RULES = rules((_TEN, 0.75), (_LOCAL, 0.7), (_DIGITS, 0.8), (_SPACED, 0.6))

    def validate(self, value: str, score: float) -> float | None:
        digits = [c for c in value if c.isdigit()]
        if len(set(digits)) == 1:  # 000-000-0000 placeholders
            return None
        return score
