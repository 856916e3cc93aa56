"""The assistant's rules: guardrails first, then retrieval, the scope check and a grounded answer.

Order matters. Emergencies and clinical requests are decided on the patient's words before anything
is retrieved. Only redacted text is remembered, written to transcripts or sent to a language model.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from typing import Any, Protocol

from assistant import guardrails
from assistant.answer import Citation, Composer, ExtractiveComposer, LLMComposer, build_chat_model
from assistant.chat.memory import ConversationMemory, Turn, rewrite
from assistant.chat.transcripts import TranscriptStore
from assistant.retrieval import HybridRetriever

log = logging.getLogger(__name__)


class Redactor(Protocol):
    def redact(self, text: str, conversation_id: str | None = None) -> Any: ...


class NoRedaction:
    """Stands in until a real redactor is configured: returns the text unchanged."""

    @dataclass(frozen=True)
    class Result:
        text: str

    def redact(self, text: str, conversation_id: str | None = None) -> Result:
        return self.Result(text)


@dataclass(frozen=True)
class ChatReply:
    conversation_id: str
    kind: str
    reply: str
    citations: list[Citation] = field(default_factory=list)
    question: str = ""


@dataclass
class Assistant:
    retriever: HybridRetriever
    composer: Composer
    memory: ConversationMemory
    redactor: Redactor
    transcripts: TranscriptStore | None = None
    nurse_line: str = "your home-care nurse line"
    min_score: float = 0.3
    fallback: Composer = field(default_factory=ExtractiveComposer)

    def chat(self, message: str, conversation_id: str | None = None) -> ChatReply:
        cid = conversation_id or uuid.uuid4().hex
        redacted = self.redactor.redact(message, conversation_id=cid).text
        history = self.memory.history(cid)
        reply = self._respond(message, redacted, history, cid)
        self.memory.add(cid, Turn(user=redacted, question=reply.question, kind=reply.kind, reply=reply.reply))
        if self.transcripts is not None:
            self.transcripts.append(
                conversation_id=cid,
                user=redacted,
                kind=reply.kind,
                reply=reply.reply,
                sources=[c.source for c in reply.citations],
            )
        return reply

    def _respond(self, message: str, redacted: str, history: list[Turn], cid: str) -> ChatReply:
        verdict = guardrails.check(message, nurse_line=self.nurse_line)
        if verdict is not None:
            return ChatReply(cid, verdict.kind, verdict.reply, question=redacted)
        question = rewrite(message, history)
        redacted_question = rewrite(redacted, history)
        result = self.retriever.search(question)
        if result.relevance < self.min_score:
            return self._out_of_scope(cid, redacted_question)
        answer = self._compose(redacted_question, result)
        if answer is None:
            return self._out_of_scope(cid, redacted_question)
        return ChatReply(cid, "answer", answer.reply, answer.citations, question=redacted_question)

    def _compose(self, redacted_question: str, result):
        try:
            # The language model (if any) sees only redacted text; the extractive composer scores
            # sentences against the spelling-corrected question.
            question = redacted_question if isinstance(self.composer, LLMComposer) else result.corrected
            return self.composer.compose(question=question, hits=result.hits)
        except Exception:  # a model provider failing must not take the chat down
            log.exception("answer composer failed; falling back to the extractive answer")
            return self.fallback.compose(question=result.corrected, hits=result.hits)

    def _out_of_scope(self, cid: str, question: str) -> ChatReply:
        verdict = guardrails.out_of_scope()
        return ChatReply(cid, verdict.kind, verdict.reply, question=question)


def build_composer(settings: Any, chat_model: Any | None = None) -> Composer:
    if chat_model is not None:
        return LLMComposer(chat_model)
    if settings.llm:
        return LLMComposer(build_chat_model(settings.llm))
    return ExtractiveComposer()


def build_assistant(settings: Any, *, redactor: Redactor | None = None, chat_model: Any | None = None) -> Assistant:
    """Load the model, make sure the index is current (if allowed) and assemble the assistant once."""
    from assistant.knowledge import ingest
    from assistant.knowledge.embeddings import load_embedder
    from assistant.knowledge.index import KnowledgeIndex
    from assistant.spelling import model_vocabulary

    index = KnowledgeIndex(data_dir=settings.data_dir, chroma_url=settings.chroma_url)
    knowledge_dir = settings.knowledge_dir
    embedder = None
    if settings.build_index_on_start and knowledge_dir.is_dir():
        collected = ingest.collect([knowledge_dir])
        if ingest.is_stale(index, collected):
            embedder = load_embedder()
            report = ingest.ingest(index, collected, embedder=embedder)
            log.info("knowledge index updated: %s", report)
    passages = index.passages()
    if passages and embedder is None:
        embedder = load_embedder()
    if not passages:
        log.warning("the knowledge index is empty: every question will be answered as out of scope")
    retriever = HybridRetriever(passages, index=index, embedder=embedder, known_words=model_vocabulary())
    return Assistant(
        retriever=retriever,
        composer=build_composer(settings, chat_model),
        memory=ConversationMemory(),
        redactor=redactor or NoRedaction(),
        transcripts=TranscriptStore(settings.data_dir / "transcripts"),
        nurse_line=settings.nurse_line,
        min_score=settings.assistant_min_score,
    )
