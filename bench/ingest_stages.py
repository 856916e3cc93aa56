"""Where an ingested resource's time goes: each stage of the write path run alone, in this process.

    .venv/bin/python bench/ingest_stages.py [--resources 20000] [--seed 1]

The same synthetic transaction Bundles ``bench/ingest.py`` sends go through the real functions one
stage at a time; each line is CPU microseconds per resource (this thread's):

- fhir.resources validation: the model, as in ``bench/ingest.py``'s baseline;
- base structure checks, profile checks: the gateway's own validation (JSON types and required
  bindings; the claimed or core profile's cardinality, invariants, bindings, references);
- search index extraction: every indexed parameter's rows;
- storage: the extracted rows and the JSON written with ``write_many`` and committed, one database
  transaction per Bundle (SQLite, as the server sets it up); then the same JSON alone, without its
  index rows, into a fresh database, to show what the index rows cost;
- end to end, in process: ``BundleService.process`` as the app wires it, without HTTP; what it
  costs beyond the stages above is Bundle handling (parsing, reference rewriting, conditional
  creates, versions and the response).

``bench/ingest.py`` adds HTTP and reports the rates; this script says what to work on next. The
last lines hold the stages against the issue's budget (end to end at least half of validation
alone): what that leaves once the gateway's own checks and extraction are paid for, next to what
the search index rows alone cost.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fastapi.testclient import TestClient

from bench.ingest import make_bodies
from gateway.app import create_app
from gateway.fhir.factory import default_registry
from gateway.fhir.ids import new_id
from gateway.fhir.jsontext import dumps, stamp
from gateway.fhir.resources import validate_model
from gateway.search.extract import Indexer
from gateway.search.values import now_instant
from gateway.settings import Settings
from gateway.storage.base import IndexRows, StoredVersion
from gateway.storage.factory import build_store
from gateway.validation.structure import check_structure
from gateway.validation.validator import ProfileValidator


def cpu_us(n: int, work: Callable[[], Any]) -> float:
    """This thread's CPU microseconds per resource of ``work`` over ``n`` resources: the SQLite
    checkpointer's copying runs on its own thread and core, off the request path. The inputs are
    frozen out of the collector's walks (they are long-lived here, unlike in the server)."""
    gc.collect()
    gc.freeze()
    try:
        started = time.thread_time()
        work()
        return 1e6 * (time.thread_time() - started) / n
    finally:
        gc.unfreeze()


def each(resources: list[dict[str, Any]], fn: Callable[[dict[str, Any]], Any]) -> Callable[[], None]:
    def run() -> None:
        for resource in resources:
            fn(resource)

    return run


def storage_items(bundles: list[list[dict[str, Any]]], indexer: Indexer) -> list[list[tuple[StoredVersion, IndexRows]]]:
    out = []
    for resources in bundles:
        items = []
        for resource in resources:
            res_id, updated = new_id(), now_instant()
            doc = stamp(resource, res_id=res_id, version=1, last_updated=updated)
            record = StoredVersion(doc["resourceType"], res_id, 1, updated, False, dumps(doc).decode(), "POST")
            items.append((record, indexer.extract(doc)))
        out.append(items)
    return out


def storage_us(n: int, items: list[list[tuple[StoredVersion, IndexRows | None]]]) -> float:
    """CPU per resource of writing ``items`` into a fresh SQLite database, a transaction per Bundle."""
    with tempfile.TemporaryDirectory() as tmp:
        store = build_store(Settings(data_dir=Path(tmp)))
        store.migrate()

        def write_all() -> None:
            for batch in items:
                with store.transaction() as tx:
                    tx.write_many(batch)

        try:
            return cpu_us(n, write_all)
        finally:
            store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--resources", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    bodies = make_bodies(args.resources, args.seed)
    bundles = [[e["resource"] for e in orjson.loads(b)["entry"]] for b in bodies]
    resources = [r for bundle in bundles for r in bundle]
    n = len(resources)
    indexer = Indexer(default_registry())
    with_ids = [{**r, "id": new_id()} for r in resources]

    stages: list[tuple[str, float]] = [
        ("fhir.resources validation", cpu_us(n, each(resources, validate_model))),
        ("base structure checks", cpu_us(n, each(resources, check_structure))),
        ("profile checks", cpu_us(n, each(resources, ProfileValidator()))),
        ("search index extraction", cpu_us(n, each(with_ids, indexer.extract))),
    ]
    items = storage_items(bundles, indexer)
    storage = storage_us(n, items)
    unindexed = storage_us(n, [[(record, None) for record, _ in batch] for batch in items])
    stages.append(("storage (write_many + commit, SQLite)", storage))

    with tempfile.TemporaryDirectory() as tmp, TestClient(create_app(Settings(data_dir=Path(tmp)))) as client:
        service = client.app.state.bundles  # type: ignore[attr-defined]

        def process_all() -> None:
            for body in bodies:
                service.process(body, orjson.loads(body), prefer="minimal")

        total = cpu_us(n, process_all)

    print(f"{len(bodies)} transaction Bundles, {n} resources; CPU us per resource")
    for label, us in stages:
        print(f"  {label:44s} {us:7.1f}")
    print(f"  {'Bundle handling (the rest)':44s} {total - sum(us for _, us in stages):7.1f}")
    print(f"  {'end to end, in process (no HTTP)':44s} {total:7.1f}   = {1e6 / total:,.0f} resources/s")
    print(f"  validation alone would allow {1e6 / stages[0][1]:,.0f} resources/s; end to end is "
          f"{stages[0][1] / total:.0%} of it")  # fmt: skip
    # At half of validation's rate, everything but fhir.resources may cost what fhir.resources does.
    budget = stages[0][1] - sum(us for _, us in stages[1:4])
    print(f"  at 50% of validation, storage and Bundle handling get {budget:.1f} us per resource after our checks")
    print(f"    and extraction; the index rows alone cost {storage - unindexed:.1f} us "
          f"(storage without them: {unindexed:.1f} us)")  # fmt: skip


if __name__ == "__main__":
    main()
