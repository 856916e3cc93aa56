"""Two questions in one message ("who sets up the pump, and does insurance pay for it?") are answered
part by part: retrieved together, the stronger part would crowd the other out of the answer."""

from __future__ import annotations

import re

_QUESTION_WORDS = r"(?:what|whats|how|who|whos|when|where|why|which|does|do|is|are|can|could|will|would|should)"
_SPLIT = re.compile(r"\?\s+(?=\S)|[,;]?\s+(?:and|also|plus)\s+(?=" + _QUESTION_WORDS + r"\b)", re.IGNORECASE)
MIN_PART_WORDS = 3


def split_question(message: str) -> list[str]:
    """The message's separate questions (at most two), or the message alone."""
    parts = [p.strip(" ?,;") for p in _SPLIT.split(message.strip())]
    parts = [p for p in parts if len(p.split()) >= MIN_PART_WORDS]
    if len(parts) < 2:
        return [message]
    return [parts[0], " ".join(parts[1:])]
