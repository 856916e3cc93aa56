"""US Social Security numbers.

The dashed 3-2-4 shape is distinctive enough alone; nine bare digits are also MRNs and member IDs,
so they need the "SSN"/"social security" label. Numbers the SSA never issues are rejected.
"""

from __future__ import annotations

from assistant.redaction.entities import SSN
from assistant.redaction.recognizers.base import FILLER, ContextPatternRecognizer, rules

_LABEL = r"(?:\bssn|\bsocial\s+security|\bsocial|\bss\s*#)\b"


def is_valid_ssn(value: str) -> bool:
    """Reject area 000/666/9xx, group 00 and serial 0000, which are never issued."""
    digits = "".join(c for c in value if c.isdigit())
    if len(digits) != 9:
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return area not in {"000", "666"} and not area.startswith("9") and group != "00" and serial != "0000"


class SsnRecognizer(ContextPatternRecognizer):
    """SSNs with dashes or spaces, or bare after a label."""

    ENTITY = SSN
    RULES = rules(
        (r"(?<![\w-])(?P<id>\d{3}[- ]\d{2}[- ]\d{4})(?![\w-])", 0.7),
        (_LABEL + FILLER + r"(?P<id>\b\d{3}[- ]?\d{2}[- ]?\d{4}\b)", 0.95),
    )

    def validate(self, value: str, score: float) -> float | None:
        return score if is_valid_ssn(value) else None
