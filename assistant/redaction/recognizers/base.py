"""A regex recognizer whose pattern carries its own context and reports only the ``id`` group.

Presidio's PatternRecognizer scores the whole match and boosts it with context words found in
lemmas. We run spaCy without the lemmatizer (speed), and for identifiers like MRNs the context word
("MRN", "member ID") is what makes a number an identifier, so it belongs in the pattern itself and
must not be redacted along with the value.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts


@dataclass(frozen=True)
class Rule:
    """One regex; the named group ``id`` (or the whole match) is the entity."""

    regex: re.Pattern[str]
    score: float


class ContextPatternRecognizer(LocalRecognizer):
    """Runs a list of rules; ``validate`` may veto (None) or rescore a candidate value."""

    ENTITY: str = ""
    RULES: Sequence[Rule] = ()

    def __init__(self) -> None:
        super().__init__(supported_entities=[self.ENTITY], name=type(self).__name__, supported_language="en")

    def load(self) -> None:  # rules are compiled at import time
        return None

    def validate(self, value: str, score: float) -> float | None:
        return score

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        best: dict[tuple[int, int], float] = {}
        for rule in self.RULES:
            for match in rule.regex.finditer(text):
                group = "id" if "id" in rule.regex.groupindex else 0
                start, end = match.span(group)
                if start < 0:
                    continue
                score = self.validate(text[start:end], rule.score)
                if score is not None and score > best.get((start, end), 0.0):
                    best[(start, end)] = score  # several rules may find the same span
        spans = sorted(best)
        kept = [(s, e) for s, e in spans if not any(o != (s, e) and o[0] <= s and e <= o[1] for o in spans)]
        return [RecognizerResult(self.ENTITY, s, e, best[(s, e)]) for s, e in kept]


def rules(*pairs: tuple[str, float], flags: int = re.IGNORECASE) -> tuple[Rule, ...]:
    return tuple(Rule(re.compile(pattern, flags), score) for pattern, score in pairs)


#: Words that sit between a context label and its value: "MRN is: 123", "member ID # 123".
FILLER = r"(?:[\s:#=.\-]|\bnumber\b|\bno\b|\bnum\b|\bnbr\b|\bis\b|\bwas\b|\bof\b|\bmy\b|\bthe\b){0,12}?"
