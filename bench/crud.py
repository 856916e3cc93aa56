"""Create and read throughput of the FHIR API, per backend, next to fhir.resources validation alone.

Runs the real app in-process (Starlette TestClient, one process, no network) so the numbers show
the cost of the gateway itself: parsing, validation, indexing, SQL and response building.
Usage: python bench/crud.py [--n 2000] [--pg postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import orjson
import sqlalchemy as sa
from fastapi.testclient import TestClient

from gateway.app import create_app
from gateway.fhir.resources import validate_model
from gateway.settings import Settings

HEADERS = {"content-type": "application/fhir+json"}


def sample(i: int) -> dict[str, Any]:
    return {
        "resourceType": "Patient",
        "identifier": [{"system": "urn:oid:2.16.840.1.113883.3.7", "value": f"MRN{i:07d}"}],
        "active": True,
        "name": [{"use": "official", "family": f"Family{i % 997}", "given": ["Ana", "Maria"]}],
        "telecom": [{"system": "phone", "value": f"555-{i % 10000:04d}", "use": "home"}],
        "gender": ["female", "male", "other"][i % 3],
        "birthDate": f"19{30 + i % 60:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}",
        "address": [{"line": [f"{i} Elm St"], "city": "Springfield", "state": "IL", "postalCode": "62701"}],
    }


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:8.0f}/s"


def bench_validation(n: int) -> float:
    bodies = [sample(i) for i in range(n)]
    t = time.perf_counter()
    for b in bodies:
        validate_model(b)
    return time.perf_counter() - t


def bench_backend(name: str, settings: Settings, n: int) -> tuple[float, float]:
    bodies = [orjson.dumps(sample(i)) for i in range(n)]
    with TestClient(create_app(settings)) as client:
        t = time.perf_counter()
        ids = []
        for body in bodies:
            r = client.post("/fhir/Patient", content=body, headers=HEADERS)
            ids.append(r.json()["id"])
        create_s = time.perf_counter() - t
        t = time.perf_counter()
        for pid in ids:
            client.get(f"/fhir/Patient/{pid}")
        read_s = time.perf_counter() - t
    return create_s, read_s


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    n = args.n

    print(f"{n} Patients, one process, in-process HTTP (TestClient)")
    v = bench_validation(n)
    print(f"fhir.resources validation alone : {rate(n, v)}")

    with tempfile.TemporaryDirectory() as tmp:
        c, r = bench_backend("sqlite", Settings(data_dir=Path(tmp), build_index_on_start=False), n)
        print(f"SQLite      create {rate(n, c)}  read {rate(n, r)}  create/validation time ratio {c / v:5.1f}x")

    db = f"homecare_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(args.pg, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{db}"')
    except sa.exc.OperationalError as exc:
        print(f"PostgreSQL  skipped: {exc.__class__.__name__}")
        return
    try:
        url = args.pg.rsplit("/", 1)[0] + f"/{db}"
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(data_dir=Path(tmp), database_url=url, build_index_on_start=False)
            c, r = bench_backend("postgresql", settings, n)
        print(f"PostgreSQL  create {rate(n, c)}  read {rate(n, r)}  create/validation time ratio {c / v:5.1f}x")
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


if __name__ == "__main__":
    main()
