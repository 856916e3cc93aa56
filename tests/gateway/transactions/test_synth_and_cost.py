"""Synthetic records are valid FHIR and load as transactions; a Bundle's cost does not grow per entry in SQL."""

from __future__ import annotations

from collections import Counter

import pytest
import sqlalchemy as sa

from gateway.fhir.incoming import validate_resource
from gateway.synth import merge_bundles, synth_bundles

from .helpers import send, total

EXPECTED_TYPES = {
    "Patient", "Practitioner", "Organization", "Coverage", "Condition", "ServiceRequest", "CarePlan", "Goal",
    "MedicationRequest", "Device", "Encounter", "Observation",
}  # fmt: skip


def test_synth_is_deterministic_and_every_resource_validates():
    first = list(synth_bundles(30, seed=7))
    assert first == list(synth_bundles(30, seed=7))
    assert first != list(synth_bundles(30, seed=8))
    types = Counter()
    for b in first:
        assert b["type"] == "transaction"
        for e in b["entry"]:
            validate_resource(e["resource"], expected_type=e["request"]["url"])
            types[e["resource"]["resourceType"]] += 1
    assert set(types) == EXPECTED_TYPES
    encounters = [e["resource"] for b in first for e in b["entry"] if e["resource"]["resourceType"] == "Encounter"]
    assert {enc["class"]["code"] for enc in encounters} == {"HH"}


def test_synth_bundles_load_and_shared_parties_are_not_duplicated(client):
    for b in synth_bundles(3, seed=1):
        r = send(client, b)
        assert r.status_code == 200, r.text
    merged = merge_bundles(list(synth_bundles(3, seed=2)))
    assert send(client, merged).status_code == 200
    payers = client.get("/fhir/Organization?name=Medicare").json()
    assert payers["total"] == 1
    assert total(client, "Patient") == 6
    assert total(client, "Observation?code=http://loinc.org|8867-4") > 6


@pytest.mark.parametrize("patients", [1, 6])
def test_statements_per_bundle_do_not_grow_with_entries(client, patients):
    """HAPI-style query count: new resources are written in multi-row statements, not one by one."""
    bundle = merge_bundles(list(synth_bundles(patients, seed=3)))
    shared = sum(1 for e in bundle["entry"] if "ifNoneExist" in e["request"])
    engine = client.app.state.store.engine
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        assert send(client, bundle).status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    # per conditional create: a lock and a search; then a handful of statements for all the rest
    assert len(statements) <= 2 * shared + 20, (len(bundle["entry"]), len(statements))
