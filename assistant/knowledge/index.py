"""The Chroma adapter: the only module that talks to the vector store.

Passages are stored under their content hash, so re-ingesting unchanged files costs nothing, changed
sections are re-embedded, and sections or files that disappeared are deleted. The collection's own
metadata records which embedding model and chunker built it (the manifest), so a process can tell
whether the index is missing or stale without a side file, whether Chroma is embedded or a server.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from assistant.knowledge.chunking import CHUNKER_VERSION, Passage
from assistant.knowledge.embeddings import MODEL_NAME, Embedder, embed_batches

COLLECTION = "homecare-knowledge"
_MANIFEST = {"hnsw:space": "cosine", "embedding_model": MODEL_NAME, "chunker_version": CHUNKER_VERSION}

Progress = Callable[[int], None]


@dataclass(frozen=True)
class SyncReport:
    added: int
    removed: int
    unchanged: int

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


@dataclass(frozen=True)
class DenseHit:
    passage_id: str
    similarity: float


def _client(*, data_dir: Path, chroma_url: str | None):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if chroma_url:
        url = urlparse(chroma_url)
        return chromadb.HttpClient(
            host=url.hostname or "localhost",
            port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https",
            settings=chroma_settings,
        )
    path = data_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


class KnowledgeIndex:
    """Passages and their embeddings in one Chroma collection (cosine space)."""

    def __init__(self, *, data_dir: Path, chroma_url: str | None = None, collection: str = COLLECTION) -> None:
        self._client = _client(data_dir=data_dir, chroma_url=chroma_url)
        self._name = collection
        self._collection = self._open()

    def _open(self):
        collection = self._client.get_or_create_collection(
            self._name, metadata=dict(_MANIFEST), embedding_function=None
        )
        manifest = collection.metadata or {}
        if any(manifest.get(key) != value for key, value in _MANIFEST.items()):
            # Built by another model or chunker: its vectors are not comparable, start again.
            self._client.delete_collection(self._name)
            collection = self._client.create_collection(self._name, metadata=dict(_MANIFEST), embedding_function=None)
        return collection

    def count(self) -> int:
        return self._collection.count()

    def stored_ids(self, *, docs: Iterable[str] | None = None) -> set[str]:
        """Ids of stored passages, optionally only those whose document is one of ``docs``."""
        where = None
        if docs is not None:
            doc_list = sorted(set(docs))
            if not doc_list:
                return set()
            where = {"doc": {"$in": doc_list}}
        return set(self._collection.get(where=where, include=[])["ids"])

    def stored_docs(self) -> set[str]:
        return {str(m.get("doc", "")) for m in self._collection.get(include=["metadatas"])["metadatas"] or []}

    def is_current(self, passages: Iterable[Passage], *, docs: Iterable[str]) -> bool:
        """True when the stored passages of ``docs`` are exactly ``passages`` (nothing missing or stale)."""
        return self.stored_ids(docs=docs) == {p.id for p in passages}

    def sync(
        self,
        passages: list[Passage],
        *,
        docs: Iterable[str],
        embedder: Embedder,
        progress: Progress | None = None,
    ) -> SyncReport:
        """Make the stored passages of ``docs`` equal ``passages``: embed new ones, delete gone ones."""
        stored = self.stored_ids(docs=docs)
        wanted = {p.id: p for p in passages}
        stale = sorted(stored - wanted.keys())
        if stale:
            self._collection.delete(ids=stale)
        new = [p for p in passages if p.id not in stored]
        done = 0
        for count, vectors in embed_batches(embedder, [p.id for p in new], [p.search_text for p in new]):
            batch = new[done : done + count]
            self._collection.upsert(
                ids=[p.id for p in batch],
                embeddings=vectors,
                documents=[p.text for p in batch],
                metadatas=[p.metadata() for p in batch],
            )
            done += count
            if progress:
                progress(count)
        return SyncReport(added=len(new), removed=len(stale), unchanged=len(wanted) - len(new))

    def remove_docs(self, docs: Iterable[str]) -> int:
        ids = sorted(self.stored_ids(docs=docs))
        if ids:
            self._collection.delete(ids=ids)
        return len(ids)

    def passages(self) -> list[Passage]:
        records = self._collection.get(include=["documents", "metadatas"])
        return [
            Passage.from_record(pid, text or "", meta or {})
            for pid, text, meta in zip(records["ids"], records["documents"], records["metadatas"], strict=True)
        ]

    def query(self, embedding: list[float], *, k: int) -> list[DenseHit]:
        n = min(k, self.count())
        if n == 0:
            return []
        result = self._collection.query(query_embeddings=[embedding], n_results=n, include=["distances"])
        return [
            DenseHit(pid, 1.0 - float(dist)) for pid, dist in zip(result["ids"][0], result["distances"][0], strict=True)
        ]
