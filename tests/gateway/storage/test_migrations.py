"""Migrations: the schema they build is the one ``schema.py`` declares, and upgrades keep data.

Revision 0003 drops the index rows of parameters that now read other parameters' rows, and only
those."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext

from gateway.fhir.factory import default_registry
from gateway.settings import Settings
from gateway.storage.base import IndexRows, Store, StoredVersion
from gateway.storage.factory import build_store
from gateway.storage.schema import INDEX_TABLES, metadata
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


@contextmanager
def store_at(backend: str, tmp_path: Path, revision: str) -> Iterator[Store]:
    """A database of its own (the shared test database is at the newest revision already)."""
    with ExitStack() as stack:
        url = stack.enter_context(fresh_pg_database()) if backend == "postgresql" else None
        store = build_store(Settings(data_dir=tmp_path, database_url=url))
        stack.callback(store.close)
        store.migrate(revision)
        yield store


@pytest.fixture
def store_at_0002(backend: str, tmp_path: Path) -> Iterator[Store]:
    with store_at(backend, tmp_path, "0002") as store:
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


# What the migrations build on purpose and schema.py does not declare.
KNOWN_DRIFT = {
    # SQLite's history key is INTEGER so that it is the rowid (schema.py says BigInteger for both)
    ("sqlite", "modify_type", "resource_versions", "seq"),
    # PostgreSQL keeps a generated JSONB copy of the content for ad-hoc SQL
    ("postgresql", "remove_column", "resources", "content_jsonb"),
}


def _drift(backend: str, diff: list) -> set[tuple[str, ...]]:
    out = set()
    for d in diff:
        op = d[0][0] if isinstance(d, list) else d[0]
        if op == "modify_type":
            out.add((backend, op, d[0][2], d[0][3]))
        elif op == "remove_column":
            out.add((backend, op, d[2], d[3].name))
        else:
            out.add((backend, op, str(d[1:])))
    return out


def test_migrations_build_the_declared_schema(backend: str, tmp_path: Path):
    with store_at(backend, tmp_path, "head") as store, store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
        inspector = sa.inspect(conn)
        # compare_metadata does not compare primary keys; the key columns are checked here directly
        assert inspector.get_pk_constraint("resources")["constrained_columns"] == ["res_type", "res_id"]
        indexes = {i["name"]: i["column_names"] for t in INDEX_TABLES.values() for i in inspector.get_indexes(t.name)}
        for name, table in INDEX_TABLES.items():
            assert indexes[f"ix_{table.name}_resource"][:3] == ["res_type", "res_id", "param"], name
        uniques = {u["name"]: u["column_names"] for u in inspector.get_unique_constraints("resource_versions")}
        assert uniques["uq_resource_versions_identity"] == ["res_type", "res_id", "version"]
    assert _drift(backend, diff) <= KNOWN_DRIFT


def test_upgrade_and_downgrade_keep_resources_history_and_index_rows(backend: str, tmp_path: Path):
    record = StoredVersion("Patient", "p-1", 1, "2026-11-24T10:00:00Z", False, '{"resourceType":"Patient"}', "POST")
    index = IndexRows({"token": [{"param": "identifier", "system": "urn:mrn", "code": "42", "text": None}]})
    with store_at(backend, tmp_path, "0002") as store:
        with store.transaction() as tx:
            tx.write(record, index, expected_version=None)
        store.migrate()
        with store.transaction() as tx:
            assert tx.current("Patient", "p-1").content == record.content
            assert tx.version("Patient", "p-1", 1) is not None
            tx.write(replace(record, version=2), index, expected_version=1)
            rows = tx.execute(sa.text("SELECT res_id, code FROM idx_token WHERE res_type = 'Patient'")).all()
        assert [tuple(r) for r in rows] == [("p-1", "42")]
        _downgrade(store, "0002")
        with store.read() as tx:
            assert tx.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == "0002"
            assert tx.current("Patient", "p-1").version == 2


def _downgrade(store: Store, revision: str) -> None:
    """``Store.migrate`` only upgrades (to an older revision it does nothing): downgrade directly."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
