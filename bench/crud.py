"""Create and read throughput of the FHIR API, per backend, next to fhir.resources validation alone.

The real server runs in its own process (uvicorn, one worker) and this script talks to it over
loopback HTTP with a keep-alive client, one request at a time, so the numbers show the gateway's
own cost per request: parsing, validation, indexing, SQL and response building.
Usage: python bench/crud.py [--n 2000] [--pg postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import orjson
import sqlalchemy as sa

# the project root first: bench/assistant.py would otherwise shadow the assistant package
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.server import served
from gateway.fhir.resources import validate_model

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


def bench_backend(data_dir: Path, n: int, database_url: str | None = None) -> tuple[float, float]:
    bodies = [orjson.dumps(sample(i)) for i in range(n)]
    with served(data_dir, database_url) as client:
        for body in bodies[:50]:  # warm up
            client.post("/fhir/Patient", content=body, headers=HEADERS)
        t = time.perf_counter()
        ids = [client.post("/fhir/Patient", content=body, headers=HEADERS).json()["id"] for body in bodies]
        create_s = time.perf_counter() - t
        t = time.perf_counter()
        for pid in ids:
            assert client.get(f"/fhir/Patient/{pid}").status_code == 200
        read_s = time.perf_counter() - t
    return create_s, read_s


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    n = args.n

    print(f"{n} Patients; server: uvicorn, one process; client: keep-alive HTTP over loopback")
    v = bench_validation(n)
    print(f"fhir.resources validation alone : {rate(n, v)}")

    with tempfile.TemporaryDirectory() as tmp:
        c, r = bench_backend(Path(tmp), n)
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
            c, r = bench_backend(Path(tmp), n, url)
        print(f"PostgreSQL  create {rate(n, c)}  read {rate(n, r)}  create/validation time ratio {c / v:5.1f}x")
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


if __name__ == "__main__":
    main()
