"""Helpers for tests elsewhere (chat, intake) that must prove no PHI reaches logs or storage.

Seed a conversation with ``SEEDED_PHI`` values, capture what was logged or stored, and assert
``leaked_phi(captured) == []``.
"""

from __future__ import annotations

from collections.abc import Iterable

#: One synthetic patient; every value is an identifier the redactor must remove.
SEEDED_PHI: dict[str, str] = {
    "name": "Mary Ellen Fisher",
    "birth_date": "DOB 03/14/1931",
    "phone": "(312) 555-0199",
    "address": "4521 North Maple Avenue Apt 3B Chicago IL 60614",
    "mbi": "1EG4-TE5-MK73",
    "member_id": "member ID XEH123456789",
    "mrn": "MRN 00482913",
    "email": "mary.fisher31@example.com",
}

#: A Spanish-speaking caller and dates of care: the kinds of identifiers unseen messages leaked before.
SEEDED_PHI_ES: dict[str, str] = {
    "intro": "soy María Guadalupe Torres",
    "birth_date": "nací el 12 de mayo de 1939",
    "phone": "mi número es 915-555-0133",
    "discharge": "me dieron de alta el 3 de octubre",
    "age": "mi papá tiene 94",
}

#: The parts of SEEDED_PHI and SEEDED_PHI_ES that must not appear (labels such as "DOB" may stay).
_NEEDLES = (
    "Mary Ellen Fisher",
    "Fisher",
    "03/14/1931",
    "555-0199",
    "4521 North Maple",
    "1EG4-TE5-MK73",
    "XEH123456789",
    "00482913",
    "mary.fisher31@example.com",
    "María Guadalupe Torres",
    "Guadalupe",
    "12 de mayo",
    "555-0133",
    "3 de octubre",
    "tiene 94",
)


def leaked_phi(captured: str, needles: Iterable[str] = _NEEDLES) -> list[str]:
    """The seeded identifiers found in ``captured`` (empty when nothing leaked)."""
    lowered = captured.lower()
    return [needle for needle in needles if needle.lower() in lowered]
