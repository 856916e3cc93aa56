"""Every log line passes the redaction processor; a failing redactor never lets text through."""

from __future__ import annotations

import json

import pytest
import structlog

from assistant.redaction.logging import FAILED, redaction_processor
from assistant.redaction.service import Redactor
from assistant.redaction.testing import SEEDED_PHI, leaked_phi


def test_processor_scrubs_every_string_value(redactor: Redactor) -> None:
    processor = redaction_processor(redactor)
    event = {
        "event": "chat message from Mary Jones",
        "message": "my MBI is 1EG4-TE5-MK73 and phone 312-555-0199",
        "nested": {"note": ["DOB 3/4/1931"]},
        "status": 200,
        "level": "info",
    }
    out = processor(None, "info", dict(event))
    assert out["event"] == "chat message from <PERSON_1>"
    assert out["message"] == "my MBI is <MEDICARE_ID_1> and phone <PHONE_NUMBER_1>"
    assert out["nested"] == {"note": ["DOB <DATE_OF_BIRTH_1>"]}
    assert out["status"] == 200 and out["level"] == "info"


def test_processor_fails_closed() -> None:
    class Broken:
        def redact_text(self, text: str) -> str:
            raise RuntimeError("boom")

    out = redaction_processor(Broken())(None, "info", {"event": "Mary Jones"})  # type: ignore[arg-type]
    assert out["event"] == FAILED


def test_rendered_log_line_has_no_seeded_phi(redactor: Redactor, capsys: pytest.CaptureFixture[str]) -> None:
    structlog.configure(
        processors=[redaction_processor(redactor), structlog.processors.JSONRenderer()],
        logger_factory=structlog.PrintLoggerFactory(),
    )
    try:
        structlog.get_logger().info("intake message", text=" ".join(SEEDED_PHI.values()))
    finally:
        structlog.reset_defaults()
    line = capsys.readouterr().out
    assert json.loads(line)["event"] == "intake message"
    assert leaked_phi(line) == []
