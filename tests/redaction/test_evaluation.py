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


def test_visit_dates_are_kept_and_birth_dates_are_not(redactor: Redactor) -> None:
    redacted = redactor.redact("DOB 4/12/1937, next visit 4/12/2025 on Tuesday").text
    assert redacted == "DOB <DATE_OF_BIRTH_1>, next visit 4/12/2025 on Tuesday"
