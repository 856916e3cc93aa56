"""PATCH entries: a Binary holding a JSON Patch, processed with the updates, all-or-nothing in a
transaction and on their own in a batch."""

from __future__ import annotations

import base64
from typing import Any

import orjson

from ..fhir.helpers import outcome_expressions, patient, post
from .helpers import bundle, entry, ids, send, total, urn

SYS = "http://homecare.example.org/fhir/sid/mrn"


def binary(ops: list[dict[str, Any]]) -> dict[str, Any]:
    data = base64.b64encode(orjson.dumps(ops)).decode()
    return {"resourceType": "Binary", "contentType": "application/json-patch+json", "data": data}


def _patient(client, mrn: str) -> str:
    return post(client, "Patient", patient(identifier=[{"system": SYS, "value": mrn}])).json()["id"]


def test_patch_entry_can_point_at_a_resource_created_in_the_transaction(client):
    pid = _patient(client, "M1")
    o = urn()
    org = {"resourceType": "Organization", "name": "Elm Street Home Health"}
    r = send(
        client,
        bundle(
            entry(
                "PATCH",
                f"Patient/{pid}",
                binary([{"op": "add", "path": "/managingOrganization", "value": {"reference": o}}]),
            ),
            entry("POST", "Organization", org, full_url=o),
        ),
    )
    assert r.status_code == 200, r.text
    assert [e["response"]["status"] for e in r.json()["entry"]] == ["200 OK", "201 Created"]
    assert r.json()["entry"][0]["response"]["etag"] == 'W/"2"'
    assert client.get(f"/fhir/Patient/{pid}").json()["managingOrganization"]["reference"] == ids(r)[1]


def test_conditional_patch_entry(client):
    pid = _patient(client, "M2")
    ops = [{"op": "replace", "path": "/gender", "value": "other"}]
    r = send(client, bundle(entry("PATCH", f"Patient?identifier={SYS}|M2", binary(ops))))
    assert r.status_code == 200, r.text
    assert client.get(f"/fhir/Patient/{pid}").json()["gender"] == "other"


def test_a_failing_patch_rolls_the_transaction_back(client):
    pid = _patient(client, "M3")
    r = send(
        client,
        bundle(
            entry("POST", "Patient", patient(family="New")),
            entry("PATCH", f"Patient/{pid}", binary([{"op": "test", "path": "/gender", "value": "male"}])),
        ),
    )
    assert r.status_code == 422
    assert outcome_expressions(r)[0].startswith("Bundle.entry[1]")
    assert total(client, "Patient") == 1
    assert client.get(f"/fhir/Patient/{pid}").json()["meta"]["versionId"] == "1"


def test_batch_reports_a_failing_patch_in_its_entry(client):
    pid = _patient(client, "M4")
    r = send(
        client,
        bundle(
            entry("PATCH", f"Patient/{pid}", binary([{"op": "replace", "path": "/gender", "value": "unknown"}])),
            entry("PATCH", "Patient/missing", binary([{"op": "replace", "path": "/gender", "value": "male"}])),
            kind="batch",
        ),
    )
    assert r.status_code == 200
    assert [e["response"]["status"][:3] for e in r.json()["entry"]] == ["200", "404"]
    assert client.get(f"/fhir/Patient/{pid}").json()["gender"] == "unknown"


def test_patch_entry_needs_a_json_patch_binary(client):
    pid = _patient(client, "M5")
    fhirpath = {"resourceType": "Parameters", "parameter": [{"name": "operation"}]}
    r = send(client, bundle(entry("PATCH", f"Patient/{pid}", fhirpath)))
    assert r.status_code == 415 and "FHIRPath Patch" in r.text
    assert outcome_expressions(r) == ["Bundle.entry[0].resource"]
    wrong = {"resourceType": "Binary", "contentType": "application/pdf", "data": "JVBERi0="}
    r = send(client, bundle(entry("PATCH", f"Patient/{pid}", wrong)))
    assert r.status_code == 400
    assert outcome_expressions(r) == ["Bundle.entry[0].resource"]
