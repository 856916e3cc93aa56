"""URLs and bare web addresses.

Presidio's WebAddressRecognizer also matches file names and dotted abbreviations ("q.d.", "p.o."); a
personal page or portal link is only claimed with a scheme, ``www.`` or a common TLD.
"""

from __future__ import annotations

from assistant.redaction.entities import URL
from assistant.redaction.recognizers.base import ContextPatternRecognizer, rules

_PATH = r"(?:/[^\s<>\"']*[^\s<>\"'.,;:!?)])?"
_TLD = r"(?:com|net|org|edu|gov|us|io|info|biz|me|health|care)"


class WebAddressRecognizer(ContextPatternRecognizer):
    """http(s)://..., www...., and host.tld/path."""

    ENTITY = URL
    RULES = rules(
        (r"\bhttps?://[^\s<>\"']+[^\s<>\"'.,;:!?)]", 0.9),
        (r"(?<![@\w.])www\.[\w-]+(?:\.[\w-]+)+" + _PATH, 0.85),
        (r"(?<![@\w.])[a-z0-9-]+(?:\.[a-z0-9-]+)*\." + _TLD + _PATH + r"\b(?!@)", 0.6),
    )
