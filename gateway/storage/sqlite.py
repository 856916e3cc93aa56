"""SQLite: the embedded default. WAL for concurrent readers, one writer at a time.

Write transactions start with ``BEGIN IMMEDIATE`` so two writers never both read-then-write and
deadlock on upgrade; that also makes every write transaction serialisable, which is what
conditional creates need.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from gateway.storage.sql import SqlStore


class SqliteStore(SqlStore):
    dialect = "sqlite"

    def __init__(self, url: str) -> None:
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 60})

        @sa.event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _: Any) -> None:
            # Let SQLAlchemy, not the driver, decide when transactions begin.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=60000")
            cur.execute("PRAGMA cache_size=-65536")
            # checkpoint the WAL every ~40 MB instead of 4 MB: bulk loads write many index pages,
            # and fewer, larger checkpoints cost less; durability is unchanged (synchronous=NORMAL)
            cur.execute("PRAGMA wal_autocheckpoint=10000")
            cur.execute("PRAGMA temp_store=MEMORY")
            cur.close()

        @sa.event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            mode = conn.info.pop("begin_mode", "BEGIN")
            conn.exec_driver_sql(mode)

        super().__init__(engine)

    def before_write(self, conn: Connection) -> None:
        conn.info["begin_mode"] = "BEGIN IMMEDIATE"

    def insert_ignore(self, table: sa.Table) -> Any:
        return sqlite_insert(table).on_conflict_do_nothing()

    def lock_key(self, conn: Connection, key: str) -> None:
        """Nothing to do: BEGIN IMMEDIATE already serialises write transactions."""
