"""Dates of birth, told apart from visit and order dates by the words around them.

Visit dates ("next visit 3/14", "start of care on Monday, March 3") are scheduling content the
assistant needs and are left alone; a date is only a DATE_OF_BIRTH when a birth word ("DOB",
"born", "birthday", "date of birth") precedes it closely or follows it ("... is my birthday").
Dates may be numeric, ISO, month-name, or written out in words ("march third nineteen forty").
"""

from __future__ import annotations

from assistant.redaction.entities import DATE_OF_BIRTH
from assistant.redaction.recognizers.base import ContextPatternRecognizer, rules

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORDINAL_WORDS = (
    r"(?:(?:twenty|thirty)[\s-]?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    r"|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth"
    r"|nineteenth|twentieth|thirtieth"
)
_DAY = r"(?:\d{1,2}(?:st|nd|rd|th)?|" + _ORDINAL_WORDS + r")"
_YEAR_WORDS = (
    r"(?:nineteen|two thousand(?: and)?)(?:[\s-]+(?:oh[\s-]+)?"
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six"
    r"|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))?"
)
_YEAR = r"(?:\d{4}|'\d{2}|" + _YEAR_WORDS + r")"
DATE = (
    r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})"  # 3/4/1948, 03-04-48
    r"|\d{4}[-./]\d{2}[-./]\d{2}"  # 1948-03-04, 1935.03.02
    r"|" + _MONTH + r"\s+(?:the\s+)?" + _DAY + r"(?:,?\s*(?:of\s+)?" + _YEAR + r")?"  # March 3rd, 1948
    r"|(?:the\s+)?"
    + _DAY
    + r"\s+(?:of\s+)?"
    + _MONTH
    + r",?\s*"
    + _YEAR  # the third of march 1948
    + r"|"
    + _MONTH
    + r",?\s+"
    + _YEAR
    + r")"  # March 1948
)
_BEFORE = (
    r"(?:\bdob|\bd\.o\.b\.?|date\s+of\s+birth|birth\s*date|birthday|\bborn|\bb-day|\bbday)\b"
    r"(?:[\s:#=,\-]|\bis\b|\bwas\b|\bon\b|\bin\b|\bof\b|\bmy\b|\bhers\b|\bhis\b|\bthe\b){0,8}?"
)
_AFTER = (
    r"(?:\s*(?:is|was|,|-)\s*(?:my|her|his|the\s+patient'?s|mom'?s|dad'?s)?\s*"
    r"(?:birthday|date\s+of\s+birth|dob|bday)\b)"
)


class DobRecognizer(ContextPatternRecognizer):
    """Dates preceded or followed by a birth word."""

    ENTITY = DATE_OF_BIRTH
    RULES = rules(
        (_BEFORE + r"(?P<id>\b" + DATE + r")(?![\w/])", 0.9),
        (r"(?<![\w/])(?P<id>" + DATE + r")" + _AFTER, 0.9),
    )
