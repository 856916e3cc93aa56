"""Conversation memory (redacted text only) and follow-up rewriting.

"And who pays for it?" cannot be retrieved on its own; it is rewritten with the content words of the
conversation's last answered question ("who pays for it home infusion therapy").
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass

from assistant.text import STOPWORDS, words

MAX_CONVERSATIONS = 10_000
MAX_TURNS = 6
IDLE_SECONDS = 2 * 60 * 60

_FOLLOW_UP_START = re.compile(r"^\s*(?:and|but|also|so|then|what about|how about|what if|same for|and what)\b", re.I)
_REFERENCE = re.compile(r"\b(?:it|its|that|this|they|them|those|these|there|one|he|she|him|her)\b", re.I)


@dataclass(frozen=True)
class Turn:
    user: str  # redacted
    question: str  # the rewritten, self-contained question (redacted)
    kind: str
    reply: str


class ConversationMemory:
    """Recent turns per conversation, bounded in conversations, turns and idle time (in process)."""

    def __init__(self, *, max_conversations: int = MAX_CONVERSATIONS, max_turns: int = MAX_TURNS) -> None:
        self._turns: OrderedDict[str, tuple[float, deque[Turn]]] = OrderedDict()
        self._max_conversations = max_conversations
        self._max_turns = max_turns
        self._lock = threading.Lock()

    def history(self, conversation_id: str) -> list[Turn]:
        with self._lock:
            entry = self._turns.get(conversation_id)
            if entry is None or time.monotonic() - entry[0] > IDLE_SECONDS:
                return []
            return list(entry[1])

    def add(self, conversation_id: str, turn: Turn) -> None:
        with self._lock:
            _, turns = self._turns.pop(conversation_id, (0.0, deque(maxlen=self._max_turns)))
            turns.append(turn)
            self._turns[conversation_id] = (time.monotonic(), turns)
            while len(self._turns) > self._max_conversations:
                self._turns.popitem(last=False)


def _content_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOPWORDS and len(w) > 1]


def is_follow_up(message: str) -> bool:
    content = _content_words(message)
    if _FOLLOW_UP_START.search(message):
        return True
    return len(content) <= 3 and bool(_REFERENCE.search(message))


def rewrite(message: str, history: list[Turn]) -> str:
    """A self-contained question: the message itself, or a follow-up plus the last topic."""
    previous = next((t for t in reversed(history) if t.kind == "answer"), None)
    if previous is None or not is_follow_up(message):
        return message
    present = set(words(message))
    topic = [w for w in _content_words(previous.question) if w not in present]
    return f"{message.strip()} ({' '.join(dict.fromkeys(topic))})" if topic else message
