"""A transaction is all or nothing: on error, after a crash, and under concurrent conditional creates."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor

import orjson
import pytest

from ..fhir.helpers import outcome_expressions, patient, post
from .helpers import bundle, entry, observation, send, total, urn

SYS = "urn:oid:2.16.840.1.113883.3.7"


def _nothing_stored(client) -> None:
    assert total(client, "Patient") == 0
    assert total(client, "Patient?family=Atomic") == 0  # string index rows
    assert total(client, f"Patient?identifier={SYS}|R1") == 0  # token index rows
    assert total(client, "Observation?code=8867-4") == 0
    for rtype in ("Patient", "Observation"):
        assert client.get(f"/fhir/{rtype}/_history").json()["total"] == 0


def _records(p: str) -> list[dict]:
    return [
        entry("POST", "Patient", patient(family="Atomic", identifier=[{"system": SYS, "value": "R1"}]), full_url=p),
        entry("POST", "Observation", observation(p)),
        entry("POST", "Observation", observation(p)),
    ]


def test_invalid_entry_rolls_back_everything_and_points_at_the_element(client):
    p = urn()
    bad = entry("POST", "Observation", observation(p, status="bogus"))
    r = send(client, bundle(*_records(p), bad))
    assert r.status_code == 422
    assert "Bundle.entry[3].resource.status" in outcome_expressions(r)
    _nothing_stored(client)


def test_failure_after_writes_rolls_back_index_rows_and_history(client):
    """The PUT fails only after the POSTs were written to the database in the same transaction."""
    p = urn()
    stale = entry("PUT", "Patient/late-1", patient(id="late-1"), ifMatch='W/"3"')
    r = send(client, bundle(*_records(p), stale))
    assert r.status_code == 412
    assert outcome_expressions(r) == ["Bundle.entry[3]"]
    _nothing_stored(client)


def test_failed_update_in_a_transaction_keeps_the_previous_version(client):
    pid = post(client, "Patient", patient(family="Before")).json()["id"]
    r = send(
        client,
        bundle(
            entry("PUT", f"Patient/{pid}", patient(id=pid, family="After")),
            entry("POST", "Observation", observation("Patient?family=Nobody")),
        ),
    )
    assert r.status_code == 412
    assert client.get(f"/fhir/Patient/{pid}").json()["name"][0]["family"] == "Before"
    assert client.get(f"/fhir/Patient/{pid}/_history").json()["total"] == 1
    assert total(client, "Patient?family=After") == 0


KILLED_WRITER = textwrap.dedent(
    """
    import sys, time
    from gateway.fhir.factory import build_fhir_service
    from gateway.fhir.service import Incoming
    from gateway.settings import Settings
    from gateway.storage.factory import build_store

    settings = Settings()
    store = build_store(settings)
    fhir = build_fhir_service(store, settings)
    with store.transaction() as tx:
        for n in range(50):
            data = {"resourceType": "Patient", "name": [{"family": "Atomic"}],
                    "identifier": [{"system": "__SYSTEM__", "value": "R1"}]}
            fhir.create_in(tx, "Patient", Incoming(None, data), data)
        tx.execute(__import__("sqlalchemy").text("SELECT 1"))  # rows are in the database, uncommitted
        print("ready", flush=True)
        time.sleep(120)
    """
).replace("__SYSTEM__", SYS)


def test_killed_process_leaves_no_partial_transaction(client, settings):
    env = {**os.environ, "HOMECARE_DATA_DIR": str(settings.data_dir)}
    if settings.database_url:
        env["HOMECARE_DATABASE_URL"] = settings.database_url
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    _nothing_stored(client)
    created = post(client, "Patient", patient(family="Atomic"))  # the dead writer's locks are gone
    assert created.status_code == 201
    assert total(client, "Patient?family=Atomic") == 1


@pytest.mark.parametrize("workers", [6])
def test_concurrent_conditional_creates_make_exactly_one_resource(client, workers):
    bundles_service = client.app.state.bundles
    crit = f"identifier={SYS}|SAME"

    def one(_: int) -> dict:
        p = urn()
        body = orjson.dumps(
            bundle(
                entry(
                    "POST",
                    "Patient",
                    patient(identifier=[{"system": SYS, "value": "SAME"}]),
                    full_url=p,
                    ifNoneExist=crit,
                ),
                entry("POST", "Observation", observation(p)),
            )
        )
        return bundles_service.process(body, orjson.loads(body))[0]

    with ThreadPoolExecutor(workers) as pool:
        responses = list(pool.map(one, range(workers * 2)))
    statuses = sorted(r["entry"][0]["response"]["status"] for r in responses)
    assert statuses == ["200 OK"] * (workers * 2 - 1) + ["201 Created"]
    assert total(client, f"Patient?{crit}") == 1
    locations = {r["entry"][0]["response"]["location"].split("/_history")[0] for r in responses}
    assert len(locations) == 1
    assert total(client, f"Observation?subject={locations.pop()}") == workers * 2
