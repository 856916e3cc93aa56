"""The redactor's vocabulary of results: entity types, spans and the redaction outcome.

Kept free of Presidio types so callers (routes, logging, intake) never depend on the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PERSON = "PERSON"
DATE_OF_BIRTH = "DATE_OF_BIRTH"
AGE = "AGE"
PHONE = "PHONE_NUMBER"
EMAIL = "EMAIL_ADDRESS"
SSN = "US_SSN"
MRN = "MRN"
MBI = "MEDICARE_ID"
MEMBER_ID = "MEMBER_ID"
ADDRESS = "ADDRESS"
ZIP = "ZIP_CODE"
LOCATION = "LOCATION"
URL = "URL"
IP = "IP_ADDRESS"
DATE = "DATE"
OTHER_ID = "OTHER_ID"

#: Every type the redactor emits; all are HIPAA Safe Harbor direct identifiers.
ENTITY_TYPES: tuple[str, ...] = (
    PERSON,
    DATE_OF_BIRTH,
    AGE,
    PHONE,
    EMAIL,
    SSN,
    MRN,
    MBI,
    MEMBER_ID,
    ADDRESS,
    ZIP,
    LOCATION,
    URL,
    IP,
    DATE,
    OTHER_ID,
)


@dataclass(frozen=True, slots=True)
class Entity:
    """One detected identifier; offsets index the text that was analysed."""

    start: int
    end: int
    type: str
    score: float

    def as_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "type": self.type, "score": round(self.score, 4)}


@dataclass(frozen=True, slots=True)
class RedactionResult:
    """Redacted text plus the entities found in the *input* (offsets are not into ``text``).

    ``sealed`` is the Fernet-encrypted original when a vault key is configured, else None: the
    only way back to the original is through the vault key.
    """

    text: str
    entities: list[Entity] = field(default_factory=list)
    sealed: str | None = None
