"""Split documents into passages by heading; each passage keeps its title, heading and source."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from langchain_text_splitters import MarkdownHeaderTextSplitter, RecursiveCharacterTextSplitter

from assistant.knowledge.loader import Document

# Bump when the splitting rules change: stored passages then no longer match and are rebuilt.
CHUNKER_VERSION = "1"
MAX_CHARS = 1200
_HEADERS = [("#", "h1"), ("##", "h2"), ("###", "h3")]


@dataclass(frozen=True)
class Passage:
    id: str
    doc: str
    title: str
    heading: str
    text: str
    source: str
    topics: tuple[str, ...] = field(default_factory=tuple)

    @property
    def doc_stem(self) -> str:
        return Path(self.doc).stem

    @property
    def search_text(self) -> str:
        """What is embedded and keyword-indexed: the section in the context of its title and heading."""
        parts = [self.title, self.heading if self.heading != self.title else "", self.text]
        return "\n".join(p for p in parts if p)

    def metadata(self) -> dict[str, str]:
        return {
            "doc": self.doc,
            "title": self.title,
            "heading": self.heading,
            "source": self.source,
            "topics": ", ".join(self.topics),
        }

    @classmethod
    def from_record(cls, passage_id: str, text: str, meta: dict) -> Passage:
        topics = tuple(t.strip() for t in str(meta.get("topics", "")).split(",") if t.strip())
        return cls(
            id=passage_id,
            doc=str(meta.get("doc", "")),
            title=str(meta.get("title", "")),
            heading=str(meta.get("heading", "")),
            text=text,
            source=str(meta.get("source", "")),
            topics=topics,
        )


def passage_id(*, doc: str, title: str, heading: str, text: str, source: str) -> str:
    digest = hashlib.sha256("\x1f".join([CHUNKER_VERSION, doc, title, heading, source, text]).encode())
    return digest.hexdigest()[:32]


_header_splitter = MarkdownHeaderTextSplitter(headers_to_split_on=_HEADERS, strip_headers=True)
_size_splitter = RecursiveCharacterTextSplitter(
    chunk_size=MAX_CHARS, chunk_overlap=150, separators=["\n\n", "\n- ", "\n", ". ", " ", ""]
)


def split_document(doc: Document, *, doc_key: str | None = None) -> list[Passage]:
    """One passage per heading section (sub-split when a section is too long for the model)."""
    key = doc_key or doc.path
    passages: list[Passage] = []
    for section in _header_splitter.split_text(doc.text):
        body = section.page_content.strip()
        if not body:
            continue
        meta = section.metadata
        heading = meta.get("h3") or meta.get("h2") or meta.get("h1") or doc.title
        pieces = [body] if len(body) <= MAX_CHARS else _size_splitter.split_text(body)
        for piece in pieces:
            text = _normalise(piece)
            pid = passage_id(doc=key, title=doc.title, heading=heading, text=text, source=doc.source)
            passages.append(
                Passage(
                    id=pid,
                    doc=key,
                    title=doc.title,
                    heading=heading,
                    text=text,
                    source=doc.source,
                    topics=doc.topics,
                )
            )
    return _dedupe(passages)


def _normalise(text: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _dedupe(passages: list[Passage]) -> list[Passage]:
    seen: set[str] = set()
    unique = []
    for passage in passages:
        if passage.id not in seen:
            seen.add(passage.id)
            unique.append(passage)
    return unique
