"""The assistant's rules: guardrails first, then retrieval, the scope check and a grounded answer.

Order matters. Emergencies and clinical requests are decided on the patient's words before anything
is retrieved. Only redacted text is remembered, written to transcripts or sent to a language model.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from assistant.answer import MAX_WORDS, Answer, Citation, Composer, ExtractiveComposer, LLMComposer, build_chat_model
from assistant.chat.memory import ConversationMemory, Turn, rewrite
from assistant.chat.transcripts import TranscriptStore
from assistant.knowledge.chunking import Passage
from assistant.questions import split_question
from assistant.retrieval import HybridRetriever, RetrievalResult
from assistant.safety import replies
from assistant.safety.replies import NurseLine
from assistant.safety.triage import Decision, Triage

log = logging.getLogger(__name__)

# The answerability check (calibrated on the dev halves with bench/assistant.py): the classifier's share
# on "answer" classes needed to answer, unless retrieval found a passage this close.
ANSWERABLE_SHARE = 0.35
CONFIDENT_RELEVANCE = 0.62


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
    triage: Triage
    transcripts: TranscriptStore | None = None
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
        question = rewrite(message, history)
        decision = self.triage.assess(message, follow_up=question if question != message else None)
        if decision.kind != "answer":
            return ChatReply(cid, decision.kind, decision.reply, question=redacted)
        redacted_question = rewrite(redacted, history)
        answers = []
        parts = [rewrite(part, history) for part in split_question(message)]
        for part in parts:
            result = self.retriever.search(part, lang=decision.lang)
            if self._answerable(decision, result.relevance):
                answer = self._compose(redacted_question, result, max_words=MAX_WORDS // len(parts))
                if answer is not None:
                    answers.append(answer)
        if not answers:
            return self._refuse(cid, decision, redacted_question)
        reply = "\n\n".join(a.reply for a in answers)
        citations = list({c.source: c for a in answers for c in a.citations}.values())
        if decision.lang == "es":
            reply = f"{replies.spanish_lead(self.triage.nurse)}\n\n{reply}"
        if decision.past_mention:
            reply = f"{reply}\n\n{replies.PAST_MENTION[decision.lang]}"
        return ChatReply(cid, "answer", reply, citations, question=redacted_question)

    def _answerable(self, decision: Decision, relevance: float) -> bool:
        """Answer only when the guides really cover the question: retrieval must find a close passage,
        and the closer call is left to the classifier, which knows what patients ask about."""
        if relevance < self.min_score:
            return False
        scores = decision.scores
        if scores is None:
            return True
        return scores.answerable >= ANSWERABLE_SHARE or relevance >= CONFIDENT_RELEVANCE

    def _compose(self, redacted_question: str, result: RetrievalResult, *, max_words: int) -> Answer | None:
        try:
            # The language model (if any) sees only redacted text; the extractive composer scores
            # sentences against the spelling-corrected question.
            question = redacted_question if isinstance(self.composer, LLMComposer) else result.corrected
            return self.composer.compose(question=question, hits=result.hits, max_words=max_words)
        except Exception:  # a model provider failing must not take the chat down
            log.exception("answer composer failed; falling back to the extractive answer")
            return self.fallback.compose(question=result.corrected, hits=result.hits, max_words=max_words)

    def _refuse(self, cid: str, decision: Decision, question: str) -> ChatReply:
        verdict = self.triage.out_of_scope(decision.lang)
        return ChatReply(cid, verdict.kind, verdict.reply, question=question)


def build_triage(settings: Any) -> Triage:
    from assistant import language
    from assistant.knowledge.multilingual import MultilingualEmbedder
    from assistant.safety.classifier import SafetyClassifier, SafetyModel

    language.preload()
    classifier = SafetyClassifier(SafetyModel.load(), MultilingualEmbedder())
    classifier.scores("warm up")  # load the model now, not on a patient's first message
    return Triage(classifier, NurseLine(settings.nurse_line, settings.nurse_line_phone))


def kb_page_url(settings: Any) -> Callable[[Passage], str]:
    """Citations link to our own copy of each guide (``GET /assistant/kb/{slug}``)."""
    base = settings.base_url.rstrip("/")
    return lambda passage: f"{base}/assistant/kb/{passage.doc_stem}"


def build_composer(settings: Any, chat_model: Any | None = None, *, embedder: Any = None) -> Composer:
    page_url = kb_page_url(settings)
    if chat_model is not None:
        return LLMComposer(chat_model, page_url=page_url)
    if settings.llm:
        return LLMComposer(build_chat_model(settings.llm), page_url=page_url)
    return ExtractiveComposer(embedder, page_url=page_url)


def build_assistant(settings: Any, *, redactor: Redactor | None = None, chat_model: Any | None = None) -> Assistant:
    """Load the model, make sure the index is current (if allowed) and assemble the assistant once."""
    from assistant.knowledge import ingest
    from assistant.knowledge.embeddings import RecentQueries, load_embedder
    from assistant.knowledge.index import KnowledgeIndex
    from assistant.knowledge.multilingual import MultilingualEmbedder
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
    if embedder is not None:
        embedder = RecentQueries(embedder)
    retriever = HybridRetriever(
        passages,
        index=index,
        embedder=embedder,
        known_words=model_vocabulary(),
        multilingual=MultilingualEmbedder(),
    )
    return Assistant(
        retriever=retriever,
        composer=build_composer(settings, chat_model, embedder=embedder),
        fallback=ExtractiveComposer(embedder, page_url=kb_page_url(settings)),
        memory=ConversationMemory(),
        redactor=redactor or NoRedaction(),
        triage=build_triage(settings),
        transcripts=TranscriptStore(settings.data_dir / "transcripts"),
        min_score=settings.assistant_min_score,
    )
