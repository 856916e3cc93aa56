"""Health plan member, subscriber, policy and group numbers.

Commercial plans print IDs such as ``XEH123456789`` or ``W2837461903``; none has a checksum, so we
need the label ("member ID", "group #", "policy number") or the common three-letter-prefix shape.
"""

from __future__ import annotations

from assistant.redaction.entities import MEMBER_ID
from assistant.redaction.recognizers.base import FILLER, ContextPatternRecognizer, rules

_LABEL = (
    r"(?:\bmember|\bsubscriber|\bpolicy|\bgroup|\bgrp|\binsurance\s+id|\bplan\s+id|\bid\s+card"
    r"|\bmedicaid|\bcontract)"
)
_VALUE = r"(?P<id>\b(?=[A-Z0-9-]*\d{3})[A-Z0-9][A-Z0-9-]{3,18}[A-Z0-9]\b)"


class MemberIdRecognizer(ContextPatternRecognizer):
    """Plan IDs after a label, and prefixed IDs (3 letters + 6-12 digits) without one."""

    ENTITY = MEMBER_ID
    RULES = rules(
        (_LABEL + r"s?\b(?:\s+id\b)?" + FILLER + _VALUE, 0.85),
        (r"(?<![\w-])(?P<id>[A-Z]{3}\d{6,12})(?![\w-])", 0.6),
    )
