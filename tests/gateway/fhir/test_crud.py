"""Create, read, vread, update, delete and their HTTP details, on both backends."""

from __future__ import annotations

import orjson
import pytest

from .helpers import FHIR, patient, post, put


def test_create_assigns_id_version_and_headers(client):
    r = post(client, "Patient", patient(id="client-chosen"))
    assert r.status_code == 201
    body = r.json()
    assert body["id"] != "client-chosen"
    assert body["meta"]["versionId"] == "1"
    assert r.headers["etag"] == 'W/"1"'
    assert r.headers["location"].endswith(f"/fhir/Patient/{body['id']}/_history/1")
    assert r.headers["last-modified"].endswith("GMT")
    assert r.headers["content-type"].startswith("application/fhir+json")


def test_plain_application_json_is_accepted(client):
    r = client.post("/fhir/Patient", content=orjson.dumps(patient()), headers={"content-type": "application/json"})
    assert r.status_code == 201


def test_read_returns_what_was_sent_byte_for_meaning(client):
    raw = (
        b'{"resourceType":"Observation","status":"final","code":{"text":"weight"},'
        b'"effectiveDateTime":"2024-03-01T10:00:00+00:00","issued":"2024-03-01T10:00:00.715Z",'
        b'"valueQuantity":{"value":81.50,"unit":"kg"}}'
    )
    created = client.post("/fhir/Observation", content=raw, headers=FHIR)
    assert created.status_code == 201
    text = client.get(f"/fhir/Observation/{created.json()['id']}").text
    assert '"effectiveDateTime":"2024-03-01T10:00:00+00:00"' in text
    assert '"issued":"2024-03-01T10:00:00.715Z"' in text
    assert '"value":81.50' in text


def test_read_unknown_id_is_404(client):
    r = client.get("/fhir/Patient/does-not-exist")
    assert r.status_code == 404
    assert r.json()["resourceType"] == "OperationOutcome"


def test_conditional_read_with_if_none_match(client):
    pid = post(client, "Patient", patient()).json()["id"]
    assert client.get(f"/fhir/Patient/{pid}", headers={"If-None-Match": 'W/"1"'}).status_code == 304
    assert client.get(f"/fhir/Patient/{pid}", headers={"If-None-Match": 'W/"7"'}).status_code == 200


def test_head_reads_headers_without_the_body(client):
    pid = post(client, "Patient", patient()).json()["id"]
    got, head = client.get(f"/fhir/Patient/{pid}"), client.head(f"/fhir/Patient/{pid}")
    assert head.status_code == 200 and head.content == b""
    for name in ("etag", "last-modified", "content-type", "content-length"):
        assert head.headers[name] == got.headers[name]
    assert client.head(f"/fhir/Patient/{pid}/_history/1").headers["etag"] == 'W/"1"'
    assert client.head(f"/fhir/Patient/{pid}", headers={"If-None-Match": 'W/"1"'}).status_code == 304
    assert client.head("/fhir/Patient/unknown").status_code == 404
    client.delete(f"/fhir/Patient/{pid}")
    assert client.head(f"/fhir/Patient/{pid}").status_code == 410


def test_update_creates_new_version(client):
    pid = post(client, "Patient", patient()).json()["id"]
    r = put(client, f"Patient/{pid}", patient(id=pid, gender="male"))
    assert r.status_code == 200
    assert r.json()["meta"]["versionId"] == "2"
    assert r.headers["etag"] == 'W/"2"'
    assert client.get(f"/fhir/Patient/{pid}").json()["gender"] == "male"
    assert client.get(f"/fhir/Patient/{pid}/_history/1").json()["gender"] == "female"


def test_update_with_client_id_creates(client):
    r = put(client, "Patient/mrn-0042", patient(id="mrn-0042"))
    assert r.status_code == 201
    assert r.json()["id"] == "mrn-0042"
    assert client.get("/fhir/Patient/mrn-0042").status_code == 200


def test_update_id_must_match_url(client):
    r = put(client, "Patient/a1", patient(id="b2"))
    assert r.status_code == 400
    r = put(client, "Patient/a1", patient())
    assert r.status_code == 400


def test_if_match_optimistic_locking(client):
    pid = post(client, "Patient", patient()).json()["id"]
    ok = put(client, f"Patient/{pid}", patient(id=pid, gender="other"), **{"If-Match": 'W/"1"'})
    assert ok.status_code == 200
    stale = put(client, f"Patient/{pid}", patient(id=pid, gender="male"), **{"If-Match": 'W/"1"'})
    assert stale.status_code == 412
    assert client.get(f"/fhir/Patient/{pid}").json()["gender"] == "other"


def test_delete_then_read_is_gone(client):
    pid = post(client, "Patient", patient()).json()["id"]
    assert client.delete(f"/fhir/Patient/{pid}").status_code == 204
    r = client.get(f"/fhir/Patient/{pid}")
    assert r.status_code == 410
    assert r.json()["issue"][0]["code"] == "deleted"
    assert client.get(f"/fhir/Patient/{pid}/_history/2").status_code == 410
    assert client.get(f"/fhir/Patient/{pid}/_history/1").status_code == 200
    assert client.delete(f"/fhir/Patient/{pid}").status_code == 204  # idempotent


def test_if_modified_since(client):
    created = post(client, "Patient", patient())
    pid, last_modified = created.json()["id"], created.headers["last-modified"]
    assert client.get(f"/fhir/Patient/{pid}", headers={"if-modified-since": last_modified}).status_code == 304
    old = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert client.get(f"/fhir/Patient/{pid}", headers={"if-modified-since": old}).status_code == 200
    assert client.get(f"/fhir/Patient/{pid}", headers={"if-modified-since": "not a date"}).status_code == 200
    both = {"if-modified-since": last_modified, "if-none-match": 'W/"9"'}  # If-None-Match decides alone
    assert client.get(f"/fhir/Patient/{pid}", headers=both).status_code == 200
    caps = client.get("/fhir/metadata").json()["rest"][0]["resource"]
    assert {r["conditionalRead"] for r in caps} == {"full-support"}


def test_conditional_writes_need_a_criterion_with_a_value(client):
    pid = post(client, "Patient", patient()).json()["id"]
    assert client.delete("/fhir/Patient?_count=1").status_code == 400
    assert post(client, "Patient", patient(), **{"if-none-exist": "identifier="}).status_code == 400
    assert client.get(f"/fhir/Patient/{pid}").status_code == 200
    assert client.get("/fhir/Patient").json()["total"] == 1


def test_if_match_guards_a_delete(client):
    pid = post(client, "Patient", patient()).json()["id"]
    r = client.delete(f"/fhir/Patient/{pid}", headers={"if-match": 'W/"3"'})
    assert r.status_code == 412
    assert r.json()["resourceType"] == "OperationOutcome"
    assert client.get(f"/fhir/Patient/{pid}").status_code == 200
    assert client.delete(f"/fhir/Patient?_id={pid}", headers={"if-match": 'W/"2"'}).status_code == 412
    assert client.delete(f"/fhir/Patient/{pid}", headers={"if-match": 'W/"1"'}).status_code == 204
    assert client.get(f"/fhir/Patient/{pid}").status_code == 410


def test_update_after_delete_revives(client):
    pid = post(client, "Patient", patient()).json()["id"]
    client.delete(f"/fhir/Patient/{pid}")
    r = put(client, f"Patient/{pid}", patient(id=pid))
    assert r.status_code == 200
    assert r.json()["meta"]["versionId"] == "3"


def test_vread_unknown_version_is_404(client):
    pid = post(client, "Patient", patient()).json()["id"]
    assert client.get(f"/fhir/Patient/{pid}/_history/9").status_code == 404
    assert client.get(f"/fhir/Patient/{pid}/_history/abc").status_code == 404


def test_meta_tags_and_profiles_sent_are_kept(client):
    meta = {"versionId": "99", "lastUpdated": "2001-01-01T00:00:00Z", "tag": [{"system": "urn:t", "code": "x"}]}
    body = post(client, "Patient", patient(meta=meta)).json()
    assert body["meta"]["versionId"] == "1"
    assert body["meta"]["lastUpdated"] != "2001-01-01T00:00:00Z"
    assert body["meta"]["tag"] == [{"system": "urn:t", "code": "x"}]


@pytest.mark.parametrize(
    ("prefer", "has_body", "kind"),
    [
        ("return=minimal", False, None),
        ("return=representation", True, "Patient"),
        ("return=OperationOutcome", True, "OperationOutcome"),
        (None, True, "Patient"),
    ],
)
def test_prefer_return(client, prefer, has_body, kind):
    headers = {"Prefer": prefer} if prefer else {}
    r = post(client, "Patient", patient(), **headers)
    assert r.status_code == 201
    assert r.headers["location"]
    if has_body:
        assert r.json()["resourceType"] == kind
    else:
        assert r.content == b""


def test_prefer_applies_to_update(client):
    pid = post(client, "Patient", patient()).json()["id"]
    r = put(client, f"Patient/{pid}", patient(id=pid), Prefer="return=minimal")
    assert r.status_code == 200 and r.content == b"" and r.headers["etag"] == 'W/"2"'


def test_every_resource_type_is_served(client):
    for rtype, body in [
        ("Organization", {"resourceType": "Organization", "name": "Sunrise Home Health"}),
        ("Device", {"resourceType": "Device", "status": "active"}),
        ("Basic", {"resourceType": "Basic", "code": {"text": "note"}}),
    ]:
        r = post(client, rtype, body)
        assert r.status_code == 201, r.text
        assert client.get(f"/fhir/{rtype}/{r.json()['id']}").status_code == 200
