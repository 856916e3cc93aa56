"""PostgreSQL: the production backend for several workers.

Conditional writes take a transaction-scoped advisory lock on their criteria so two concurrent
requests cannot both find "no match" and both create.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Connection

from gateway.storage.sql import SqlStore


class PostgresStore(SqlStore):
    dialect = "postgresql"

    def __init__(self, url: str, *, pool_size: int = 10) -> None:
        engine = sa.create_engine(url, pool_size=pool_size, max_overflow=20, pool_pre_ping=True)
        super().__init__(engine)

    def insert_ignore(self, table: sa.Table) -> Any:
        return pg_insert(table).on_conflict_do_nothing()

    def lock_key(self, conn: Connection, key: str) -> None:
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))"), {"k": key})
