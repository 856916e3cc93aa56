"""The bulk write path (a transaction Bundle's creations) on both backends: same rows as single
writes, sequence numbers in order, and a clash with an existing resource is a ``VersionConflict``
that leaves nothing of the batch behind."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from gateway.settings import Settings
from gateway.storage.base import IndexRows, StoredVersion, VersionConflict
from gateway.storage.factory import build_store
from gateway.storage.schema import idx_date, idx_reference, idx_token, resource_versions, resources


def _patient(res_id: str, family: str = "Lopez") -> tuple[StoredVersion, IndexRows]:
    content = f'{{"resourceType":"Patient","id":"{res_id}","name":[{{"family":"{family}"}}]}}'
    index = IndexRows()
    index.add("token", {"param": "identifier", "system": "urn:mrn", "code": f"mrn-{res_id}", "text": None})
    index.add("token", {"param": "gender", "system": None, "code": "female", "text": None})
    index.add("date", {"param": "birthdate", "low": 19500101000000, "high": 19500101235959})
    index.add("reference", {"param": "general-practitioner", "target_type": "Practitioner", "target_id": "dr-1",
                            "url": None})  # fmt: skip
    return StoredVersion("Patient", res_id, 1, "2026-11-24T10:00:00Z", False, content, "POST"), index


@pytest.fixture
def store(settings: Settings):
    s = build_store(settings)
    s.migrate()
    yield s
    s.close()


def _count(store, table: sa.Table, **where: str) -> int:
    with store.read() as tx:
        stmt = sa.select(sa.func.count()).select_from(table).where(*[table.c[k] == v for k, v in where.items()])
        return int(tx.execute(stmt).scalar_one())


def test_rows_and_sequence_numbers(store):
    items = [_patient(f"p{i}") for i in range(5)]
    with store.transaction() as tx:
        first = tx.write(*_patient("before"), expected_version=None)
        seqs = tx.write_many(items)
    assert seqs == sorted(seqs) and len(set(seqs)) == 5 and seqs[0] > first
    with store.read() as tx:
        loaded = tx.load([("Patient", f"p{i}") for i in range(5)])
        assert [(v.res_id, v.version, v.seq, v.content) for v in loaded] == [
            (r.res_id, 1, seq, r.content) for (r, _), seq in zip(items, seqs, strict=True)
        ]
        assert tx.version("Patient", "p3", 1).method == "POST"
    assert _count(store, idx_token, res_type="Patient", res_id="p2") == 2
    assert _count(store, idx_token, param="identifier", code="mrn-p4", system="urn:mrn") == 1
    assert _count(store, idx_token, param="gender", code="female") == 6
    assert _count(store, idx_date, res_id="p0", param="birthdate") == 1
    assert _count(store, idx_reference, target_id="dr-1", target_type="Practitioner") == 6


def test_a_clash_with_an_existing_resource_leaves_nothing_of_the_batch(store):
    with store.transaction() as tx:
        tx.write(*_patient("p1"), expected_version=None)
    with pytest.raises(VersionConflict), store.transaction() as tx:
        tx.write_many([_patient("p0", "New"), _patient("p1", "New"), _patient("p2", "New")])
    assert _count(store, resources) == 1
    assert _count(store, resource_versions) == 1
    assert _count(store, idx_token, res_id="p0") == 0
    assert _count(store, idx_token, res_id="p1") == 2  # the first write's rows, untouched
    with store.read() as tx:
        assert '"Lopez"' in tx.current("Patient", "p1").content


def test_values_of_every_index_type_survive_the_bulk_path(store):
    """PostgreSQL bulk-loads with COPY (text format): None, floats and big integers must arrive as themselves."""
    record, index = _patient("q1")
    index.add("quantity", {"param": "value-quantity", "system": None, "code": "mg", "low": -1.5e-7, "high": 2.5e300})
    index.add("number", {"param": "probability", "low": 0.1, "high": 0.30000000000000004})
    index.add("string", {"param": "name", "value": "lopez\\ tab\there", "exact": "Lopez \\N"})
    index.add("uri", {"param": "url", "uri": "http://example.org/a b"})
    with store.transaction() as tx:
        tx.write_many([(record, index)])
    with store.read() as tx:
        rows = {}
        for kind, table in (("quantity", "idx_quantity"), ("number", "idx_number"), ("string", "idx_string"),
                            ("uri", "idx_uri"), ("token", "idx_token")):  # fmt: skip
            got = tx.execute(sa.text(f"SELECT * FROM {table} WHERE res_id = 'q1'")).mappings().all()
            rows[kind] = sorted((dict(r) for r in got), key=repr)
    assert rows["quantity"][0]["low"] == -1.5e-7 and rows["quantity"][0]["high"] == 2.5e300
    assert rows["quantity"][0]["system"] is None and rows["quantity"][0]["code"] == "mg"
    assert rows["number"][0]["high"] == 0.30000000000000004
    assert rows["string"][0]["value"] == "lopez\\ tab\there" and rows["string"][0]["exact"] == "Lopez \\N"
    assert rows["uri"][0]["uri"] == "http://example.org/a b"
    assert {r["system"] for r in rows["token"]} == {"urn:mrn", None}
