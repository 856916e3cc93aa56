"""A write waiting for the database must not stall the server: other requests are still answered.

A single create waits up to the lock timeout while a Bundle transaction holds the database. If the
route did that wait on the event loop, every request, reads and health checks too, would queue
behind it. Each write route is checked against a real server with the database write-locked from
another connection; HTTP timeouts make a stalled server fail the test rather than hang it.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpx
import pytest
import sqlalchemy as sa

from gateway.settings import Settings
from tests.servers import running_server

FHIR = {"content-type": "application/fhir+json"}
PATIENT = {"resourceType": "Patient", "name": [{"family": "Okafor"}]}


@contextmanager
def write_locked(settings: Settings, backend: str) -> Iterator[None]:
    """Another connection holds the write lock: SQLite's one writer, PostgreSQL's history table."""
    if backend == "sqlite":
        conn = sqlite3.connect(str(settings.data_dir / "homecare.db"), isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            conn.rollback()
            conn.close()
        return
    engine = sa.create_engine(settings.database_url)
    try:
        with engine.connect() as conn, conn.begin():
            conn.execute(sa.text("LOCK TABLE resource_versions IN EXCLUSIVE MODE"))
            yield
    finally:
        engine.dispose()


WRITES: dict[str, Callable[[httpx.Client, str], httpx.Response]] = {
    "create": lambda c, _: c.post("/fhir/Patient", json=PATIENT, headers=FHIR),
    "update": lambda c, pid: c.put(f"/fhir/Patient/{pid}", json={**PATIENT, "id": pid}, headers=FHIR),
    "conditional update": lambda c, _: c.put("/fhir/Patient?family=Zulu", json=PATIENT, headers=FHIR),
}


@pytest.mark.parametrize("write", WRITES)
def test_a_write_waiting_for_the_database_leaves_other_requests_answered(settings, backend, write):
    with running_server(settings) as base, httpx.Client(base_url=base, timeout=30) as client:
        pid = client.post("/fhir/Patient", json=PATIENT, headers=FHIR).json()["id"]
        done: list[int] = []
        with write_locked(settings, backend):
            writer = threading.Thread(target=lambda: done.append(WRITES[write](client, pid).status_code))
            writer.start()
            time.sleep(0.5)
            assert writer.is_alive(), "the write should be waiting for the lock"
            try:
                answered = httpx.get(f"{base}/fhir/metadata", timeout=5).status_code
            except httpx.TimeoutException:
                answered = None
            assert answered == 200, "the server stopped answering while a write waited"
            assert writer.is_alive()
        writer.join(timeout=30)
        assert done and done[0] in (200, 201)
