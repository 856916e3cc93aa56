"""Triage of a patient's message before anything is retrieved: escalate, refuse, or let it be answered.

Two independent detectors, either of which is enough to escalate (when in doubt, escalate):
the triage patterns and the classifier. A long, rambling message is also judged sentence by sentence,
so a symptom in the middle of a story is not averaged away. A past or general mention ("a stroke two
years ago", "what are the signs of…") is answered, with a line saying to call 911 if it is happening
now, unless the classifier still reads it as urgent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant import language
from assistant.language import Lang
from assistant.safety import patterns, replies
from assistant.safety.classifier import SafetyClassifier, Scores
from assistant.safety.patterns import Level
from assistant.safety.replies import NurseLine

# Calibrated on the dev halves (bench/assistant.py): the share of probability on the urgent classes
# above which a message escalates, and the same on the refusal classes.
URGENT_THRESHOLD = 0.6
URGENT_OVER_TIME_FRAME = 0.7
URGENT_OVER_REFUSAL = 0.9
REFUSE_THRESHOLD = 0.5
ANSWER_OVERRIDES_PATTERN = 0.85
MAX_SEGMENTS = 8
SEGMENT_THRESHOLD = 0.8
SEGMENT_SUPPORT = 0.3
CLEARLY_PAST = 0.7
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\s+(?:but|and then|also|plus|y luego|pero)\s+|\n+")

_LEVELS = {"emergency": Level.CALL_911, "nurse": Level.NURSE_TODAY, "crisis": Level.CRISIS}


@dataclass(frozen=True)
class Decision:
    kind: Literal["escalation", "refusal", "answer"]
    lang: Lang
    reason: str
    reply: str = ""
    # An answer to a message that mentions something alarming in the past or in general.
    past_mention: bool = False
    scores: Scores | None = None


def segments(message: str) -> list[str]:
    parts = [p.strip() for p in _SENTENCE_END.split(message) if p and len(p.split()) >= 3]
    return parts[:MAX_SEGMENTS] if len(parts) > 1 else []


class Triage:
    def __init__(self, classifier: SafetyClassifier, nurse: NurseLine) -> None:
        self.classifier = classifier
        self.nurse = nurse

    def assess(self, message: str, *, follow_up: str | None = None) -> Decision:
        """``follow_up`` is the message rewritten with the conversation's topic ("and who pays for it?
        (home infusion)"): the classifier reads that, since the bare follow-up says too little."""
        lang = language.detect(message)
        text = patterns.normalise(message)
        rule = patterns.match(text) or patterns.match(patterns.fold(text))
        general = patterns.time_frame(text)
        whole, *parts = self.classifier.scores_many([follow_up or message, *segments(message)])
        # A sentence of a long story counts only when it alone reads as clearly urgent and the whole
        # message leans that way too: alone, a short clause ("i dont want just anybody in the house")
        # is too easily read as distress.
        loud = [p for p in parts if p.urgent >= SEGMENT_THRESHOLD] if whole.urgent >= SEGMENT_SUPPORT else []
        most_urgent = max([whole, *loud], key=lambda s: s.urgent)
        urgent = most_urgent.urgent

        past_share = whole.by_label.get("past_mention", 0.0)
        # The classifier may overrule a pattern only to call a mention clearly past ("a fever seizure
        # when he was 2, he's 8 now"), never to call it harmless.
        clearly_past = past_share >= CLEARLY_PAST and urgent < 0.15
        if rule is not None and (not (general or clearly_past) or urgent >= URGENT_THRESHOLD):
            return self._escalate(rule.level, lang, f"pattern: {rule.name}", whole, rule.poison_control)
        topic = patterns.refusal_topic(text) or patterns.refusal_topic(patterns.fold(text))
        # A request the patterns know must be refused ("how do I change the rate on the pump, the bag
        # takes forever") is refused, unless the classifier is sure it is urgent: the refusal sends
        # the patient to the nurse line too.
        refusal_first = topic is not None and whole.urgent < URGENT_OVER_REFUSAL
        if not refusal_first and urgent >= (URGENT_OVER_TIME_FRAME if general else URGENT_THRESHOLD):
            # No pattern matched here, so no rule asks for Poison Control.
            level = _LEVELS[most_urgent.top_urgent()]
            return self._escalate(level, lang, f"classifier: {level.value} {urgent:.2f}", whole, False)

        if topic is not None and whole.by_label.get("answer", 0.0) < ANSWER_OVERRIDES_PATTERN:
            return self._refuse(topic, lang, f"pattern: {topic}", whole)
        if whole.refuse >= REFUSE_THRESHOLD:
            topic = whole.top_refusal()
            return self._refuse(topic, lang, f"classifier: {topic} {whole.refuse:.2f}", whole)
        past = rule is not None or (past_share >= 0.5 and (general or urgent >= 0.15))
        return Decision("answer", lang, "answerable", past_mention=past, scores=whole)

    def _escalate(self, level: Level, lang: Lang, reason: str, scores: Scores, poison: bool) -> Decision:
        text = replies.escalation(level, lang, self.nurse, poison_control=poison)
        return Decision("escalation", lang, reason, text, scores=scores)

    def _refuse(self, topic: str, lang: Lang, reason: str, scores: Scores) -> Decision:
        return Decision("refusal", lang, reason, replies.refusal(topic, lang, self.nurse), scores=scores)

    def out_of_scope(self, lang: Lang) -> Decision:
        return Decision("refusal", lang, "out of scope", replies.refusal("off-topic", lang, self.nurse))
