"""A small, thread-safe memory of the last few values computed per key.

One chat message is embedded by the triage, by retrieval and by the answer composer; the second and
third asks should cost nothing. Bounded, oldest first out, so a long-lived worker cannot grow it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")


class Recent(Generic[V]):
    def __init__(self, size: int = 64) -> None:
        self._size = size
        self._values: dict[str, V] = {}
        self._lock = threading.Lock()

    def get(self, key: str, compute: Callable[[str], V]) -> V:
        with self._lock:
            if key in self._values:
                return self._values[key]
        value = compute(key)  # outside the lock: two threads may compute the same key once each
        with self._lock:
            self._values[key] = value
            while len(self._values) > self._size:
                self._values.pop(next(iter(self._values)))
        return value
