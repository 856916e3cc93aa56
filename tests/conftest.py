"""Shared fixtures: every gateway test runs on SQLite and on PostgreSQL.

Each test run creates its own PostgreSQL database and drops it at the end, so runs never share
data; tables are truncated between tests. When no PostgreSQL server is reachable, the
PostgreSQL half of the suite is skipped with a message saying so.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from gateway.app import create_app
from gateway.settings import Settings

PG_ADMIN_URL = os.environ.get("HOMECARE_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
TABLES = (
    "resources, resource_versions, idx_string, idx_token, idx_date, idx_reference, idx_number, idx_quantity, idx_uri"
)


@contextmanager
def fresh_pg_database() -> Iterator[str]:
    """A new, empty PostgreSQL database for the block (skips the test when there is no server)."""
    name = f"homecare_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as exc:
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc.__class__.__name__}")
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    with fresh_pg_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def settings(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    if backend == "postgresql":
        url = request.getfixturevalue("pg_url")
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            exists = conn.exec_driver_sql("SELECT to_regclass('resources')").scalar()
            if exists:
                conn.exec_driver_sql(f"TRUNCATE {TABLES} RESTART IDENTITY")
        engine.dispose()
        return Settings(data_dir=tmp_path, database_url=url, build_index_on_start=False)
    return Settings(data_dir=tmp_path, build_index_on_start=False)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c
