"""Grounded answers from retrieved passages, with citations.

By default no language model is involved: :class:`ExtractiveComposer` picks the passage sentences
that best support the question. With ``HOMECARE_LLM`` set, :class:`LLMComposer` has a LangChain chat
model write the answer from the same passages, under a prompt that forbids anything not in them.
Both return ``None`` rather than invent an answer.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from assistant.knowledge.chunking import Passage
from assistant.retrieval import Hit
from assistant.text import content_terms, plain, sentences

log = logging.getLogger(__name__)

SNIPPET_CHARS = 220


@dataclass(frozen=True)
class Citation:
    title: str
    source: str
    snippet: str


@dataclass(frozen=True)
class Answer:
    reply: str
    citations: list[Citation]


class Composer(Protocol):
    def compose(self, *, question: str, hits: list[Hit], max_words: int = ...) -> Answer | None: ...


def snippet(passage: Passage, limit: int = SNIPPET_CHARS) -> str:
    text = " ".join(plain(passage.text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def cite(passages: list[Passage], *, page_url: Any = None) -> list[Citation]:
    """One citation per article, linking to the provider's own page for it (``page_url(passage)``),
    not to the site the facts first came from: that attribution lives on the page."""
    seen: set[str] = set()
    citations = []
    for p in passages:
        if p.doc not in seen:
            seen.add(p.doc)
            source = page_url(p) if page_url is not None else p.source
            citations.append(Citation(title=p.title, source=source, snippet=snippet(p)))
    return citations


def _support(sentence: str, query_terms: set[str]) -> float:
    terms = content_terms(sentence)
    if not terms:
        return 0.0
    return len(query_terms & set(terms)) / math.sqrt(len(terms))


_LIST_ITEM = re.compile(r"^(?:[-*] |\d+[.)] )")
_CROSS_REFERENCE = re.compile(r'^(?:See|Read|For more(?: on this)?,? see) ["\u201c]')


def _blocks(lines: list[str]) -> list[list[int]]:
    """Sentence indexes grouped so that a list and the sentence introducing it stay together."""
    blocks: list[list[int]] = []
    for i, line in enumerate(lines):
        in_list = bool(_LIST_ITEM.match(line))
        if in_list and blocks and (_LIST_ITEM.match(lines[i - 1]) or lines[i - 1].endswith(":")):
            blocks[-1].append(i)
        else:
            blocks.append([i])
    return blocks


CANDIDATE_PASSAGES = 4
MAX_WORDS = 120
LEXICAL_WEIGHT = 0.04
RANK_PENALTY = 0.015
FOLLOW_ON_GAP = 0.15
WIDE_GAP = 0.25
SAME_SECTION_BONUS = 0.12
SHORT_LEAD_WORDS = 12
MIN_SHARE = 0.9  # of max_words: below it, a less close unit may still follow
_SHORT_UNIT_WORDS = 6


class ExtractiveComposer:
    """Short, plain answers built only from the knowledge base's own sentences.

    The guides' units (a sentence, or a list with the sentence that introduces it) from the best few
    passages are ranked by how close each is to the question (MiniLM cosine, plus shared words); the
    closest comes first as the direct answer, and the next closest follow while they stay on the
    question, never repeating a point already made, up to about ``MAX_WORDS``. Headings are never
    pasted in: a unit that only makes sense under its heading ("Yes, in most cases.") carries the
    heading's subject in the sentence after it, so short units are joined to the next one.
    """

    def __init__(self, embedder: Any = None, *, page_url: Any = None) -> None:
        self.embedder = embedder
        self.page_url = page_url
        self._vectors: dict[str, np.ndarray] = {}

    def _embed(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing and self.embedder is not None:
            if len(self._vectors) > 50_000:
                self._vectors.clear()
            for text, vector in zip(missing, self.embedder.embed_documents(missing), strict=True):
                self._vectors[text] = np.asarray(vector, dtype=np.float32)
        return np.array([self._vectors[t] for t in texts]) if self.embedder is not None else np.zeros((len(texts), 1))

    def compose(self, *, question: str, hits: list[Hit], max_words: int = MAX_WORDS) -> Answer | None:
        if not hits:
            return None
        query_terms = set(content_terms(question))
        candidates: list[tuple[Hit, int, str]] = []
        for rank, hit in enumerate(hits[:CANDIDATE_PASSAGES]):
            for position, unit in enumerate(units(hit.passage)):
                candidates.append((hit, rank * 100 + position, unit))
        if not candidates:
            return None
        texts = [unit for _, _, unit in candidates]
        dense = np.zeros(len(texts))
        if self.embedder is not None:
            q = np.asarray(self.embedder.embed_query(question), dtype=np.float32)
            dense = self._embed(texts) @ q
        scores = [
            float(dense[i]) + LEXICAL_WEIGHT * _support(text, query_terms) - RANK_PENALTY * (order // 100)
            for i, (_, order, text) in enumerate(candidates)
        ]
        lead = max(range(len(candidates)), key=lambda i: scores[i])
        # The rest of the lead's own section reads on from it, so it is preferred over a lone
        # sentence from elsewhere.
        lead_passage = candidates[lead][0].passage.id
        adjusted = [
            s + (SAME_SECTION_BONUS if c[0].passage.id == lead_passage else 0.0)
            for s, c in zip(scores, candidates, strict=True)
        ]
        best = scores[lead]
        chosen = [lead]
        words_used = len(texts[lead].split())
        # A short direct answer ("Medicare covers some home infusion therapies.") is followed by the
        # sentence the guide explains it with, however the question's wording scores it.
        following = next((i for i, c in enumerate(candidates) if c[1] == candidates[lead][1] + 1), None)
        if (
            words_used < SHORT_LEAD_WORDS
            and following is not None
            and words_used + len(texts[following].split()) <= max_words
        ):
            chosen.append(following)
            words_used += len(texts[following].split())
        for i in sorted(range(len(candidates)), key=lambda i: -adjusted[i]):
            gap = best - adjusted[i]
            if i == lead:
                continue
            if gap > WIDE_GAP or (gap > FOLLOW_ON_GAP and words_used >= max_words * MIN_SHARE):
                break
            text = texts[i]
            n = len(text.split())
            if words_used + n > max_words or any(_repeats(text, texts[j]) for j in chosen):
                continue
            chosen.append(i)
            words_used += n
        lead, rest = chosen[0], sorted(chosen[1:], key=lambda i: candidates[i][1])
        reply = " ".join([_drop_bare_reply(_trim(texts[lead], max_words)), *(_drop_bare_reply(texts[i]) for i in rest)])
        used = list(dict.fromkeys(candidates[i][0].passage for i in [lead, *rest]))
        return Answer(reply=reply, citations=cite(used, page_url=self.page_url))


def units(passage: Passage) -> list[str]:
    """The passage as answer units: sentences, each list kept with its lead-in sentence, short replies
    ("Yes.") joined to what follows; cross-references ("See ...") dropped."""
    lines = [plain(s) for s in sentences(passage.text)]
    lines = [line for line in lines if line and not _CROSS_REFERENCE.match(line)]
    out: list[str] = []
    for block in _blocks(lines):
        items = [lines[i] for i in block]
        if len(items) > 1:
            head, *rest = items
            listed = "; ".join(_LIST_ITEM.sub("", item).rstrip(".;,") for item in rest)
            text = f"{head.rstrip(':')}: {listed}." if not _LIST_ITEM.match(head) else listed + "."
        else:
            text = _LIST_ITEM.sub("", items[0])
        if out and len(out[-1].split()) < _SHORT_UNIT_WORDS and out[-1].endswith((".", "!")):
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
    return [u for u in out if len(u.split()) >= 3]


_BARE_REPLY = re.compile(r"^(?:Yes|No|Often|Usually|Sometimes|Not always|It depends|Very likely)[.!,]\s+")


def _drop_bare_reply(text: str) -> str:
    """ "Yes." answered the guide's heading, not the patient: only the lead unit may keep it."""
    return _BARE_REPLY.sub("", text)


def _repeats(a: str, b: str) -> bool:
    ta, tb = set(content_terms(a)), set(content_terms(b))
    if not ta or not tb:
        return False
    return len(ta & tb) / min(len(ta), len(tb)) >= 0.7


def _trim(text: str, max_words: int) -> str:
    tokens = text.split()
    if len(tokens) <= max_words:
        return text
    return " ".join(tokens[:max_words]).rstrip(",;:") + "…"


NOT_FOUND = "NOT_FOUND"
SYSTEM_PROMPT = (
    "You answer questions from patients and families of a home-care provider. Use ONLY the numbered "
    "passages below; do not add facts, advice or numbers that are not in them. Write 2 to 5 short "
    "sentences in plain language a 12-year-old could follow. Never diagnose, suggest doses or tell "
    "anyone to change a medicine; send those questions to their care team. If the passages do not answer "
    f"the question, reply with exactly {NOT_FOUND}."
)


def grounded_messages(*, question: str, passages: list[Passage]) -> list[tuple[str, str]]:
    numbered = "\n\n".join(f"[{i}] {p.title} — {p.heading}\n{plain(p.text)}" for i, p in enumerate(passages, 1))
    return [("system", f"{SYSTEM_PROMPT}\n\nPassages:\n{numbered}"), ("human", question)]


class LLMComposer:
    """A LangChain chat model writes the answer from the retrieved passages (and nothing else)."""

    def __init__(self, model: Any, *, passages: int = 3, page_url: Any = None) -> None:
        self.model = model
        self.passages = passages
        self.page_url = page_url

    def compose(self, *, question: str, hits: list[Hit], max_words: int = MAX_WORDS) -> Answer | None:
        passages = [h.passage for h in hits[: self.passages]]
        if not passages:
            return None
        result = self.model.invoke(grounded_messages(question=question, passages=passages))
        text = str(getattr(result, "content", result)).strip()
        if not text or NOT_FOUND in text:
            return None
        return Answer(reply=text, citations=cite(passages, page_url=self.page_url))


def build_chat_model(spec: str) -> Any:
    """``provider:model`` (e.g. ``openai:gpt-4o-mini``) through LangChain's ``init_chat_model``."""
    try:
        from langchain.chat_models import init_chat_model  # type: ignore[import-not-found]
    except ImportError:
        from langchain_classic.chat_models import init_chat_model
    return init_chat_model(spec)
