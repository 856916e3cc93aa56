"""SQLite: the embedded default. WAL for concurrent readers, one writer at a time.

Write transactions start with ``BEGIN IMMEDIATE`` so two writers never both read-then-write and
deadlock on upgrade; that also makes every write transaction serialisable, which is what
conditional creates need.

Checkpoints (copying the WAL back into the database file, with an fsync) run on a background
thread. Left to SQLite, the commit that crosses the threshold pays for the whole copy, about a
third of commit time in a bulk load; sqlite3 releases the GIL while it copies, so on a second core
the copy costs the writers nothing. Writers still checkpoint themselves if the WAL grows far past
what the thread keeps up with.
"""

from __future__ import annotations

import sqlite3
import threading
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
            # the checkpointer thread keeps the WAL short; this is only the writers' safety net
            cur.execute(f"PRAGMA wal_autocheckpoint={WRITER_CHECKPOINT_PAGES}")
            cur.execute("PRAGMA temp_store=MEMORY")
            cur.close()

        @sa.event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            mode = conn.info.pop("begin_mode", "BEGIN")
            conn.exec_driver_sql(mode)

        super().__init__(engine)
        path = engine.url.database
        self.checkpointer = Checkpointer(path) if path and path != ":memory:" else None

    def close(self) -> None:
        if self.checkpointer is not None:
            self.checkpointer.stop()
        super().close()

    def before_write(self, conn: Connection) -> None:
        conn.info["begin_mode"] = "BEGIN IMMEDIATE"

    def insert_ignore(self, table: sa.Table) -> Any:
        return sqlite_insert(table).on_conflict_do_nothing()

    def lock_key(self, conn: Connection, key: str) -> None:
        """Nothing to do: BEGIN IMMEDIATE already serialises write transactions."""


WRITER_CHECKPOINT_PAGES = 50_000  # ~200 MB of WAL
CHECKPOINT_EVERY_S = 0.25


class Checkpointer:
    """``PRAGMA wal_checkpoint(PASSIVE)`` a few times a second on its own connection.

    PASSIVE never waits for or blocks readers and writers: it copies what no reader still needs.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpointer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=1)
        try:
            while not self._stop.wait(CHECKPOINT_EVERY_S):
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.OperationalError:
                    continue  # busy or locked: the next round (or a writer) catches up
        finally:
            conn.close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
