"""Frequency text <-> FHIR Timing: a table of real spellings plus a round-trip property."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gateway.mapping.timing import FrequencyError, format_timing, parse_frequency


@pytest.mark.parametrize(
    ("text", "frequency", "period", "unit", "bounds", "canonical"),
    [
        ("3x/week for 4 weeks", 3, 1, "wk", (4, "wk"), "3x/week for 4 weeks"),
        ("3 times per week for 6 weeks", 3, 1, "wk", (6, "wk"), "3x/week for 6 weeks"),
        ("twice a week", 2, 1, "wk", None, "2x/week"),
        ("5x/wk", 5, 1, "wk", None, "5x/week"),
        ("BID", 2, 1, "d", None, "2x/day"),
        ("tid x 10 days", 3, 1, "d", (10, "d"), "3x/day for 10 days"),
        ("QID", 4, 1, "d", None, "4x/day"),
        ("every 12 hours", 1, 12, "h", None, "every 12 hours"),
        ("q12h", 1, 12, "h", None, "every 12 hours"),
        ("Q8H", 1, 8, "h", None, "every 8 hours"),
        ("every 24 hours", 1, 24, "h", None, "every 24 hours"),
        ("daily x 14 days", 1, 1, "d", (14, "d"), "1x/day for 14 days"),
        ("once daily", 1, 1, "d", None, "1x/day"),
        ("weekly", 1, 1, "wk", None, "1x/week"),
        ("every other day", 1, 2, "d", None, "every 2 days"),
        ("QOD", 1, 2, "d", None, "every 2 days"),
        ("every 2 weeks", 1, 2, "wk", None, "every 2 weeks"),
        ("2x a day", 2, 1, "d", None, "2x/day"),
        ("once a month", 1, 1, "mo", None, "1x/month"),
    ],
)
def test_parse_real_frequencies(text, frequency, period, unit, bounds, canonical):
    timing = parse_frequency(text)
    repeat = timing["repeat"]
    assert (repeat["frequency"], repeat["period"], repeat["periodUnit"]) == (frequency, period, unit)
    if bounds:
        assert (repeat["boundsDuration"]["value"], repeat["boundsDuration"]["code"]) == bounds
        assert repeat["boundsDuration"]["system"] == "http://unitsofmeasure.org"
    else:
        assert "boundsDuration" not in repeat
    assert format_timing(timing) == canonical


def test_frequency_range():
    repeat = parse_frequency("1-2x/week")["repeat"]
    assert (repeat["frequency"], repeat["frequencyMax"]) == (1, 2)
    assert format_timing({"repeat": repeat}) == "1-2x/week"


def test_abbreviation_keeps_its_code():
    assert parse_frequency("BID")["code"]["coding"][0]["code"] == "BID"


@pytest.mark.parametrize("text", ["", "as needed", "whenever", "3x", "every blue moon"])
def test_unreadable_text_is_an_error(text):
    with pytest.raises(FrequencyError):
        parse_frequency(text)


@given(
    freq=st.integers(1, 6),
    period=st.integers(1, 24),
    unit=st.sampled_from(["h", "d", "wk", "mo"]),
    bounds=st.one_of(st.none(), st.tuples(st.integers(1, 52), st.sampled_from(["d", "wk", "mo"]))),
)
def test_format_then_parse_is_identity(freq, period, unit, bounds):
    repeat = {"frequency": freq, "period": period, "periodUnit": unit}
    if bounds:
        names = {"d": "day", "wk": "week", "mo": "month"}
        repeat = {
            "boundsDuration": {
                "value": bounds[0],
                "unit": names[bounds[1]],
                "system": "http://unitsofmeasure.org",
                "code": bounds[1],
            },
            **repeat,
        }
    text = format_timing({"repeat": repeat})
    assert parse_frequency(text)["repeat"] == repeat
