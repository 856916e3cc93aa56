"""Email addresses.

Presidio's EmailAddressRecognizer validates the domain with ``tldextract``, which fetches the public
suffix list from the internet on first use; we must run offline, and a syntactic match is enough
to redact.
"""

from __future__ import annotations

from assistant.redaction.entities import EMAIL
from assistant.redaction.recognizers.base import ContextPatternRecognizer, rules


class EmailAddressRecognizer(ContextPatternRecognizer):
    """local@domain.tld, including the "name at domain dot com" spelling patients use."""

    ENTITY = EMAIL
    RULES = rules(
        (r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,24}\b", 0.95),
        (r"\b[\w+-]+(?:\s+dot\s+[\w+-]+)*\s+at\s+[\w-]+\s+dot\s+(?:com|net|org|edu|gov|us)\b", 0.8),
    )
