"""Medical record and account numbers.

They have no checksum and no fixed shape (each EHR picks its own), so a bare number is never
enough; the label in front of it ("MRN", "chart #", "account number") is what makes it PHI.
"""

from __future__ import annotations

from assistant.redaction.entities import MRN
from assistant.redaction.recognizers.base import FILLER, ContextPatternRecognizer, rules

_LABEL = (
    r"(?:\bmrn|\bm\.r\.n\.?|medical\s+record|\brecord|\bchart|\bacct|\baccount|\bpatient\s+id"
    r"|\bpt\s+id|\bencounter)"
)
_VALUE = r"(?P<id>\b(?=[A-Z0-9-]*\d{4})[A-Z]{0,3}-?\d[\d-]{3,14}\d\b)"


class MrnRecognizer(ContextPatternRecognizer):
    """MRN / account / chart numbers after a label."""

    ENTITY = MRN
    RULES = rules((_LABEL + r"s?\b" + FILLER + _VALUE, 0.9))
