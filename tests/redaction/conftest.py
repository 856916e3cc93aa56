"""One analyzer for the whole session: loading spaCy is the slow part, everything else is cheap."""

from __future__ import annotations

import pytest
from presidio_analyzer import AnalyzerEngine

from assistant.redaction.engine import shared_analyzer
from assistant.redaction.service import Redactor


@pytest.fixture(scope="session")
def analyzer() -> AnalyzerEngine:
    return shared_analyzer()


@pytest.fixture(scope="session")
def redactor(analyzer: AnalyzerEngine) -> Redactor:
    return Redactor(analyzer)


def spans_of(recognizer, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The strings a single recognizer claims in ``text`` (no NLP artifacts needed)."""
    return [text[r.start : r.end] for r in recognizer.analyze(text, recognizer.supported_entities)]
