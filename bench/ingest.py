"""Bundle ingestion throughput on SQLite and PostgreSQL, next to two baselines from the same run.

    .venv/bin/python bench/ingest.py [--resources 50000] [--backends sqlite,postgresql] [--profile out.html]

- validation alone: fhir.resources model validation of every resource (what any Python FHIR server
  pays at least);
- floor: orjson parse + bulk insert of the same JSON into a plain table of the same database (what
  storing the bytes costs with no FHIR work at all);
- end to end: every synthetic transaction Bundle POSTed to the app in-process (HTTP handling,
  parsing, validation incl. profiles, reference resolution, conditional creates, indexing, storage);
- one 1,000-entry transaction Bundle, timed alone.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fastapi.testclient import TestClient  # noqa: E402

from gateway.app import create_app  # noqa: E402
from gateway.fhir.resources import validate_model  # noqa: E402
from gateway.settings import Settings  # noqa: E402
from gateway.synth import merge_bundles, synth_bundles  # noqa: E402

PG_ADMIN = os.environ.get("HOMECARE_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
FHIR = {"content-type": "application/fhir+json", "prefer": "return=minimal"}


def make_bodies(resources: int, seed: int) -> list[bytes]:
    bodies, count, patients = [], 0, 0
    for bundle in synth_bundles(10**9, seed):
        bodies.append(orjson.dumps(bundle))
        count += len(bundle["entry"])
        patients += 1
        if count >= resources:
            break
    return bodies


def big_bundle(seed: int, entries: int = 1000) -> bytes:
    """Patients' records merged, cut at ``entries``: every reference points at an earlier entry."""
    merged = merge_bundles(list(synth_bundles(40, seed)))
    merged["entry"] = merged["entry"][:entries]
    return orjson.dumps(merged)


def count_resources(bodies: list[bytes]) -> int:
    return sum(len(orjson.loads(b)["entry"]) for b in bodies)


# -- baselines ------------------------------------------------------------------------------------
def validation_alone(bodies: list[bytes]) -> float:
    docs = [orjson.loads(b) for b in bodies]
    n = 0
    started = time.perf_counter()
    for doc in docs:
        for entry in doc["entry"]:
            validate_model(entry["resource"])
            n += 1
    return n / (time.perf_counter() - started)


FLOOR = sa.Table(
    "bench_floor",
    sa.MetaData(),
    sa.Column("res_type", sa.String(64), primary_key=True),
    sa.Column("res_id", sa.String(64), primary_key=True),
    sa.Column("content", sa.Text),
)


def floor(url: str, bodies: list[bytes]) -> float:
    engine = sa.create_engine(url)
    FLOOR.metadata.create_all(engine)
    n = 0
    started = time.perf_counter()
    for body in bodies:
        rows = [
            {"res_type": e["resource"]["resourceType"], "res_id": str(uuid.uuid4()),
             "content": orjson.dumps(e["resource"]).decode()}
            for e in orjson.loads(body)["entry"]
        ]  # fmt: skip
        with engine.begin() as conn:
            conn.execute(FLOOR.insert(), rows)
        n += len(rows)
    rate = n / (time.perf_counter() - started)
    FLOOR.metadata.drop_all(engine)
    engine.dispose()
    return rate


# -- end to end -----------------------------------------------------------------------------------
@contextmanager
def database(backend: str) -> Iterator[tuple[str, Path]]:
    with tempfile.TemporaryDirectory() as tmp:
        if backend == "sqlite":
            yield f"sqlite:///{tmp}/bench.db", Path(tmp)
            return
        name = f"homecare_bench_{uuid.uuid4().hex[:10]}"
        admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            yield PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", Path(tmp)
        finally:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.dispose()


def end_to_end(url: str, data_dir: Path, bodies: list[bytes], big: bytes) -> tuple[float, float]:
    settings = Settings(data_dir=data_dir, database_url=url, build_index_on_start=False, log_level="WARNING")
    with TestClient(create_app(settings)) as client:
        n = 0
        started = time.perf_counter()
        for body in bodies:
            r = client.post("/fhir", content=body, headers=FHIR)
            if r.status_code != 200:
                raise SystemExit(f"bundle failed: {r.status_code} {r.text[:500]}")
            n += len(r.json()["entry"])
        rate = n / (time.perf_counter() - started)
        started = time.perf_counter()
        r = client.post("/fhir", content=big, headers=FHIR)
        one = time.perf_counter() - started
        assert r.status_code == 200, r.text[:500]
    return rate, one


def profiled(fn: Callable[[], Any], out: str) -> Any:
    from pyinstrument import Profiler

    profiler = Profiler()
    profiler.start()
    try:
        return fn()
    finally:
        profiler.stop()
        Path(out).write_text(profiler.output_html())
        print(profiler.output_text(unicode=True, color=False, show_all=False)[:6000])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--resources", type=int, default=50_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", help="write a pyinstrument HTML profile of the SQLite end-to-end run here")
    args = parser.parse_args()

    bodies = make_bodies(args.resources, args.seed)
    big = big_bundle(args.seed + 1)
    total = count_resources(bodies)
    print(f"{len(bodies)} transaction Bundles, {total} resources; big Bundle {len(orjson.loads(big)['entry'])} entries")
    validation = validation_alone(bodies)
    print(f"{'fhir.resources validation alone':40s} {validation:10,.0f} resources/s")
    for backend in args.backends.split(","):
        with database(backend) as (url, _):
            print(f"{backend + ': floor (parse + bulk insert)':40s} {floor(url, bodies):10,.0f} resources/s")
        with database(backend) as (url, data_dir):
            run = lambda: end_to_end(url, data_dir, bodies, big)  # noqa: E731
            rate, one = profiled(run, args.profile) if args.profile and backend == "sqlite" else run()
        print(f"{backend + ': end to end':40s} {rate:10,.0f} resources/s  ({rate / validation:.0%} of validation)")
        print(f"{backend + ': one 1,000-entry Bundle':40s} {one:10.2f} s")


if __name__ == "__main__":
    main()
