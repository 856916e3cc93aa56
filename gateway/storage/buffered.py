"""A unit of work that holds back new resources and stores them together with ``write_many``.

A transaction Bundle creates hundreds of resources through the same ``create_in`` path a single
POST uses; writing each one as it comes costs several statements per resource. This wrapper lets
that path stay as it is: creations are queued and flushed in a few multi-row statements, before any
read that could need them (a search, a load, a lookup of a queued resource) and at the end.

Sequence numbers of queued writes are not known until the flush, so ``write`` returns 0 for them;
nothing in an interaction's response depends on the sequence number.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gateway.storage.base import IndexRows, StoredVersion, Tx


class BufferedTx:
    def __init__(self, tx: Tx) -> None:
        self.tx = tx
        self._pending: list[tuple[StoredVersion, IndexRows | None]] = []
        self._keys: set[tuple[str, str]] = set()

    def flush(self) -> None:
        if self._pending:
            pending, self._pending = self._pending, []
            self._keys.clear()
            self.tx.write_many(pending)

    # -- writes -------------------------------------------------------------------------------
    def write(self, record: StoredVersion, index: IndexRows | None, *, expected_version: int | None) -> int:
        key = (record.res_type, record.res_id)
        if expected_version is None and not record.deleted and key not in self._keys:
            self._pending.append((record, index))
            self._keys.add(key)
            return 0
        self.flush()
        return self.tx.write(record, index, expected_version=expected_version)

    def write_many(self, items: Sequence[tuple[StoredVersion, IndexRows | None]]) -> list[int]:
        self.flush()
        return self.tx.write_many(items)

    # -- reads: flush first when they could see queued rows ------------------------------------
    def current(self, res_type: str, res_id: str, *, for_update: bool = False) -> StoredVersion | None:
        if (res_type, res_id) in self._keys:
            self.flush()
        return self.tx.current(res_type, res_id, for_update=for_update)

    def version(self, res_type: str, res_id: str, version: int) -> StoredVersion | None:
        if (res_type, res_id) in self._keys:
            self.flush()
        return self.tx.version(res_type, res_id, version)

    def history(self, **kwargs: Any) -> list[StoredVersion]:
        self.flush()
        return self.tx.history(**kwargs)

    def count_history(self, **kwargs: Any) -> int:
        self.flush()
        return self.tx.count_history(**kwargs)

    def execute(self, statement: Any, params: dict[str, Any] | None = None) -> Any:
        self.flush()
        return self.tx.execute(statement, params)

    def load(self, keys: Sequence[tuple[str, str]]) -> list[StoredVersion]:
        self.flush()
        return self.tx.load(keys)

    def lock_key(self, key: str) -> None:
        self.tx.lock_key(key)
