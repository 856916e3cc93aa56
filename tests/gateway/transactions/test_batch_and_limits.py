"""Batches are entry-by-entry; limits answer 413; referral messages are stored with their Bundle."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from gateway.app import create_app

from ..fhir.helpers import outcome_expressions, patient, post
from .helpers import bundle, entry, observation, send, total, urn


def test_batch_entries_succeed_or_fail_independently(client):
    p = urn()
    r = send(
        client,
        bundle(
            entry("POST", "Patient", patient(family="Kept"), full_url=p),
            entry("POST", "Observation", observation(p, status="bogus")),
            entry("POST", "Observation", observation(p)),
            entry("GET", "Patient/missing"),
            kind="batch",
        ),
    )
    assert r.status_code == 200
    body = r.json()
    assert body["type"] == "batch-response"
    assert [e["response"]["status"] for e in body["entry"]] == [
        "201 Created",
        "422 Unprocessable Entity",
        "201 Created",
        "404 Not Found",
    ]
    outcome = body["entry"][1]["response"]["outcome"]
    assert "Bundle.entry[1].resource.status" in outcome["issue"][0]["expression"]
    assert total(client, "Patient?family=Kept") == 1
    assert total(client, "Observation") == 1


def test_response_entries_carry_location_etag_and_last_modified(client):
    r = send(client, bundle(entry("POST", "Patient", patient())), prefer="return=minimal")
    response = r.json()["entry"][0]["response"]
    assert response["status"] == "201 Created"
    assert response["location"].startswith("Patient/") and response["location"].endswith("/_history/1")
    assert response["etag"] == 'W/"1"'
    assert response["lastModified"].endswith("Z")
    assert "resource" not in r.json()["entry"][0]


@pytest.mark.parametrize("kind", ["transaction", "batch"])
def test_prefer_operation_outcome_says_what_each_entry_did(client, kind):
    sys = "http://homecare.example.org/fhir/sid/mrn"
    pid = post(client, "Patient", patient(identifier=[{"system": sys, "value": "OO-1"}])).json()["id"]
    gone = post(client, "Patient", patient(family="Leaving")).json()["id"]
    r = send(
        client,
        bundle(
            entry("POST", "Patient", patient(), ifNoneExist=f"identifier={sys}|OO-1"),
            entry("POST", "Patient", patient(family="Fresh")),
            entry("DELETE", f"Patient/{gone}"),
            kind=kind,
        ),
        prefer="return=OperationOutcome",
    )
    assert r.status_code == 200, r.text
    entries = r.json()["entry"]
    assert all("resource" not in e for e in entries)
    issues = [e["response"]["outcome"]["issue"][0] for e in entries]
    assert {i["severity"] for i in issues} == {"information"}
    assert [i["diagnostics"].split()[0] for i in issues] == ["Matched", "Created", "Deleted"]
    assert f"Patient/{pid}" in issues[0]["diagnostics"] and f"Patient/{gone}" in issues[2]["diagnostics"]


@pytest.fixture
def small_client(settings):
    with TestClient(create_app(settings.model_copy(update={"max_bundle_entries": 3}))) as c:
        yield c


@pytest.mark.parametrize("kind", ["transaction", "batch"])
def test_too_many_entries_is_413(small_client, kind):
    r = send(small_client, bundle(*[entry("POST", "Patient", patient()) for _ in range(4)], kind=kind))
    assert r.status_code == 413
    assert r.json()["issue"][0]["code"] == "too-costly"
    assert total(small_client, "Patient") == 0


@pytest.mark.parametrize(
    ("body", "expression"),
    [
        ({"resourceType": "Patient"}, "Bundle"),
        ({"resourceType": "Bundle", "type": "searchset"}, "Bundle.type"),
        (bundle({"request": {"method": "FETCH", "url": "Patient"}}), "Bundle.entry[0].request.method"),
        (bundle(entry("POST", "Nonsense", {"resourceType": "Nonsense"})), "Bundle.entry[0].request.url"),
        (bundle(entry("PUT", "Patient", patient())), "Bundle.entry[0].request.url"),
        (bundle(entry("POST", "Patient", observation("Patient/1"))), "Bundle.entry[0].resource.resourceType"),
        (bundle(entry("PUT", "Patient/a", patient(id="b"))), "Bundle.entry[0].resource.id"),
        (bundle(entry("PUT", "Patient/a/_history/1", patient(id="a"))), "Bundle.entry[0].request.url"),
    ],
    ids=[
        "not-a-bundle",
        "wrong-type",
        "bad-method",
        "bad-type",
        "put-without-id",
        "type-mismatch",
        "id-mismatch",
        "put-to-a-version",
    ],
)
def test_malformed_bundles_are_400_pointing_at_the_element(client, body, expression):
    r = send(client, body)
    assert r.status_code == 400
    assert outcome_expressions(r) == [expression]


def _message(event_code: str) -> dict:
    p = urn()
    header = {
        "resourceType": "MessageHeader",
        "id": "hdr-1",
        "eventCoding": {"system": "http://example.org/fhir/message-events", "code": event_code},
        "source": {"endpoint": "http://ehr.example.org/fhir"},
        "focus": [{"reference": "ServiceRequest/sr-1"}],
    }
    order = {
        "resourceType": "ServiceRequest",
        "id": "sr-1",
        "status": "active",
        "intent": "order",
        "subject": {"reference": p},
    }
    return {
        "resourceType": "Bundle",
        "type": "message",
        "timestamp": "2024-05-01T10:00:00Z",
        "entry": [
            {"fullUrl": "http://ehr.example.org/fhir/MessageHeader/hdr-1", "resource": header},
            {"fullUrl": "http://ehr.example.org/fhir/ServiceRequest/sr-1", "resource": order},
            {"fullUrl": p, "resource": patient(family="Referred")},
        ],
    }


def test_referral_message_content_and_bundle_are_stored(client):
    r = send(client, _message("referral-request"))
    assert r.status_code == 200, r.text
    reply = r.json()
    assert reply["type"] == "message"
    assert reply["entry"][0]["resource"]["response"] == {"identifier": "hdr-1", "code": "ok"}
    order = client.get("/fhir/ServiceRequest/sr-1").json()
    pid = order["subject"]["reference"]
    assert client.get(f"/fhir/{pid}").json()["name"][0]["family"] == "Referred"
    kept = client.get("/fhir" + r.headers["location"].split("/fhir", 1)[1]).json()
    assert kept["type"] == "message"
    assert kept["entry"][1]["resource"]["subject"]["reference"] == pid


def test_other_messages_are_refused(client):
    r = send(client, _message("diagnostic-report"))
    assert r.status_code == 400
    assert outcome_expressions(r) == ["Bundle.entry[0].resource.eventCoding"]
    assert total(client, "ServiceRequest") == 0
