"""Identifiers read aloud or typed the way they are read: in groups, digit by digit, in words,
with phonetic letters ("H 4 8 2 0 6 1 9 3 7", "W447, 291, 033", "A as in apple, 7, 7, 2",
"nine one four, five five five, zero one four two", "nueve uno cuatro…").

Call transcripts and relatives reading off a card produce these; a pattern for the printed shape
never matches them. A label in front (member ID, MRN, Medicare, plate, serial, "last four of her
social", "número de…") says it is an identifier; a run of seven or more spoken digits is a phone
number with or without one.
"""

from __future__ import annotations

import re

from assistant.redaction.entities import OTHER_ID, PHONE, SSN
from assistant.redaction.recognizers.base import ContextPatternRecognizer, rules

_DIGIT_WORDS = (
    r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|cero|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve)"
)
_SPOKEN_DIGIT = r"(?:\d{1,4}|" + _DIGIT_WORDS + r")"
_SPOKEN_SEP = r"(?:[\s,.\-]+|\s*-\s*)"
# seven to eleven spoken or typed digits in a row, at least three of them words
_SPOKEN_PHONE = (
    r"(?<![\w-])(?P<id>(?=(?:[^\n]*?\b"
    + _DIGIT_WORDS
    + r"\b){3})"
    + _SPOKEN_DIGIT
    + r"(?:"
    + _SPOKEN_SEP
    + _SPOKEN_DIGIT
    + r"){6,10})(?![\w-])"
)
_ID_LABEL = (
    r"(?:\bmember\s*(?:id|number|#)?|\bid\b|\bi\.d\.|\bmrn|\bchart|\brecord|\bmedicare|\bmedicaid|\bcin\b|\bmbi\b"
    r"|\bpolicy|\bsubscriber|\bplates?|\bplacas?|\blicen[cs]e|\blicencia|\bserial|\bbracelet|\bcard|\bn[uú]mero(?:\s+de\s+\w+)?"
    r"|\bpatient\s+(?:number|#|id)|\bhospital\s+(?:number|#|id))"
)
# a letter, a phonetic letter ("A as in apple", "T de Tomás", "W like water") or a group of digits
_PIECE = (
    r"(?:[A-Za-z](?:\s+(?:as\s+in|like|de|como)\s+[A-Za-zÁÉÍÓÚáéíóúñ]+)?|(?-i:[A-Z]{2,4})|\d{1,6}|dash|guion|gui[oó]n)"
)
_SPELLED_ID = (
    _ID_LABEL
    + r"[^\n\d]{0,40}?(?:is|es|:|#)?\s*(?P<id>(?=(?:[^\n]*?\d){4})"
    + _PIECE
    + r"(?:[\s,.\-]+"
    + _PIECE
    + r"){2,14})(?![\w])"
)
_LAST_FOUR_SSN = (
    r"(?:\b(?:last|final)\s+(?:4|four)(?:\s+(?:digits|numbers))?(?:\s+(?:of|on)\s+(?:my|his|her|the)?\s*"
    r"(?:ssn|social(?:\s+security)?))?|\b(?:ssn|social(?:\s+security)?|seguro\s+social[^\n\d]{0,20}?)"
    r"\s*(?:last\s+(?:4|four)|termina\s+en|ending(?:\s+in)?))"
    r"[\s:#-]*(?:is|are|es|was)?\s*(?P<id>\d{4})\b"
)
_LAST_FOUR_ACCOUNT = (
    r"\b(?:card|account|acct)\s+(?:ending|ends)(?:\s+in)?|\blast\s+(?:4|four)\s+(?:of|on)\s+(?:my|his|her|the)?\s*"
    r"(?:card|account)|\btarjeta\s+(?:que\s+)?termina\s+en"
)


class SpokenNumberRecognizer(ContextPatternRecognizer):
    ENTITY = PHONE
    RULES = rules((_SPOKEN_PHONE, 0.7))

    def validate(self, value: str, score: float) -> float | None:
        digits = len(re.findall(r"\d|\b" + _DIGIT_WORDS + r"\b", value, re.IGNORECASE))
        return score if 7 <= digits <= 11 else None


class SpelledIdRecognizer(ContextPatternRecognizer):
    ENTITY = OTHER_ID
    RULES = rules((_SPELLED_ID, 0.7))

    def validate(self, value: str, score: float) -> float | None:
        # The value must be more than one plain word: an ID read aloud has digits spread through it.
        return score if sum(c.isdigit() for c in value) >= 4 else None


class LastFourRecognizer(ContextPatternRecognizer):
    """ "last four of her social is 4417", "el seguro social termina en 3318"."""

    ENTITY = SSN
    RULES = rules((_LAST_FOUR_SSN, 0.8))


class AccountEndingRecognizer(ContextPatternRecognizer):
    """ "the charge on my card ending 8814": the last digits of a card or account."""

    ENTITY = OTHER_ID
    RULES = rules((_LAST_FOUR_ACCOUNT + r"[\s:#-]*(?:is|es)?\s*(?P<id>\d{4})\b", 0.8))
