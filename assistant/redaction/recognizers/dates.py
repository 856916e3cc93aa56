"""Every date element more specific than a year: birth, admission, discharge, surgery, visit dates.

HIPAA Safe Harbor removes all of them, not only birth dates: "discharged on Oct 2", "knee replaced on
3/3", "born on the 4th of July", "12 de mayo de 1939". A birth date is found by ``dob.py`` with a
higher score and keeps its DATE_OF_BIRTH label. Bare years, weekdays and relative words ("tomorrow",
"last month") are not identifiers and are left alone. A bare numeric day ("3/3") needs a date word in
front of it ("on", "since", "discharged"), so fractions and ratios ("1/2 tab", "2/3 of the bag") stay.
"""

from __future__ import annotations

from assistant.redaction.entities import DATE
from assistant.redaction.recognizers.base import ContextPatternRecognizer, rules
from assistant.redaction.recognizers.dob import _DAY, _MONTH, _YEAR
from assistant.redaction.recognizers.dob import DATE as FULL_DATE

_MES = r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)"
_DIA = (
    r"(?:\d{1,2}|primero|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|quince"
    r"|diecis[eé]is|diecisiete|dieciocho|diecinueve|veinte|veinti\w+|treinta(?:\s+y\s+uno)?)"
)
_ANO_PALABRAS = r"mil\s+novecientos(?:\s+\w+){0,4}|dos\s+mil(?:\s+\w+){0,2}"
_SPANISH = (
    r"(?:"
    + _DIA
    + r")\s+de\s+"
    + _MES
    + r"(?:\s+(?:de|del)\s+(?:\d{4}|\d{2}|"
    + _ANO_PALABRAS
    + r"))?|"
    + _MES
    + r"\s+(?:de|del)\s+\d{4}"
)
_WEEKDAY = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|fri|sat|sun"
    r"|lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo)"
)
_ORDINAL_OF_MONTH = r"(?:the\s+)?" + _DAY + r"\s+of\s+" + _MONTH + r"(?:,?\s*" + _YEAR + r")?"
_HOLIDAY = (
    r"(?:christmas(?:\s+(?:eve|day))?|thanksgiving(?:\s+day)?|new\s+year'?s(?:\s+(?:eve|day))?|"
    r"(?:4th|fourth)\s+of\s+july|independence\s+day|valentine'?s\s+day|memorial\s+day|labor\s+day|"
    r"veterans\s+day|halloween|nochebuena|navidad|a[nñ]o\s+nuevo)"
)
_DATE_WORD = (
    r"(?:\bon|\bsince|\bfrom|\buntil|\btill|\bby|\bdated|\bdate|\bdischarged|\badmitted|\bsurgery|\breplaced|"
    r"\bel|\bdesde|\bhasta)"
)
_SHORT_NUMERIC = r"(?:0?[1-9]|1[0-2])[/\-](?:0?[1-9]|[12]\d|3[01])"


class CareDateRecognizer(ContextPatternRecognizer):
    """Named apart from Presidio's own ``DateRecognizer``, which its registry finds by class name."""

    ENTITY = DATE
    RULES = rules(
        (r"(?<![\w/.])(?P<id>" + FULL_DATE + r")(?![\w/])", 0.75),
        (r"(?<![\w/])(?P<id>" + _ORDINAL_OF_MONTH + r")\b", 0.75),
        (r"(?<![\w/])(?P<id>" + _SPANISH + r")\b", 0.75),
        (r"(?<![\w/])(?P<id>" + _MONTH + r"\s+" + _DAY + r")\b", 0.7),
        (_DATE_WORD + r"\s+(?:the\s+)?(?P<id>" + _SHORT_NUMERIC + r")(?![\w/.]|\.\d)", 0.7),
        (r"(?<![\w/.])(?P<id>(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/(?:\d{4}|\d{2}))(?![\w/])", 0.8),
        (r"\b(?P<id>" + _HOLIDAY + r")\b", 0.6),
        # "11/7", "12/19": a bare month/day, unless it is a fraction, a score out of ten or a ratio
        (
            r"(?<![\w/.])(?P<id>(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01]))(?<!/10)(?![\w/]|\.\d|\s*(?:tab|tablet|pill|cup"
            r"|of\b|strength|dose|mg|ml|inch|in\b|scale|pain))",
            0.6,
        ),
        # a day of the month alone: "on the 30th", "el jueves 9", "thursday the 9th"
        (
            r"\b(?:on|by|until|since|before|after)\s+the\s+(?P<id>\d{1,2}(?:st|nd|rd|th))\b"
            r"(?!\s+(?:dose|time|visit|week|day|infusion|session|floor|grade|cycle|bag|treatment|one))",
            0.65,
        ),
        (
            r"\b" + _WEEKDAY + r"\s+(?:the\s+)?(?P<id>\d{1,2}(?:st|nd|rd|th)?)\b(?!\s*(?:am|pm|:|h\b|hours?|mg|ml))",
            0.65,
        ),
    )
