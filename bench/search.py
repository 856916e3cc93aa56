"""Search latency at scale: loads ~100,000 synthetic home-care resources into SQLite and PostgreSQL
and prints p50/p95 of typical EHR and coordinator queries, each run with many different values.

    .venv/bin/python bench/search.py [--resources 100000] [--runs 200] [--backends sqlite,postgresql]

Latency is measured as an EHR sees it: the real server (uvicorn, one process) answering a keep-alive
HTTP client over loopback, so it includes parsing, SQL and Bundle serialisation plus about 0.5 ms of
HTTP on each side. The data can stay in bench/results/ between runs (`--reuse`).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx
import orjson
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.server import served
from gateway.synth import synth_bundles
from gateway.synth.vocab import MRN_SYSTEM

PG_ADMIN = os.environ.get("HOMECARE_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
RESULTS = Path(__file__).resolve().parent / "results"
FHIR = {"content-type": "application/fhir+json", "prefer": "return=minimal"}

Sample = dict[str, list[str]]
QUERIES: list[tuple[str, Callable[[random.Random, Sample], str]]] = [
    ("patient by MRN", lambda r, s: f"Patient?identifier={MRN_SYSTEM}|{r.choice(s['mrn'])}"),
    (
        "patient by name + birth year",
        lambda r, s: f"Patient?family={r.choice(s['family'])[:4]}&birthdate={r.choice(s['year'])}&_count=20",
    ),
    ("referrals of a patient", lambda r, s: f"ServiceRequest?patient=Patient/{r.choice(s['patient'])}&status=active"),
    (
        "latest heart rates",
        lambda r, s: f"Observation?patient={r.choice(s['patient'])}&code=http://loinc.org|8867-4&_sort=-date&_count=10",
    ),
    (
        "vitals since a date",
        lambda r, s: f"Observation?patient={r.choice(s['patient'])}&category=vital-signs&date=ge2024-03-01&_count=50",
    ),
    (
        "home visits, newest first",
        lambda r, s: f"Encounter?patient={r.choice(s['patient'])}&class=HH&_sort=-date&_count=20",
    ),
    (
        "care plan with goals",
        lambda r, s: f"CarePlan?patient={r.choice(s['patient'])}&status=active&_include=CarePlan:goal",
    ),
    (
        "infusion orders + patient",
        lambda r, s: f"MedicationRequest?patient={r.choice(s['patient'])}&_include=MedicationRequest:subject",
    ),
    (
        "patient everything-lite (_revinclude)",
        lambda r, s: (
            f"Patient?_id={r.choice(s['patient'])}&_revinclude=ServiceRequest:subject&_revinclude=CarePlan:subject"
        ),
    ),
    ("referral queue page", lambda r, s: "ServiceRequest?status=active&_sort=-authored&_count=20&_total=none"),
    (
        "chained: obs by patient name",
        lambda r, s: f"Observation?subject:Patient.identifier={MRN_SYSTEM}|{r.choice(s['mrn'])}&_count=20",
    ),
]


def database_for(backend: str, reuse: bool) -> tuple[Path, str | None, Callable[[], None]]:
    """(data dir, database URL or None for SQLite, cleanup)."""
    if backend == "sqlite":
        path = RESULTS / "search-sqlite"
        if not reuse:
            shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True, exist_ok=True)
        return path, None, lambda: None
    name = "homecare_bench_search" if reuse else f"homecare_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
        if not exists:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        if not reuse:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    (RESULTS / "search-pg").mkdir(parents=True, exist_ok=True)
    return RESULTS / "search-pg", PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", drop


def load(client: httpx.Client, resources: int) -> int:
    have = client.get("/fhir/_history?_count=1").json().get("total", 0)
    if have >= resources:
        print(f"  reusing {have} stored versions")
        return have
    t, count = time.perf_counter(), 0
    for bundle in synth_bundles(10**9, seed=7):
        r = client.post("/fhir", content=orjson.dumps(bundle), headers=FHIR)
        assert r.status_code == 200, r.text[:500]
        count += len(bundle["entry"])
        if count >= resources:
            break
    dt = time.perf_counter() - t
    print(f"  loaded {count} resources in {dt:.0f} s ({count / dt:.0f}/s)")
    return count


def settle(database_url: str | None) -> None:
    """Refresh PostgreSQL's planner statistics, as autovacuum does within a minute of a bulk load."""
    if database_url:
        engine = sa.create_engine(database_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
        engine.dispose()


def sample(client: httpx.Client) -> Sample:
    patients = client.get("/fhir/Patient?_count=1000&_elements=identifier,name,birthDate").json()["entry"]
    out: Sample = {"patient": [], "mrn": [], "family": [], "year": []}
    for e in patients:
        res = e["resource"]
        out["patient"].append(res["id"])
        out["mrn"].append(res["identifier"][0]["value"])
        out["family"].append(res["name"][0]["family"])
        out["year"].append(res["birthDate"][:4])
    return out


def run(client: httpx.Client, runs: int) -> list[tuple[str, float, float, float]]:
    rng = random.Random(1)
    values = sample(client)
    rows = []
    for label, make in QUERIES:
        for _ in range(10):  # warm caches, as a running server would be
            client.get(f"/fhir/{make(rng, values)}")
        times, hits = [], 0
        for _ in range(runs):
            url = f"/fhir/{make(rng, values)}"
            t = time.perf_counter()
            r = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200, (url, r.text[:300])
            hits += len(r.json()["entry"])
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        rows.append((label, statistics.median(times), p95, hits / runs))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--resources", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--reuse", action="store_true", help="keep the loaded data for the next run")
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    for backend in args.backends.split(","):
        print(f"{backend}:")
        data_dir, url, cleanup = database_for(backend, args.reuse)
        try:
            with served(data_dir, url) as client:
                load(client, args.resources)
                settle(url)
                rows = run(client, args.runs)
        finally:
            cleanup()
        print(f"  {'query':40s} {'p50 ms':>8s} {'p95 ms':>8s} {'entries':>8s}")
        for label, p50, p95, hits in rows:
            print(f"  {label:40s} {p50:8.1f} {p95:8.1f} {hits:8.1f}")
        worst = max(r[2] for r in rows)
        print(f"  worst p95: {worst:.1f} ms")


if __name__ == "__main__":
    main()
