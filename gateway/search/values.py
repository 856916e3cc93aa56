"""Value normalisation shared by indexing and querying, so both sides agree exactly.

Strings are compared accent- and case-insensitively. Dates become [low, high] ranges in epoch
microseconds (UTC), honouring the precision written: ``1950`` is the whole year.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta, timezone

MAX_STRING = 400
MIN_TIME = -(2**62)
MAX_TIME = 2**62
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_DATE_RE = re.compile(
    r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2})(?:T(?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?P<f>\.\d+)?)?"
    r"(?P<tz>Z|[+-]\d{2}:\d{2})?)?)?)?$"
)


def normalize(text: str) -> str:
    if text.isascii():  # the common case needs no Unicode folding
        return text.lower()[:MAX_STRING]
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if not unicodedata.combining(c)).casefold()[:MAX_STRING]


def _micros(dt: datetime) -> int:
    delta = dt - _EPOCH
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


def date_range(text: str) -> tuple[int, int] | None:
    """The instant range a FHIR date/dateTime/instant literal covers, inclusive, or None if malformed."""
    m = _DATE_RE.match(text.strip())
    if not m:
        return None
    g = m.groupdict()
    tz = UTC
    if g["tz"] and g["tz"] != "Z":
        sign = 1 if g["tz"][0] == "+" else -1
        hours, minutes = int(g["tz"][1:3]), int(g["tz"][4:6])
        tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
    try:
        year = int(g["y"])
        if g["m"] is None:
            start = datetime(year, 1, 1, tzinfo=tz)
            end = datetime(year + 1, 1, 1, tzinfo=tz)
        elif g["d"] is None:
            month = int(g["m"])
            start = datetime(year, month, 1, tzinfo=tz)
            end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
        elif g["H"] is None:
            start = datetime(year, int(g["m"]), int(g["d"]), tzinfo=tz)
            end = start + timedelta(days=1)
        else:
            start = datetime(year, int(g["m"]), int(g["d"]), int(g["H"]), int(g["M"]), tzinfo=tz)
            if g["S"] is None:
                end = start + timedelta(minutes=1)
            else:
                frac = g["f"] or ""
                digits = len(frac) - 1 if frac else 0
                micros = int((frac[1:] + "000000")[:6]) if frac else 0
                start = start.replace(second=int(g["S"]), microsecond=micros)
                end = (
                    start + timedelta(microseconds=10 ** max(0, 6 - digits))
                    if digits < 6
                    else start + timedelta(microseconds=1)
                )
    except ValueError:
        return None
    return _micros(start), _micros(end) - 1


def micros_to_instant(value: int) -> str:
    dt = _EPOCH + timedelta(microseconds=value)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def now_instant() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def now_micros() -> int:
    return _micros(datetime.now(UTC))


def decimal_range(text: str) -> tuple[float, float] | None:
    """Implicit precision of a search number: ``5.4`` means [5.35, 5.45)."""
    try:
        value = float(text)
    except ValueError:
        return None
    body = text.strip().lstrip("+-").lower()
    if "e" in body:
        mantissa, _, exp = body.partition("e")
        decimals = (len(mantissa.split(".", 1)[1]) if "." in mantissa else 0) - int(exp)
    else:
        decimals = len(body.split(".", 1)[1]) if "." in body else 0
    half = 0.5 * 10 ** (-decimals)
    return value - half, value + half
