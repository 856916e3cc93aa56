"""The storage interface the FHIR services are written against.

A ``Store`` hands out units of work (``Tx``); everything a single interaction does happens inside
one database transaction, so a failed write leaves nothing behind: not the resource, not its
history row, not its search-index rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class StoredVersion:
    res_type: str
    res_id: str
    version: int
    last_updated: str
    deleted: bool
    content: str | None
    method: str = "PUT"
    seq: int = 0


@dataclass(slots=True)
class IndexRows:
    """Search-index rows for one resource, by index kind (``string``, ``token``, ...); each row has
    every column of its kind's table but the resource's type and id."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, kind: str, row: dict[str, Any]) -> None:
        self.rows.setdefault(kind, []).append(row)


class Tx(Protocol):
    def current(self, res_type: str, res_id: str, *, for_update: bool = False) -> StoredVersion | None: ...

    def version(self, res_type: str, res_id: str, version: int) -> StoredVersion | None: ...

    def write(self, record: StoredVersion, index: IndexRows | None, *, expected_version: int | None) -> int:
        """Store a new version. ``expected_version`` None means the resource must not exist yet.

        Raises ``VersionConflict`` when the current version is not the expected one (a concurrent
        writer won); returns the version's sequence number.
        """
        ...

    def write_many(self, items: Sequence[tuple[StoredVersion, IndexRows | None]]) -> list[int]:
        """Store many resources that do not exist yet (version 1) in a few multi-row statements.

        Bulk ingestion spends most of its database time on per-statement round trips; this is the
        same outcome as ``write(..., expected_version=None)`` for each item. Raises
        ``VersionConflict`` if any of them exists already; returns the sequence numbers in order.
        """
        ...

    def history(
        self,
        *,
        res_type: str | None,
        res_id: str | None,
        since: str | None,
        before_seq: int | None,
        count: int,
    ) -> list[StoredVersion]: ...

    def count_history(self, *, res_type: str | None, res_id: str | None, since: str | None) -> int: ...

    def execute(self, statement: Any, params: dict[str, Any] | None = None) -> Any:
        """Run a SQLAlchemy statement built by the search layer (which owns query construction)."""
        ...

    def load(self, keys: Sequence[tuple[str, str]]) -> list[StoredVersion]: ...

    def lock_key(self, key: str) -> None:
        """Serialise concurrent writers deciding on the same key (a conditional create's criteria)."""
        ...


class Store(Protocol):
    dialect: str

    def migrate(self, revision: str = "head") -> None: ...

    def transaction(self) -> AbstractContextManager[Tx]:
        """A write transaction: committed when the block ends, rolled back if it raises."""
        ...

    def read(self) -> AbstractContextManager[Tx]:
        """A read-only unit of work that never takes the write lock."""
        ...

    def close(self) -> None: ...


class VersionConflict(Exception):
    """A concurrent writer changed the resource first (or created it)."""


def iter_chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
