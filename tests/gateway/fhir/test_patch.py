"""The patch interaction (JSON Patch) on both backends: a patched resource is a new version like any
update (validated, indexed, If-Match aware); a patch that fails or breaks the resource changes nothing."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from .helpers import FHIR, patient, post

JSON_PATCH = {"content-type": "application/json-patch+json"}
SYS = "http://homecare.example.org/fhir/sid/mrn"
OBSERVATION = (
    b'{"resourceType":"Observation","status":"preliminary","code":{"text":"weight"},'
    b'"valueQuantity":{"value":61.50,"unit":"kg"}}'
)


def _patch(client, path: str, ops: list[dict[str, Any]], **headers: str) -> Any:
    return client.patch(f"/fhir/{path}", content=orjson.dumps(ops), headers={**JSON_PATCH, **headers})


@pytest.fixture
def obs_id(client) -> str:
    r = client.post("/fhir/Observation", content=OBSERVATION, headers=FHIR)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def test_patch_writes_the_next_version_and_reindexes(client, obs_id):
    ops = [
        {"op": "replace", "path": "/status", "value": "final"},
        {"op": "add", "path": "/note", "value": [{"text": "after PT"}]},
    ]
    r = _patch(client, f"Observation/{obs_id}", ops)
    assert r.status_code == 200, r.text
    assert r.headers["etag"] == 'W/"2"'
    stored = client.get(f"/fhir/Observation/{obs_id}")
    assert stored.json()["status"] == "final" and stored.json()["note"] == [{"text": "after PT"}]
    assert '"value":61.50' in stored.text  # untouched decimals keep the literal the EHR sent
    assert client.get("/fhir/Observation?status=final").json()["total"] == 1
    assert client.get("/fhir/Observation?status=preliminary").json()["total"] == 0
    history = client.get(f"/fhir/Observation/{obs_id}/_history").json()
    assert [e["request"]["method"] for e in history["entry"]] == ["PATCH", "POST"]


@pytest.mark.parametrize(
    ("ops", "status"),
    [
        ([{"op": "test", "path": "/status", "value": "final"}, {"op": "remove", "path": "/code"}], 422),
        ([{"op": "replace", "path": "/status", "value": "bogus"}], 422),  # the result must validate
        ([{"op": "remove", "path": "/code"}], 422),  # Observation.code is required
        ([{"op": "replace", "path": "/id", "value": "other"}], 422),
        ([{"op": "remove", "path": "/nothing/here"}], 422),
        ([{"op": "frobnicate", "path": "/status"}], 400),
        ({"op": "replace"}, 400),
    ],
    ids=["test-fails", "invalid-code", "required-removed", "id-changed", "missing-path", "unknown-op", "not-a-list"],
)
def test_a_failing_patch_changes_nothing(client, obs_id, ops, status):
    r = client.patch(f"/fhir/Observation/{obs_id}", content=orjson.dumps(ops), headers=JSON_PATCH)
    assert r.status_code == status, r.text
    assert r.json()["resourceType"] == "OperationOutcome"
    assert client.get(f"/fhir/Observation/{obs_id}").json()["meta"]["versionId"] == "1"


def test_if_match(client, obs_id):
    op = [{"op": "replace", "path": "/status", "value": "final"}]
    assert _patch(client, f"Observation/{obs_id}", op, **{"if-match": 'W/"7"'}).status_code == 412
    assert _patch(client, f"Observation/{obs_id}", op, **{"if-match": 'W/"1"'}).status_code == 200


def test_unknown_and_deleted_resources(client, obs_id):
    op = [{"op": "replace", "path": "/status", "value": "final"}]
    assert _patch(client, "Observation/no-such-id", op).status_code == 404
    assert client.delete(f"/fhir/Observation/{obs_id}").status_code == 204
    assert _patch(client, f"Observation/{obs_id}", op).status_code == 410


def test_fhirpath_patch_is_refused_by_media_type(client, obs_id):
    params = {"resourceType": "Parameters", "parameter": [{"name": "operation"}]}
    r = client.patch(f"/fhir/Observation/{obs_id}", content=orjson.dumps(params), headers=FHIR)
    assert r.status_code == 415
    assert "FHIRPath Patch" in r.text


def test_conditional_patch(client):
    pid = post(client, "Patient", patient(identifier=[{"system": SYS, "value": "MRN-31"}])).json()["id"]
    op = [{"op": "add", "path": "/telecom", "value": [{"system": "phone", "value": "617-555-0100"}]}]
    r = _patch(client, f"Patient?identifier={SYS}|MRN-31", op)
    assert r.status_code == 200, r.text
    assert client.get(f"/fhir/Patient/{pid}").json()["telecom"][0]["value"] == "617-555-0100"
    assert _patch(client, f"Patient?identifier={SYS}|nobody", op).status_code == 404
    post(client, "Patient", patient(family="Rivera"))
    assert _patch(client, "Patient?family=Rivera", op).status_code == 412  # two match
    assert _patch(client, "Patient", op).status_code == 405


def test_capability_statement_offers_json_patch(client):
    cs = client.get("/fhir/metadata").json()
    assert cs["patchFormat"] == ["application/json-patch+json"]
    patient_caps = next(r for r in cs["rest"][0]["resource"] if r["type"] == "Patient")
    assert {"code": "patch"} in patient_caps["interaction"]
