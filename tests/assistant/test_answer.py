"""Answer composition: extractive by default, a (fake) LangChain chat model when configured."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel, GenericFakeChatModel
from langchain_core.messages import AIMessage

from assistant.answer import NOT_FOUND, ExtractiveComposer, LLMComposer, grounded_messages
from assistant.chat.memory import ConversationMemory
from assistant.chat.service import Assistant
from assistant.knowledge.chunking import Passage
from assistant.retrieval import Hit

ALARM = Passage(
    "p1",
    "pump.md",
    "Caring for your infusion pump",
    "What does a pump alarm mean?",
    "An alarm means the pump has **stopped** or found a problem.\nCheck the tubing for kinks first. "
    'If the alarm keeps sounding, call the pharmacy help line.\nSee "Pump basics."',
    "https://example.org/pump",
)
SUPPLIES = Passage(
    "p2",
    "supplies.md",
    "Supplies",
    "What supplies are delivered?",
    "The pharmacy delivers:\n- IV pumps and poles\n- dressings\n- flushing syringes\nRefills come every week.",
    "https://example.org/supplies",
)


def hits(*passages: Passage) -> list[Hit]:
    return [Hit(p, 1.0 - i * 0.01, 0.6, 2.0) for i, p in enumerate(passages)]


def test_extractive_answer_uses_passage_sentences_in_plain_language() -> None:
    answer = ExtractiveComposer().compose(question="why does my pump alarm beep", hits=hits(ALARM))
    assert answer is not None
    assert answer.reply.startswith("An alarm means the pump has stopped")
    # no pasted heading, no markdown, no cross-reference
    assert "What does a pump alarm mean?" not in answer.reply
    assert "**" not in answer.reply and 'See "' not in answer.reply
    assert answer.citations[0].title == "Caring for your infusion pump"
    assert answer.citations[0].source == "https://example.org/pump"
    assert answer.citations[0].snippet.startswith("An alarm means")


def test_citations_link_to_our_own_pages_when_given_a_page_url() -> None:
    composer = ExtractiveComposer(page_url=lambda p: f"https://care.example/assistant/kb/{p.doc_stem}")
    answer = composer.compose(question="why does my pump alarm beep", hits=hits(ALARM))
    assert answer is not None and answer.citations[0].source == "https://care.example/assistant/kb/pump"


def test_lists_stay_whole_with_their_introduction() -> None:
    answer = ExtractiveComposer().compose(question="what supplies are delivered", hits=hits(SUPPLIES))
    assert answer is not None
    assert "The pharmacy delivers: IV pumps and poles; dressings; flushing syringes." in answer.reply


@pytest.mark.parametrize("max_words", [10, 25, 120])
def test_answers_stay_within_the_word_budget_and_never_repeat_a_sentence(max_words: int) -> None:
    long = Passage(
        "p3",
        "long.md",
        "Long",
        "Why exercise at home?",
        " ".join(f"Reason number {i} is that home practice helps point {i}." for i in range(40))
        + " Reason number 1 is that home practice helps point 1.",
        "https://example.org/long",
    )
    answer = ExtractiveComposer().compose(question="why exercise at home", hits=hits(long), max_words=max_words)
    assert answer is not None
    assert len(answer.reply.split()) <= max_words + 1
    sentences = [s for s in answer.reply.split(". ") if s]
    assert len(sentences) == len(set(sentences))


def test_a_nearly_as_good_second_passage_is_added_and_cited() -> None:
    answer = ExtractiveComposer().compose(question="pump alarm and supplies", hits=hits(ALARM, SUPPLIES))
    assert answer is not None
    assert [c.title for c in answer.citations] == ["Caring for your infusion pump", "Supplies"]


def test_no_passages_means_no_answer() -> None:
    assert ExtractiveComposer().compose(question="anything", hits=[]) is None


def test_llm_writes_from_the_retrieved_passages() -> None:
    model = FakeListChatModel(responses=["Check the tubing for kinks, then call the pharmacy help line."])
    answer = LLMComposer(model).compose(question="my pump beeps", hits=hits(ALARM, SUPPLIES))
    assert answer is not None
    assert answer.reply == "Check the tubing for kinks, then call the pharmacy help line."
    assert [c.title for c in answer.citations] == ["Caring for your infusion pump", "Supplies"]


def test_grounded_prompt_contains_the_passages_and_the_rules() -> None:
    messages = grounded_messages(question="my pump beeps", passages=[ALARM])
    system = messages[0][1]
    assert "ONLY the numbered passages" in system and NOT_FOUND in system
    assert "[1] Caring for your infusion pump — What does a pump alarm mean?" in system
    assert messages[1] == ("human", "my pump beeps")


def test_llm_saying_not_found_gives_no_answer() -> None:
    model = GenericFakeChatModel(messages=iter([AIMessage(content=NOT_FOUND)]))
    assert LLMComposer(model).compose(question="q", hits=hits(ALARM)) is None


class RecordingModel(FakeListChatModel):
    """Remembers what it was sent, to prove only redacted text reaches the model."""

    seen: list[Any] = []

    def invoke(self, input: Any, *args: Any, **kwargs: Any) -> Any:
        self.seen.append(input)
        return super().invoke(input, *args, **kwargs)


class MaskingRedactor:
    class Result:
        def __init__(self, text: str) -> None:
            self.text = text

    def redact(self, text: str, conversation_id: str | None = None) -> Result:
        return self.Result(text.replace("Maria Lopez", "<PERSON>"))


def test_the_chat_model_only_ever_sees_redacted_text(assistant: Assistant) -> None:
    model = RecordingModel(responses=["Nurses check your IV site and teach you what to look for."])
    llm_assistant = Assistant(
        retriever=assistant.retriever,
        composer=LLMComposer(model),
        memory=ConversationMemory(),
        redactor=MaskingRedactor(),
        triage=assistant.triage,
    )
    reply = llm_assistant.chat("This is Maria Lopez. Does medicare cover home infusion?")
    assert reply.kind == "answer"
    assert reply.reply == "Nurses check your IV site and teach you what to look for."
    assert reply.citations
    sent = repr(model.seen)
    assert "Maria Lopez" not in sent and "<PERSON>" in sent


class BrokenModel(FakeListChatModel):
    def invoke(self, *args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("provider down")


def test_a_failing_model_falls_back_to_the_extractive_answer(assistant: Assistant) -> None:
    llm_assistant = Assistant(
        retriever=assistant.retriever,
        composer=LLMComposer(BrokenModel(responses=["unused"])),
        memory=ConversationMemory(),
        redactor=MaskingRedactor(),
        triage=assistant.triage,
        fallback=assistant.fallback,
    )
    reply = llm_assistant.chat("does medicare cover home infusion")
    assert reply.kind == "answer" and "Medicare" in reply.reply
