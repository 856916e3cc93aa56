"""Bundle ingestion throughput on SQLite and PostgreSQL, next to two baselines from the same run.

    .venv/bin/python bench/ingest.py [--resources 50000] [--backends sqlite,postgresql] [--concurrency 1]

- validation alone: fhir.resources model validation of every resource, in this process (what any
  Python FHIR server pays at least);
- floor: orjson parse + bulk insert of the same JSON into a plain table of the same database (what
  storing the bytes costs with no FHIR work at all);
- end to end: every synthetic transaction Bundle POSTed over loopback HTTP to the real server, one
  uvicorn process (HTTP handling, parsing, validation incl. profiles, reference resolution,
  conditional creates, indexing, storage), by ``--concurrency`` client threads; its CPU column is
  the server process's own CPU time, so the client's work is not counted either way;
- one 1,000-entry transaction Bundle, timed alone.

``bench/ingest_stages.py`` breaks the in-process cost down by stage; for the server itself, run
``py-spy record --pid <server pid>`` during a run.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import orjson
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.server import served, server_cpu_seconds
from gateway.fhir.resources import validate_model
from gateway.settings import Settings
from gateway.storage.factory import build_store
from gateway.synth import merge_bundles, synth_bundles

PG_ADMIN = os.environ.get("HOMECARE_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
FHIR = {"content-type": "application/fhir+json", "prefer": "return=minimal"}
Rates = tuple[float, float]  # resources/s by wall time, by CPU time


def make_bodies(resources: int, seed: int) -> list[bytes]:
    bodies, count = [], 0
    for bundle in synth_bundles(10**9, seed):
        bodies.append(orjson.dumps(bundle))
        count += len(bundle["entry"])
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


class Clock:
    """Wall and CPU time of this process: on a shared machine the CPU rate is the steadier number."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def rates(self, n: int) -> Rates:
        return n / (time.perf_counter() - self.wall), n / (time.process_time() - self.cpu)


# -- baselines ------------------------------------------------------------------------------------
def validation_alone(bodies: list[bytes]) -> Rates:
    """The parsed documents (millions of objects for 50,000 resources) are frozen out of the garbage
    collector's walks, as the server freezes its start-up heap: the rate is validation's, not GC's."""
    docs = [orjson.loads(b) for b in bodies]
    gc.collect()
    gc.freeze()
    try:
        n = 0
        clock = Clock()
        for doc in docs:
            for entry in doc["entry"]:
                validate_model(entry["resource"])
                n += 1
        return clock.rates(n)
    finally:
        gc.unfreeze()


FLOOR = sa.Table(
    "bench_floor",
    sa.MetaData(),
    sa.Column("res_type", sa.String(64), primary_key=True),
    sa.Column("res_id", sa.String(64), primary_key=True),
    sa.Column("content", sa.Text),
)


def floor(url: str, data_dir: Path, bodies: list[bytes]) -> Rates:
    """The same engine set-up the gateway uses (SQLite: WAL, synchronous=NORMAL), one table, no FHIR work."""
    store = build_store(Settings(data_dir=data_dir, database_url=url))
    engine = store.engine  # type: ignore[attr-defined]
    FLOOR.metadata.create_all(engine)
    n = 0
    clock = Clock()
    for body in bodies:
        rows = [
            {"res_type": e["resource"]["resourceType"], "res_id": str(uuid.uuid4()),
             "content": orjson.dumps(e["resource"]).decode()}
            for e in orjson.loads(body)["entry"]
        ]  # fmt: skip
        with engine.begin() as conn:
            conn.execute(FLOOR.insert(), rows)
        n += len(rows)
    rate = clock.rates(n)
    FLOOR.metadata.drop_all(engine)
    store.close()
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


def end_to_end(url: str, data_dir: Path, bodies: list[bytes], big: bytes, *, concurrency: int) -> tuple[Rates, float]:
    """The real server (one uvicorn process) over loopback; CPU is the server process's own."""
    with served(data_dir, url) as client:
        post = partial(client.post, "/fhir", headers=FHIR)

        def send(body: bytes) -> int:
            r = post(content=body)
            if r.status_code != 200:
                raise SystemExit(f"bundle failed: {r.status_code} {r.text[:500]}")
            return len(r.json()["entry"])

        cpu, wall = server_cpu_seconds(client), time.perf_counter()
        with ThreadPoolExecutor(concurrency) as pool:
            n = sum(pool.map(send, bodies))
        rates = n / (time.perf_counter() - wall), n / (server_cpu_seconds(client) - cpu)
        started = time.perf_counter()
        send(big)
        one = time.perf_counter() - started
    return rates, one


def row(label: str, rates: Rates, validation: Rates | None = None) -> None:
    share = f"  ({rates[0] / validation[0]:.0%} / {rates[1] / validation[1]:.0%} of validation)" if validation else ""
    print(f"{label:46s} {rates[0]:9,.0f} {rates[1]:9,.0f}{share}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--resources", type=int, default=50_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=1, help="client threads posting Bundles at once")
    args = parser.parse_args()

    bodies = make_bodies(args.resources, args.seed)
    big = big_bundle(args.seed + 1)
    total = count_resources(bodies)
    print(f"{len(bodies)} transaction Bundles, {total} resources; big Bundle {len(orjson.loads(big)['entry'])} entries")
    print(f"{'resources/s':46s} {'wall':>9s} {'CPU':>9s}   (CPU: the process doing the work)")
    validation = validation_alone(bodies)
    row("fhir.resources validation alone", validation)
    for backend in args.backends.split(","):
        with database(backend) as (url, data_dir):
            row(f"{backend}: floor (parse + bulk insert)", floor(url, data_dir, bodies))
        with database(backend) as (url, data_dir):
            rates, one = end_to_end(url, data_dir, bodies, big, concurrency=args.concurrency)
        label = backend if args.concurrency == 1 else f"{backend}, {args.concurrency} clients"
        row(f"{label}: end to end", rates, validation)
        print(f"{label + ': one 1,000-entry Bundle':46s} {one:9.2f} s")


if __name__ == "__main__":
    main()
