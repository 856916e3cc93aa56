"""Ages over 89, which HIPAA Safe Harbor treats as identifiers (younger ages are not)."""

from __future__ import annotations

import re

from assistant.redaction.entities import AGE
from assistant.redaction.recognizers.base import ContextPatternRecognizer, rules

_TENS = {"ninety": 90, "noventa": 90, "one hundred": 100, "a hundred": 100, "hundred": 100, "cien": 100}
_DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_UNITS = {w: i for i, w in enumerate(_DIGIT_WORDS)}
_NUMBER = (
    r"(?:\d{2,3}|(?:ninety|(?:one |a )?hundred(?: and)?)(?:[\s-](?:" + "|".join(_DIGIT_WORDS[1:]) + r"))?"
    r"|noventa(?:\s+y\s+\w+)?|cien)"
)
_KIN = (
    r"(?:husband|wife|mom|mother|dad|father|grandma|grandpa|grandmother|grandfather|aunt|uncle|she|he|patient"
    r"|pt|abuela|abuelo|mam[aá]|pap[aá]|t[ií]a|t[ií]o|esposo|esposa|suegra|suegro)"
)
_AFTER = r"(?:[\s-]*(?:years?|yrs?|y)[\s-]*(?:old|of\s+age|/?o)\b|\s*(?:y/?o|yo)\b)"
_SUBJECT = (
    r"\b(?:i'?m|i\s+am|she'?s|he'?s|turned|turning|(?:she|he|mom|mother|father|dad|grandmother|grandfather"
    r"|grandma|grandpa|wife|husband|patient|pt|who)\s+is)"
)
_NUMBER_WORD = re.compile(r"[a-z]+", re.IGNORECASE)


def parse_age(value: str) -> int | None:
    """The integer in '92', 'ninety-two' or 'one hundred and one'; None if it is not a number."""
    digits = "".join(c for c in value if c.isdigit())
    if digits:
        return int(digits)
    words = " ".join(_NUMBER_WORD.findall(value.lower()))
    total = 0
    for tens, number in _TENS.items():
        if words.startswith(tens):
            total, words = number, words[len(tens) :]
            break
    for word in words.split():
        total += _UNITS.get(word, 0)
    return total or None


class AgeRecognizer(ContextPatternRecognizer):
    """'92 years old', '92yo', '92-year-old', 'age 95', 'aged ninety-one'; only 90 and above."""

    ENTITY = AGE
    RULES = rules(
        (r"(?<![\w.])(?P<id>" + _NUMBER + r")" + _AFTER, 0.85),
        (r"\b(?:age|aged)[\s:]+(?:is\s+)?(?P<id>" + _NUMBER + r")\b", 0.85),
        (_SUBJECT + r"\s+(?P<id>" + _NUMBER + r")\b(?!\s*(?:mg|g|ml|units?|%))", 0.6),
        # "my husband Vern is 90", "she turns 93", "mi mamá cumple noventa"
        (
            r"\b" + _KIN + r"\b[^.,;\d\n]{0,20}?\b(?:is|es|tiene|cumple|cumpli[oó]|turns|turned|turning|just\s+turned)"
            r"\s+(?P<id>" + _NUMBER + r")\b(?!\s*(?:mg|g|ml|units?|%|degrees|lbs|pounds|min|minutes|hours|mmhg|/))",
            0.6,
        ),
        (r"\bturn(?:s|ed|ing)\s+(?P<id>" + _NUMBER + r")\b", 0.6),
        # "tiene 91 años", "(90)" after a name, "she'll be 100", "How old is he?\nCaller: 93"
        (r"(?<![\w.])(?P<id>" + _NUMBER + r")\s+a[nñ]os\b", 0.7),
        (r"(?<=[a-z]\s\()(?P<id>\d{2,3})(?=\))", 0.55),
        (r"\b(?:she|he|they)(?:'?ll|\s+will)\s+be\s+(?P<id>" + _NUMBER + r")\b", 0.6),
        (r"\bhow\s+old[^\n?]{0,30}\?\s*\n\s*\w+\s*:\s*(?:\w+\s+){0,3}?(?P<id>" + _NUMBER + r")\b", 0.7),
        # chart shorthand "91M", "93 F", and "pt Maxine Ruehl, 92,"
        (r"(?<![\w.])(?P<id>\d{2,3})\s?(?:M|F|yo|y/o|yF|yM)\b", 0.7),
        (r"(?<=[a-z],\s)(?P<id>\d{2,3})(?=\s*[,;)])", 0.55),
    )

    def validate(self, value: str, score: float) -> float | None:
        age = parse_age(value)
        return score if age is not None and 90 <= age <= 125 else None
