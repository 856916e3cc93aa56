"""PostgreSQL: the production backend for several workers.

Conditional writes take a transaction-scoped advisory lock on their criteria so two concurrent
requests cannot both find "no match" and both create.

Bulk inserts (a transaction Bundle's versions and index rows) use ``COPY``: executemany sends one
INSERT per row, about 14 us each here for the ~12 rows a resource needs, more than validating it.
The history rows' sequence numbers are taken from the sequence first, so nothing is read back.
"""

from __future__ import annotations

from typing import Any

import psycopg
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Connection

from gateway.storage.sql import SqlStore

_NEXT_SEQS = sa.text("SELECT nextval(pg_get_serial_sequence('resource_versions', 'seq')) FROM generate_series(1, :n)")


class PostgresStore(SqlStore):
    dialect = "postgresql"

    def __init__(self, url: str, *, pool_size: int = 10) -> None:
        engine = sa.create_engine(url, pool_size=pool_size, max_overflow=20, pool_pre_ping=True)
        super().__init__(engine)

    def insert_ignore(self, table: sa.Table) -> Any:
        return pg_insert(table).on_conflict_do_nothing()

    def allocate_seqs(self, conn: Connection, n: int) -> list[int] | None:
        """One round trip for the batch's numbers, so the COPY can carry them and nothing is read back."""
        return sorted(conn.execute(_NEXT_SEQS, {"n": n}).scalars())

    def insert_rows(self, conn: Connection, table: sa.Table, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
        sql = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
        try:
            with conn.connection.driver_connection.cursor() as cur, cur.copy(sql) as copy:  # type: ignore[union-attr]
                for row in rows:
                    copy.write_row(row)
        except psycopg.IntegrityError as exc:  # as SQLAlchemy would have raised it, for the callers' handling
            raise sa.exc.IntegrityError(sql, None, exc) from exc

    def lock_key(self, conn: Connection, key: str) -> None:
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))"), {"k": key})
