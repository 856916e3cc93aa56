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

from assistant.knowledge.chunking import Passage
from assistant.retrieval import Hit
from assistant.text import content_terms, plain, sentences

log = logging.getLogger(__name__)

SNIPPET_CHARS = 220
MAX_REPLY_CHARS = 900
SUPPORTING_RATIO = 0.85  # a second passage is used only if it ranks nearly as well as the first


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
    def compose(self, *, question: str, hits: list[Hit]) -> Answer | None: ...


def snippet(passage: Passage, limit: int = SNIPPET_CHARS) -> str:
    text = " ".join(plain(passage.text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def cite(passages: list[Passage]) -> list[Citation]:
    seen: set[tuple[str, str]] = set()
    citations = []
    for p in passages:
        if (p.title, p.heading) not in seen:
            seen.add((p.title, p.heading))
            citations.append(Citation(title=p.title, source=p.source, snippet=snippet(p)))
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


def extract(passage: Passage, query_terms: set[str], *, max_blocks: int = 3) -> list[str]:
    """The passage's best-supported sentences (lists kept whole) in their original order."""
    lines = [plain(s) for s in sentences(passage.text)]
    lines = [line for line in lines if not _CROSS_REFERENCE.match(line)]
    blocks = _blocks(lines)
    if len(blocks) > max_blocks and sum(map(len, lines)) > 500:
        support = {id(b): sum(_support(lines[i], query_terms) for i in b) / len(b) for b in blocks}
        keep = sorted(blocks, key=lambda b: -support[id(b)])[:max_blocks]
        blocks = [b for b in blocks if any(b is k for k in keep)]
    return [lines[i] for block in blocks for i in block]


def render(lines: list[str]) -> str:
    text = ""
    for line in lines:
        item = bool(_LIST_ITEM.match(line))
        piece = ("• " + line[2:]) if line.startswith(("- ", "* ")) else line
        if text:
            previous = text.rsplit("\n", 1)[-1]
            text += "\n" if item or previous.endswith(":") or _LIST_ITEM.match(previous) or previous[:1] == "•" else " "
        text += piece
    return text


def section(passage: Passage, lines: list[str]) -> str:
    """A question heading is kept as the lead-in: short FAQ answers ("Yes, in most cases.") need it."""
    body = render(lines)
    return f"{passage.heading}\n{body}" if passage.heading.endswith("?") else body


class ExtractiveComposer:
    """Short, plain answers built only from the knowledge base's own sentences."""

    def compose(self, *, question: str, hits: list[Hit]) -> Answer | None:
        if not hits:
            return None
        query_terms = set(content_terms(question))
        # A section that only points elsewhere ("See ...") has nothing to say on its own.
        hits = [h for h in hits if extract(h.passage, query_terms)]
        if not hits:
            return None
        top = hits[0]
        used = [top.passage]
        parts = [section(top.passage, extract(top.passage, query_terms))]
        for hit in hits[1:3]:
            if hit.score < SUPPORTING_RATIO * top.score:
                continue
            part = section(hit.passage, extract(hit.passage, query_terms, max_blocks=2))
            if len("\n\n".join([*parts, part])) <= MAX_REPLY_CHARS:
                parts.append(part)
                used.append(hit.passage)
        return Answer(reply="\n\n".join(parts), citations=cite(used))


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

    def __init__(self, model: Any, *, passages: int = 3) -> None:
        self.model = model
        self.passages = passages

    def compose(self, *, question: str, hits: list[Hit]) -> Answer | None:
        passages = [h.passage for h in hits[: self.passages]]
        if not passages:
            return None
        result = self.model.invoke(grounded_messages(question=question, passages=passages))
        text = str(getattr(result, "content", result)).strip()
        if not text or NOT_FOUND in text:
            return None
        return Answer(reply=text, citations=cite(passages))


def build_chat_model(spec: str) -> Any:
    """``provider:model`` (e.g. ``openai:gpt-4o-mini``) through LangChain's ``init_chat_model``."""
    try:
        from langchain.chat_models import init_chat_model  # type: ignore[import-not-found]
    except ImportError:
        from langchain_classic.chat_models import init_chat_model
    return init_chat_model(spec)
