"""SQL statements per interaction, so a change that adds per-row queries fails loudly (as HAPI does)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from .helpers import patient, post


@contextmanager
def counting(client) -> Iterator[list[str]]:
    engine = client.app.state.store.engine
    statements: list[str] = []

    def record(conn, cursor, statement, *args) -> None:
        if not statement.lstrip().upper().startswith(("PRAGMA", "BEGIN", "COMMIT", "ROLLBACK", "SELECT PG_")):
            statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def test_create_uses_a_fixed_number_of_statements(client):
    post(client, "Patient", patient())  # warm up caches
    with counting(client) as statements:
        post(client, "Patient", patient(identifier=[{"system": "urn:x", "value": "1"}]))
    # version row + current row + one bulk insert per index table used (string, token, date)
    assert len(statements) <= 5, statements


def test_read_is_one_statement(client):
    pid = post(client, "Patient", patient()).json()["id"]
    with counting(client) as statements:
        client.get(f"/fhir/Patient/{pid}")
    assert len(statements) == 1


def test_search_page_costs_do_not_grow_with_matches(client):
    for i in range(30):
        pid = post(client, "Patient", patient(family=f"Count{i}")).json()["id"]
        obs = {"resourceType": "Observation", "status": "final", "code": {"text": "pulse"}}
        post(client, "Observation", {**obs, "subject": {"reference": f"Patient/{pid}"}})
    with counting(client) as statements:
        client.get("/fhir/Patient?family=count&_count=25")
    # total + page + one batched load of the page's resources
    assert len(statements) == 3, statements
    with counting(client) as statements:
        client.get("/fhir/Patient?family=count&_count=25&_revinclude=Observation:subject")
    # + one reverse-reference lookup for the whole page + one batched load of what it found
    assert len(statements) == 5, statements
