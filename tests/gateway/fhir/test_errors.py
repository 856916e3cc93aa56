"""Every error is an OperationOutcome with the right status; no input yields a 500."""

from __future__ import annotations

import orjson
import pytest
from fastapi.testclient import TestClient

from gateway.app import create_app

from .helpers import FHIR, outcome_expressions, patient, post, put


def test_malformed_json_is_400(client):
    r = client.post("/fhir/Patient", content=b'{"resourceType": "Patient",', headers=FHIR)
    assert r.status_code == 400
    assert r.json()["resourceType"] == "OperationOutcome"


@pytest.mark.parametrize(
    ("resource", "expression"),
    [
        ({"resourceType": "Patient", "gender": "bogus"}, "Patient.gender"),
        ({"resourceType": "Patient", "active": "yes"}, "Patient.active"),
        ({"resourceType": "Patient", "favouriteColour": "blue"}, "Patient.favouriteColour"),
        ({"resourceType": "Patient", "birthDate": "1950-13-45"}, "Patient.birthDate"),
        ({"resourceType": "Patient", "name": [{"given": "Ana"}]}, "Patient.name[0].given"),
        ({"resourceType": "Patient", "name": [{"use": "nickname-ish"}]}, "Patient.name[0].use"),
        ({"resourceType": "Observation", "code": {"text": "x"}}, "Observation.status"),
        ({"resourceType": "Observation", "status": "done", "code": {"text": "x"}}, "Observation.status"),
        (
            {"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueQuantity": {"value": "7"}},
            "Observation.valueQuantity.value",
        ),
        ({"resourceType": "Patient", "multipleBirthInteger": "2"}, "Patient.multipleBirthInteger"),
        ({"resourceType": "Patient", "telecom": None}, "Patient.telecom"),  # was stored with its null
        ({"resourceType": "Patient", "gender": ""}, "Patient.gender"),
        ({"resourceType": "Patient", "identifier": []}, "Patient.identifier"),
        ({"resourceType": "Patient", "managingOrganization": {}}, "Patient.managingOrganization"),
        ({"resourceType": "Patient", "contact": [{}]}, "Patient.contact[0]"),
        ({"resourceType": "Patient", "name": [{"given": ["Ana", None]}]}, "Patient.name[0].given[1]"),
        (  # a null list inside a data type reached the indexer and was a 500
            {"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "category": [{"coding": None}]},
            "Observation.category[0].coding",
        ),
    ],
)
def test_invalid_resource_names_the_element(client, resource, expression):
    r = post(client, resource["resourceType"], resource)
    assert r.status_code == 422, r.text
    assert expression in outcome_expressions(r)


def test_null_holds_the_place_of_a_primitive_that_has_only_an_extension(client):
    nickname = {"url": "http://example.org/fhir/StructureDefinition/nickname", "valueBoolean": True}
    resource = {
        "resourceType": "Patient",
        "name": [{"given": ["Ana", None], "_given": [None, {"extension": [nickname]}]}],
    }
    r = post(client, "Patient", resource)
    assert r.status_code == 201, r.text
    assert r.json()["name"][0]["_given"][1]["extension"] == [nickname]


def test_type_mismatch_and_missing_resource_type_are_400(client):
    assert post(client, "Patient", {"resourceType": "Observation", "status": "final", "code": {}}).status_code == 400
    assert post(client, "Patient", {"name": [{"family": "X"}]}).status_code == 400


def test_unknown_type_is_404(client):
    assert client.get("/fhir/Spaceship/1").status_code == 404
    assert client.get("/fhir/Spaceship").status_code == 404
    assert post(client, "Spaceship", {"resourceType": "Spaceship"}).status_code == 404


def test_method_not_allowed_is_405(client):
    pid = post(client, "Patient", patient()).json()["id"]
    r = client.patch("/fhir/Patient", content=b"[]", headers={"content-type": "application/json-patch+json"})
    assert r.status_code == 405  # a type-level PATCH needs criteria
    assert r.json()["resourceType"] == "OperationOutcome"
    assert client.post(f"/fhir/Patient/{pid}", content=orjson.dumps(patient()), headers=FHIR).status_code == 405
    assert client.delete("/fhir/Patient").status_code == 405


def test_conflict_is_409(client):
    put(client, "Patient/p-1", patient(id="p-1", identifier=[{"system": "urn:mrn", "value": "A"}]))
    # conditional update whose criteria match nothing, but whose body id names an existing resource
    r = put(client, "Patient?identifier=urn:mrn|ZZZ", patient(id="p-1"))
    assert r.status_code == 409


def test_stale_if_match_is_412_and_bad_etag_is_400(client):
    pid = post(client, "Patient", patient()).json()["id"]
    assert put(client, f"Patient/{pid}", patient(id=pid), **{"If-Match": 'W/"5"'}).status_code == 412
    assert put(client, f"Patient/{pid}", patient(id=pid), **{"If-Match": "nonsense"}).status_code == 400
    assert put(client, "Patient/never-was", patient(id="never-was"), **{"If-Match": 'W/"1"'}).status_code == 412


def test_wrong_content_type_is_415(client):
    r = client.post("/fhir/Patient", content=b"<Patient/>", headers={"content-type": "application/fhir+xml"})
    assert r.status_code == 415


def test_xml_only_accept_is_406(client):
    assert client.get("/fhir/metadata", headers={"accept": "application/fhir+xml"}).status_code == 406


def test_body_too_large_is_413(settings):
    small = settings.model_copy(update={"max_body_bytes": 2000})
    with TestClient(create_app(small)) as c:
        big = patient(text={"status": "generated", "div": "<div>" + "x" * 5000 + "</div>"})
        r = c.post("/fhir/Patient", content=orjson.dumps(big), headers=FHIR)
        assert r.status_code == 413
        assert r.json()["issue"][0]["code"] == "too-costly"


def test_failed_write_changes_nothing(client):
    pid = post(client, "Patient", patient()).json()["id"]
    bad = patient(id=pid, gender="bogus")
    assert put(client, f"Patient/{pid}", bad).status_code == 422
    history = client.get(f"/fhir/Patient/{pid}/_history").json()
    assert history["total"] == 1
    assert client.get("/fhir/Patient?gender=bogus").json()["total"] == 0


@pytest.mark.parametrize(
    "body",
    [
        b"[]",
        b'"text"',
        b"null",
        b"42",
        b'{"resourceType": 7}',
        b'{"resourceType": "Patient", "id": 5}',
        b'{"resourceType": "Patient", "name": "x"}',
        b'{"resourceType": "Patient", "contained": [7]}',
        b'{"resourceType": "Patient", "id": "has space"}',
        b"\xff\xfe",
        b"{}",
        b"",
        b'{"resourceType": "Patient", "birthDate": 1950}',
        b'{"resourceType":"Patient","extension":[{"url":1}]}',
        b'{"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {"resourceType": "Nope"}}]}',
        b'{"resourceType":"Patient","deceasedBoolean":true,"deceasedDateTime":"2020"}',
    ],
)
def test_odd_bodies_never_500(client, body):
    r = client.post("/fhir/Patient", content=body, headers=FHIR)
    assert 400 <= r.status_code < 500, r.text
    assert r.json()["resourceType"] == "OperationOutcome"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/fhir/Patient?identifier=%00", None),
        ("GET", "/fhir/Patient?family=a%00b", None),
        ("GET", "/fhir/Patient/a%00b", None),
        ("POST", "/fhir/Patient", b'{"resourceType":"Patient","name":[{"family":"a\\u0000b"}]}'),
        ("POST", "/fhir/Patient", b"[" * 5000 + b"]" * 5000),
        ("POST", "/fhir/Patient", b'{"resourceType":"Patient","extension":' + b'[{"url":"x","extension":' * 400
         + b"[]" + b"}]" * 400 + b"}"),
        ("POST", "/fhir", b'{"resourceType":"Bundle","type":"batch","entry":[{"resource":' + b"[" * 3000 + b"]" * 3000
         + b"}]}"),
    ],
)  # fmt: skip
def test_hostile_input_is_a_4xx_on_both_backends(client, method, path, body):
    """NUL (PostgreSQL cannot store it) and absurd nesting (recursion) once produced 500s."""
    r = client.request(method, path, content=body, headers=FHIR if body is not None else {})
    assert 400 <= r.status_code < 500, r.text
    assert r.json()["resourceType"] == "OperationOutcome"


def test_one_problem_is_reported_once(client):
    r = post(client, "Patient", {"resourceType": "Patient", "gender": "bogus"})
    assert r.status_code == 422
    assert outcome_expressions(r) == ["Patient.gender"]


BOTH_VALUE_AND_EXTENSIONS = {"url": "http://x", "valueString": "a", "extension": [{"url": "y", "valueString": "b"}]}


@pytest.mark.parametrize(
    ("resource", "constraint"),
    [
        (patient(name=[{"family": "X", "period": {"start": "2020-02-01", "end": "2020-01-01"}}]), "per-1"),
        (patient(identifier=[{"value": "1", "period": {"start": "2021", "end": "2020"}}]), "per-1"),
        (patient(maritalStatus={"coding": [{"code": "M", "extension": [BOTH_VALUE_AND_EXTENSIONS]}]}), "ext-1"),
        (patient(telecom=[{"value": "555"}]), "cpt-2"),
    ],
)  # fmt: skip
def test_invariants_inside_data_types_are_enforced_on_write(client, resource, constraint):
    r = post(client, "Patient", resource)
    assert r.status_code == 422, r.text
    assert any(constraint in i["diagnostics"] for i in r.json()["issue"]), r.json()
