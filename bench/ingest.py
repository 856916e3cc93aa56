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
from functools import partial
from pathlib import Path
from typing import Any

import orjson
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fastapi.testclient import TestClient

from gateway.app import create_app
from gateway.fhir.resources import validate_model
from gateway.settings import Settings
from gateway.storage.factory import build_store
from gateway.synth import merge_bundles, synth_bundles

PG_ADMIN = os.environ.get("HOMECARE_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
FHIR = {"content-type": "application/fhir+json", "prefer": "return=minimal"}


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

    def rates(self, n: int) -> tuple[float, float]:
        return n / (time.perf_counter() - self.wall), n / (time.process_time() - self.cpu)


# -- baselines ------------------------------------------------------------------------------------
def validation_alone(bodies: list[bytes]) -> tuple[float, float]:
    docs = [orjson.loads(b) for b in bodies]
    n = 0
    clock = Clock()
    for doc in docs:
        for entry in doc["entry"]:
            validate_model(entry["resource"])
            n += 1
    return clock.rates(n)


FLOOR = sa.Table(
    "bench_floor",
    sa.MetaData(),
    sa.Column("res_type", sa.String(64), primary_key=True),
    sa.Column("res_id", sa.String(64), primary_key=True),
    sa.Column("content", sa.Text),
)


def floor(url: str, data_dir: Path, bodies: list[bytes]) -> tuple[float, float]:
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


def end_to_end(
    url: str, data_dir: Path, bodies: list[bytes], big: bytes, *, profiles: bool
) -> tuple[tuple[float, float], float]:
    settings = Settings(data_dir=data_dir, database_url=url, build_index_on_start=False, log_level="WARNING")
    with TestClient(create_app(settings)) as client:
        if not profiles:
            client.app.state.fhir.validators.clear()  # attribution: what profile checking costs
        n = 0
        clock = Clock()
        for body in bodies:
            r = client.post("/fhir", content=body, headers=FHIR)
            if r.status_code != 200:
                raise SystemExit(f"bundle failed: {r.status_code} {r.text[:500]}")
            n += len(r.json()["entry"])
        rate = clock.rates(n)
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


def row(label: str, rates: tuple[float, float], validation: tuple[float, float] | None = None) -> None:
    share = f"  ({rates[0] / validation[0]:.0%} / {rates[1] / validation[1]:.0%} of validation)" if validation else ""
    print(f"{label:46s} {rates[0]:9,.0f} {rates[1]:9,.0f}{share}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--resources", type=int, default=50_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-profiles", action="store_true", help="also run SQLite without profile validators")
    parser.add_argument("--profile", help="write a pyinstrument HTML profile of the SQLite end-to-end run here")
    args = parser.parse_args()

    bodies = make_bodies(args.resources, args.seed)
    big = big_bundle(args.seed + 1)
    total = count_resources(bodies)
    print(f"{len(bodies)} transaction Bundles, {total} resources; big Bundle {len(orjson.loads(big)['entry'])} entries")
    print(f"{'resources/s':46s} {'wall':>9s} {'CPU':>9s}   (CPU: this process only)")
    validation = validation_alone(bodies)
    row("fhir.resources validation alone", validation)
    runs = [(b, True) for b in args.backends.split(",")] + ([("sqlite", False)] if args.no_profiles else [])
    for backend, profiles in runs:
        label = backend if profiles else f"{backend} without profile validators"
        if profiles:
            with database(backend) as (url, data_dir):
                row(f"{backend}: floor (parse + bulk insert)", floor(url, data_dir, bodies))
        with database(backend) as (url, data_dir):
            run = partial(end_to_end, url, data_dir, bodies, big, profiles=profiles)
            rates, one = profiled(run, args.profile) if args.profile and backend == "sqlite" else run()
        row(f"{label}: end to end", rates, validation)
        print(f"{label + ': one 1,000-entry Bundle':46s} {one:9.2f} s")


if __name__ == "__main__":
    main()
