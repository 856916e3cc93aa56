"""Medicare Beneficiary Identifier (MBI), validated position by position per the CMS format.

An 11-character MBI (``1EG4-TE5-MK73``) is: 1 digit 1-9, 2 letter, 3 alphanumeric, 4 digit,
5 letter, 6 alphanumeric, 7 digit, 8-9 letters, 10-11 digits; letters never S, L, O, I, B or Z.
A plain regex for "11 alphanumerics" would also catch lot numbers and NDCs, so each position is
checked, and the hyphenated print form on the card is accepted.
"""

from __future__ import annotations

import re

from assistant.redaction.entities import MBI
from assistant.redaction.recognizers.base import ContextPatternRecognizer, rules

LETTERS = "ACDEFGHJKMNPQRTUVWXY"
_L = f"[{LETTERS}]"
_A = f"[{LETTERS}0-9]"
_SHAPE = re.compile(f"[1-9]{_L}{_A}[0-9]{_L}{_A}[0-9]{_L}{_L}[0-9]{{2}}")


def is_valid_mbi(value: str) -> bool:
    """True when ``value`` (any case, hyphens optional at the card positions) is a well-formed MBI."""
    compact = value.upper().replace("-", "")
    return len(compact) == 11 and _SHAPE.fullmatch(compact) is not None


class MbiRecognizer(ContextPatternRecognizer):
    """MBIs in compact or card (4-3-4) form; patients type them in lower case too."""

    ENTITY = MBI
    RULES = rules(
        (r"(?<![\w-])(?P<id>[1-9][a-z][a-z0-9][0-9]-?[a-z][a-z0-9][0-9]-?[a-z]{2}[0-9]{2})(?![\w-])", 0.95),
    )

    def validate(self, value: str, score: float) -> float | None:
        return score if is_valid_mbi(value) else None
