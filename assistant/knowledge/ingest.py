"""Ingestion: files on disk -> passages -> the index, incrementally."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.knowledge.chunking import Passage, split_document
from assistant.knowledge.embeddings import Embedder
from assistant.knowledge.index import KnowledgeIndex, SyncReport
from assistant.knowledge.loader import DocumentError, iter_files, load_file

log = logging.getLogger(__name__)


@dataclass
class Collected:
    """The passages found under some paths and which stored documents those paths own."""

    passages: list[Passage]
    files: list[str]
    roots: list[Path]
    errors: list[str] = field(default_factory=list)

    def owned_docs(self, stored_docs: Iterable[str]) -> set[str]:
        """Files seen now plus stored documents under the same roots (so deleted files are noticed)."""
        owned = set(self.files)
        prefixes = [root.as_posix().rstrip("/") + "/" for root in self.roots if root.is_dir()]
        owned.update(doc for doc in stored_docs if any(doc.startswith(prefix) for prefix in prefixes))
        return owned


def doc_key(path: Path) -> str:
    return path.resolve().as_posix()


def collect(paths: Iterable[Path]) -> Collected:
    roots = [Path(p).resolve() for p in paths]
    passages: list[Passage] = []
    files: list[str] = []
    errors: list[str] = []
    for path in iter_files(roots):
        key = doc_key(path)
        try:
            document = load_file(path)
        except (DocumentError, OSError, UnicodeDecodeError) as exc:
            errors.append(f"{path}: {exc}")
            log.warning("skipping knowledge file %s: %s", path, exc)
            continue
        files.append(key)
        passages.extend(split_document(document, doc_key=key))
    return Collected(passages=passages, files=files, roots=roots, errors=errors)


def is_stale(index: KnowledgeIndex, collected: Collected) -> bool:
    """Missing (nothing stored) or stale (stored passages differ from the files)."""
    docs = collected.owned_docs(index.stored_docs())
    return not index.is_current(collected.passages, docs=docs) or index.count() == 0


def ingest(
    index: KnowledgeIndex,
    collected: Collected,
    *,
    embedder: Embedder,
    progress: Callable[[int], None] | None = None,
) -> SyncReport:
    docs = collected.owned_docs(index.stored_docs())
    return index.sync(collected.passages, docs=docs, embedder=embedder, progress=progress)
