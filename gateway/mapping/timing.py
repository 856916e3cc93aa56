"""Frequency text as clinicians write it ("3x/week for 4 weeks", "BID", "q12h") <-> FHIR Timing.

Pure functions. ``parse_frequency`` accepts the usual spellings; ``format_timing`` writes one
canonical spelling back, so ``parse(format(parse(text))) == parse(text)`` for every accepted text.
"""

from __future__ import annotations

import re
from typing import Any

UCUM = "http://unitsofmeasure.org"
UNIT_WORDS = {
    "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
    "d": "d", "day": "d", "days": "d",
    "wk": "wk", "w": "wk", "week": "wk", "weeks": "wk",
    "mo": "mo", "month": "mo", "months": "mo",
    "min": "min", "minute": "min", "minutes": "min",
}  # fmt: skip
UNIT_NAMES = {"min": "minute", "h": "hour", "d": "day", "wk": "week", "mo": "month"}
# Common Latin abbreviations, from the v3 GTSAbbreviation table that R4 Timing.code binds to.
ABBREVIATIONS: dict[str, tuple[int, float, str]] = {
    "QD": (1, 1, "d"),
    "BID": (2, 1, "d"),
    "TID": (3, 1, "d"),
    "QID": (4, 1, "d"),
    "QOD": (1, 2, "d"),
    "QWK": (1, 1, "wk"),
    "QH": (1, 1, "h"),
    "Q4H": (1, 4, "h"),
    "Q6H": (1, 6, "h"),
    "Q8H": (1, 8, "h"),
    "Q12H": (1, 12, "h"),
}
WORD_TIMES = {"once": 1, "twice": 2, "thrice": 3, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}

_UNIT = r"(?P<unit>min(?:ute)?s?|h(?:ou)?rs?|hours?|h|days?|d|w(?:ee)?ks?|w|months?|mo)"
_TIMES = r"(?P<n>\d+|once|twice|thrice|one|two|three|four|five|six)(?:\s*-\s*(?P<nmax>\d+))?\s*(?:x|times?)?"
_PATTERNS = [
    # "3x/week", "3 times per week", "twice a day", "2x/wk", "1-2x/week", "3x a week"
    re.compile(rf"^{_TIMES}\s*(?:/|per|a|an|each|every)\s*(?P<pn>\d+\s*)?{_UNIT}$"),
    # "every 12 hours", "q12h", "every other day", "every day"
    re.compile(rf"^(?:every|q)\s*(?P<other>other\s+)?(?P<pn>\d+\s*)?{_UNIT}$"),
    # "daily", "weekly", "hourly", "monthly", "once daily"
    re.compile(r"^(?:(?P<n>once|twice|thrice)\s+)?(?P<adverb>hourly|daily|weekly|monthly)$"),
]
_BOUNDS = re.compile(rf"\s*(?:for|x|\u00d7)\s*(?P<bn>\d+)\s*{_UNIT.replace('unit', 'bunit')}$")
_ADVERBS = {"hourly": "h", "daily": "d", "weekly": "wk", "monthly": "mo"}


class FrequencyError(ValueError):
    """The text is not a frequency this parser understands (the caller keeps it as free text)."""


def _count(word: str) -> int:
    return int(word) if word.isdigit() else WORD_TIMES[word]


def parse_frequency(text: str) -> dict[str, Any]:
    """FHIR Timing for a frequency text; raises FrequencyError when it cannot be read."""
    cleaned = " ".join(text.strip().lower().replace(",", " ").split())
    repeat: dict[str, Any] = {}
    bounds = _BOUNDS.search(cleaned)
    if bounds:
        unit = UNIT_WORDS[bounds.group("bunit")]
        repeat["boundsDuration"] = {
            "value": int(bounds.group("bn")),
            "unit": UNIT_NAMES[unit],
            "system": UCUM,
            "code": unit,
        }
        cleaned = cleaned[: bounds.start()].strip()
    abbreviation = cleaned.upper().replace(" ", "")
    if abbreviation in ABBREVIATIONS:
        freq, period, unit = ABBREVIATIONS[abbreviation]
        repeat.update(frequency=freq, period=period, periodUnit=unit)
        return {"code": _gts(abbreviation), "repeat": _ordered(repeat)}
    for pattern in _PATTERNS:
        m = pattern.match(cleaned)
        if not m:
            continue
        groups = m.groupdict()
        if groups.get("adverb"):
            repeat.update(frequency=_count(groups["n"]) if groups.get("n") else 1, period=1)
            repeat["periodUnit"] = _ADVERBS[groups["adverb"]]
        else:
            unit = UNIT_WORDS[
                groups["unit"].rstrip("s") if groups["unit"].rstrip("s") in UNIT_WORDS else groups["unit"]
            ]
            period: float = int(groups["pn"]) if groups.get("pn") else 1
            if groups.get("other"):
                period = 2
            repeat["frequency"] = _count(groups["n"]) if groups.get("n") else 1
            if groups.get("nmax"):
                repeat["frequencyMax"] = int(groups["nmax"])
            repeat.update(period=period, periodUnit=unit)
        return {"repeat": _ordered(repeat)}
    raise FrequencyError(f"Cannot read frequency '{text}'")


def _gts(code: str) -> dict[str, Any]:
    return {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation", "code": code}]}


def _ordered(repeat: dict[str, Any]) -> dict[str, Any]:
    order = ["boundsDuration", "frequency", "frequencyMax", "period", "periodUnit"]
    return {k: repeat[k] for k in order if k in repeat}


def format_timing(timing: dict[str, Any]) -> str:
    """One canonical spelling of a Timing.repeat: "3x/week for 4 weeks", "every 12 hours"."""
    repeat = timing.get("repeat") or {}
    freq = repeat.get("frequency", 1)
    fmax = repeat.get("frequencyMax")
    period = repeat.get("period", 1)
    unit = repeat.get("periodUnit", "d")
    name = UNIT_NAMES[unit]
    period_text = _number(period)
    if freq == 1 and not fmax and period != 1:
        text = f"every {period_text} {name}s"
    else:
        times = f"{freq}-{fmax}x" if fmax else f"{freq}x"
        text = f"{times}/{name}" if period == 1 else f"{times}/{period_text} {name}s"
    bounds = repeat.get("boundsDuration")
    if bounds:
        bname = UNIT_NAMES.get(bounds.get("code", ""), bounds.get("unit", ""))
        value = _number(bounds["value"])
        text += f" for {value} {bname}{'s' if bounds['value'] != 1 else ''}"
    return text


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
