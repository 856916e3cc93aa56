"""The redactor against the labelled evaluation set and the clinical look-alike list."""

from __future__ import annotations

import pytest

from assistant.redaction.service import Redactor

from .evalset import Message, evaluation_set, hard_cases, lookalikes

EVALSET = evaluation_set()


def test_evaluation_set_is_large_enough() -> None:
    assert len(EVALSET) >= 200
    assert len(hard_cases()) >= 50
    assert all(m.text[s.start : s.end].strip() for m in EVALSET for s in m.spans)


def test_generator_is_deterministic() -> None:
    assert [m.text for m in evaluation_set()] == [m.text for m in EVALSET]


@pytest.mark.parametrize("message", EVALSET, ids=lambda m: m.text[:40])
def test_no_gold_phi_survives_redaction(redactor: Redactor, message: Message) -> None:
    redacted = redactor.redact(message.text).text
    leaked = [phi for phi in message.phi() if phi in redacted]
    assert not leaked, f"{leaked} survived in {redacted!r}"


@pytest.mark.parametrize("term", lookalikes())
def test_clinical_lookalike_is_never_redacted(redactor: Redactor, term: str) -> None:
    for sentence in (f"Orders: {term}. Thanks.", f"{term} for the patient starting next week"):
        assert term in redactor.redact(sentence).text


def test_clinical_content_survives_next_to_phi(redactor: Redactor) -> None:
    text = "MRN 00482913 Vancomycin 1 g every 12 hours via PICC line, Part B, G0068, PT 3x a week"
    redacted = redactor.redact(text).text
    assert redacted == "MRN <MRN_1> Vancomycin 1 g every 12 hours via PICC line, Part B, G0068, PT 3x a week"


def test_every_date_element_is_redacted_and_birth_dates_keep_their_label(redactor: Redactor) -> None:
    """Safe Harbor removes every date element but the year, not only birth dates; weekdays stay."""
    redacted = redactor.redact("DOB 4/12/1937, next visit 4/12/2025 on Tuesday").text
    assert redacted == "DOB <DATE_OF_BIRTH_1>, next visit <DATE_1> on Tuesday"


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("she was discharged on Oct 2 from mercy", "Oct 2"),
        ("surgery was Sept 18", "Sept 18"),
        ("knee replaced on 3/3, now home", "3/3"),
        ("born on the 4th of July", "4th of July"),
        ("nació el 12 de mayo de 1939", "12 de mayo de 1939"),
        ("birthday is 10-28-1948", "10-28-1948"),
        ("is the nurse still coming on the 30th?", "30th"),
        ("¿la enfermera viene el jueves 9?", "9"),
    ],
)
def test_dates_of_care_are_redacted(redactor: Redactor, text: str, date: str) -> None:
    assert date not in redactor.redact(text).text


@pytest.mark.parametrize(
    "text",
    ["take 1/2 tab at night", "2/3 of the bag ran", "BP 120/80, HR 92", "Heparin 10000 units in 24 hours", "in 2019"],
)
def test_fractions_ratios_and_years_are_not_dates(redactor: Redactor, text: str) -> None:
    assert redactor.redact(text).text == text
