"""Follow-up questions are rewritten with the conversation's last answered question."""

from __future__ import annotations

import pytest

from assistant.chat.memory import ConversationMemory, Turn, is_follow_up, rewrite
from assistant.chat.service import Assistant

ANSWERED = Turn(
    user="what is home infusion therapy?", question="what is home infusion therapy?", kind="answer", reply=""
)


@pytest.mark.parametrize(
    "message", ["and who pays for it?", "what about for kids?", "how long does it take?", "also, is it safe"]
)
def test_follow_ups_are_recognised(message: str) -> None:
    assert is_follow_up(message)


@pytest.mark.parametrize("message", ["does medicare cover physical therapy at home", "what is a port for iv meds"])
def test_self_contained_questions_are_not_follow_ups(message: str) -> None:
    assert not is_follow_up(message)


def test_follow_up_gets_the_previous_topic() -> None:
    assert rewrite("and who pays for it?", [ANSWERED]) == "and who pays for it? (home infusion therapy)"


def test_without_history_or_after_a_refusal_the_message_is_unchanged() -> None:
    refused = Turn(user="tell me a joke", question="tell me a joke", kind="refusal", reply="")
    assert rewrite("and who pays for it?", []) == "and who pays for it?"
    assert rewrite("and who pays for it?", [refused]) == "and who pays for it?"


def test_memory_is_bounded() -> None:
    memory = ConversationMemory(max_conversations=2, max_turns=2)
    for cid in ("a", "b", "c"):
        for _ in range(3):
            memory.add(cid, ANSWERED)
    assert memory.history("a") == []
    assert len(memory.history("c")) == 2


@pytest.mark.slow
def test_a_follow_up_is_answered_in_context(assistant: Assistant) -> None:
    first = assistant.chat("what is home infusion therapy?")
    follow = assistant.chat("and who pays for it?", first.conversation_id)
    assert follow.kind == "answer"
    titles = " ".join(c.title for c in follow.citations)
    assert "Medicare" in titles or "Insurance" in titles or "cost" in titles.lower()
