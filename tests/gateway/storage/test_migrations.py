"""Revision 0003 drops the index rows of parameters that now read other parameters' rows, and only those."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
import sqlalchemy as sa

from gateway.fhir.factory import default_registry
from gateway.settings import Settings
from gateway.storage.base import Store
from gateway.storage.factory import build_store
from gateway.storage.sql import MIGRATIONS
from tests.conftest import fresh_pg_database


def _revision_0003():
    spec = importlib.util.spec_from_file_location("rev0003", MIGRATIONS / "versions" / "0003_shared_parameter_rows.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_it_drops_only_rows_that_no_parameter_reads_any_more():
    registry = default_registry()
    for names in _revision_0003().SHARED.values():
        for name in names:
            rtype, code = name.split(".", 1)
            assert registry.get(rtype, code).stored_as, name


@pytest.fixture
def store_at_0002(backend: str, tmp_path: Path) -> Iterator[Store]:
    """A database of its own (the shared test database is at the newest revision already)."""
    with ExitStack() as stack:
        url = stack.enter_context(fresh_pg_database()) if backend == "postgresql" else None
        store = build_store(Settings(data_dir=tmp_path, database_url=url))
        stack.callback(store.close)
        store.migrate("0002")
        yield store


ROWS = [
    ("idx_reference", "Observation", "subject", {"target_type": "Patient", "target_id": "p1", "url": None}),
    ("idx_reference", "Observation", "patient", {"target_type": "Patient", "target_id": "p1", "url": None}),
    ("idx_reference", "Coverage", "beneficiary", {"target_type": "Patient", "target_id": "p1", "url": None}),
    ("idx_reference", "Coverage", "patient", {"target_type": "Patient", "target_id": "p1", "url": None}),
    ("idx_token", "Observation", "code", {"system": "http://loinc.org", "code": "8867-4", "text": None}),
    ("idx_token", "Observation", "combo-code", {"system": "http://loinc.org", "code": "8867-4", "text": None}),
    ("idx_string", "Patient", "name", {"value": "okafor", "exact": "Okafor"}),
    ("idx_string", "Patient", "phonetic", {"value": "okafor", "exact": "Okafor"}),
    ("idx_quantity", "Observation", "combo-value-quantity", {"system": None, "code": "/min", "low": 1.0, "high": 1.0}),
]


def test_upgrade_from_0002(store_at_0002):
    engine = store_at_0002.engine
    meta = sa.MetaData()
    with engine.begin() as conn:
        for table, rtype, param, values in ROWS:
            t = sa.Table(table, meta, autoload_with=conn) if table not in meta.tables else meta.tables[table]
            conn.execute(t.insert().values(res_type=rtype, res_id="x1", param=param, **values))
    store_at_0002.migrate()
    with engine.connect() as conn:
        left = {
            (table, rtype, param)
            for table in {row[0] for row in ROWS}
            for rtype, param in conn.execute(sa.text(f"SELECT res_type, param FROM {table}"))
        }
    assert left == {
        ("idx_reference", "Observation", "subject"),
        ("idx_reference", "Coverage", "beneficiary"),
        ("idx_token", "Observation", "code"),
        ("idx_string", "Patient", "name"),
    }
