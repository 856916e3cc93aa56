"""SQLite's WAL is copied into the database file by the background checkpointer, not by writers."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from gateway.settings import Settings
from gateway.storage.factory import build_store
from gateway.storage.sqlite import WRITER_CHECKPOINT_PAGES


def _rows_in_main_file(path: Path) -> int:
    # immutable=1 reads the database file alone, ignoring the WAL: only checkpointed rows are there
    conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM bench_rows").fetchone()[0]
    except sqlite3.OperationalError:  # not even the table has been copied yet
        return 0
    finally:
        conn.close()


def test_committed_pages_reach_the_database_file_without_a_writer_checkpoint(tmp_path: Path):
    store = build_store(Settings(data_dir=tmp_path))
    path = tmp_path / "homecare.db"
    assert Path(store.engine.url.database) == path  # type: ignore[attr-defined]
    with store.engine.begin() as conn:  # type: ignore[attr-defined]
        conn.exec_driver_sql("CREATE TABLE bench_rows (n INTEGER)")
        conn.exec_driver_sql("INSERT INTO bench_rows VALUES (?)", [(i,) for i in range(500)])
    assert WRITER_CHECKPOINT_PAGES > 1000  # writers alone would not have copied these few pages
    deadline = time.monotonic() + 10
    while _rows_in_main_file(path) != 500 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _rows_in_main_file(path) == 500
    thread = store.checkpointer._thread  # type: ignore[attr-defined]
    store.close()
    assert not thread.is_alive()
