"""$validate, write-time profile enforcement and the profiles served as resources, on SQLite and PostgreSQL."""

from __future__ import annotations

import orjson
import pytest
from fastapi.testclient import TestClient

from gateway.app import create_app
from gateway.settings import Settings
from tests.gateway.fhir.helpers import FHIR, outcome_expressions, patient, post
from tests.gateway.validation.cases import DELETE, example, mutate

HC = "http://homecare.example.org/fhir/StructureDefinition"
REFERRAL = "ServiceRequest-home-referral-example"


def validate(client: TestClient, path: str, body: dict, **params: str) -> dict:
    r = client.post(f"/fhir/{path}/$validate", content=orjson.dumps(body), headers=FHIR, params=params)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/fhir+json")
    return r.json()


def severities(outcome: dict) -> set[str]:
    return {i["severity"] for i in outcome["issue"]}


def test_valid_resource_gets_all_ok(client: TestClient) -> None:
    outcome = validate(client, "Patient", patient())
    assert outcome["issue"] == [{"severity": "information", "code": "informational", "diagnostics": "All OK"}]


def test_bare_resource_with_errors_reports_expression(client: TestClient) -> None:
    bad = mutate(example(REFERRAL), "requester", DELETE)
    outcome = validate(client, "ServiceRequest", bad)
    errors = [i for i in outcome["issue"] if i["severity"] == "error"]
    assert errors and errors[0]["code"] == "required"
    assert errors[0]["expression"] == ["ServiceRequest.requester"]


def test_parameters_with_profile_parameter(client: TestClient) -> None:
    resource = mutate(example(REFERRAL), "meta", DELETE)
    resource = mutate(resource, "reasonCode", DELETE)
    body = {
        "resourceType": "Parameters",
        "parameter": [
            {"name": "resource", "resource": resource},
            {"name": "profile", "valueUri": f"{HC}/home-referral"},
        ],
    }
    outcome = validate(client, "ServiceRequest", body)
    assert any(i.get("expression") == ["ServiceRequest.reasonCode"] for i in outcome["issue"])
    assert severities(validate(client, "ServiceRequest", resource)) == {"information"}  # core R4 only


def test_must_support_reported_as_information(client: TestClient) -> None:
    outcome = validate(client, "ServiceRequest", example(REFERRAL))
    notes = [i for i in outcome["issue"] if i["severity"] == "information"]
    assert any(i["expression"] == ["ServiceRequest.note"] for i in notes)


def test_unknown_profile_parameter_is_an_error(client: TestClient) -> None:
    outcome = validate(client, "Patient", patient(), profile="http://example.org/StructureDefinition/nope")
    assert any(i["severity"] == "error" and i["code"] == "not-supported" for i in outcome["issue"])


def test_instance_validate_uses_stored_resource(client: TestClient) -> None:
    created = post(client, "Patient", patient()).json()
    r = client.post(f"/fhir/Patient/{created['id']}/$validate", headers=FHIR)
    assert r.status_code == 200
    assert r.json()["issue"][0]["diagnostics"] == "All OK"
    mismatch = validate(client, "Patient", patient())  # type-level still works next to instance-level
    assert mismatch["issue"][0]["diagnostics"] == "All OK"


def test_instance_validate_rejects_other_id(client: TestClient) -> None:
    r = client.post("/fhir/Patient/p1/$validate", content=orjson.dumps(patient(id="p2")), headers=FHIR)
    assert r.status_code == 400


def test_validate_wrong_type_is_bad_request(client: TestClient) -> None:
    r = client.post("/fhir/Patient/$validate", content=orjson.dumps(example(REFERRAL)), headers=FHIR)
    assert r.status_code == 400


def test_write_claiming_profile_is_rejected_with_same_outcome(client: TestClient) -> None:
    bad = mutate(example(REFERRAL), "code.coding[0].code", "massage")
    r = post(client, "ServiceRequest", bad)
    assert r.status_code == 422
    assert outcome_expressions(r) == ["ServiceRequest.code"]
    validated = validate(client, "ServiceRequest", bad)
    assert [i for i in validated["issue"] if i["severity"] == "error"] == r.json()["issue"]


def test_write_of_valid_profiled_resource_is_stored(client: TestClient) -> None:
    assert post(client, "ServiceRequest", example(REFERRAL)).status_code == 201


def test_base_invariant_enforced_on_write(client: TestClient) -> None:
    r = post(client, "Patient", patient(contact=[{"gender": "female"}]))
    assert r.status_code == 422
    assert "pat-1" in r.json()["issue"][0]["diagnostics"]
    assert outcome_expressions(r) == ["Patient.contact[0]"]


@pytest.mark.parametrize("rtype", ["StructureDefinition", "ValueSet", "CodeSystem", "SearchParameter"])
def test_conformance_resources_are_served(client: TestClient, rtype: str) -> None:
    bundle = client.get(f"/fhir/{rtype}").json()
    urls = {e["resource"]["url"] for e in bundle.get("entry", [])}
    assert urls and all(u.startswith("http://homecare.example.org/fhir/") for u in urls)


def test_profile_found_by_url(client: TestClient) -> None:
    bundle = client.get("/fhir/StructureDefinition", params={"url": f"{HC}/home-visit"}).json()
    assert [e["resource"]["id"] for e in bundle["entry"]] == ["home-visit"]
    assert bundle["entry"][0]["resource"]["snapshot"]["element"]


def test_conformance_storing_is_idempotent(settings: Settings) -> None:
    for _ in range(2):
        with TestClient(create_app(settings)) as c:
            sd = c.get("/fhir/StructureDefinition/home-referral").json()
    assert sd["meta"]["versionId"] == "1"


def test_metadata_lists_profiles_and_validate(client: TestClient) -> None:
    resources = {r["type"]: r for r in client.get("/fhir/metadata").json()["rest"][0]["resource"]}
    assert f"{HC}/home-referral" in resources["ServiceRequest"]["supportedProfile"]
    assert f"{HC}/home-visit" in resources["Encounter"]["supportedProfile"]
    assert any(o["name"] == "validate" for o in resources["Patient"]["operation"])


def test_discipline_search_parameter(client: TestClient) -> None:
    post(client, "ServiceRequest", example(REFERRAL))
    assert client.get("/fhir/ServiceRequest", params={"discipline": "physical-therapy"}).json()["total"] == 1
    assert client.get("/fhir/ServiceRequest", params={"discipline": "home-infusion"}).json()["total"] == 0


def test_required_profiles_setting_applies_without_claim(settings: Settings) -> None:
    required = settings.model_copy(update={"required_profiles": {"ServiceRequest": [f"{HC}/home-referral"]}})
    plain = mutate(mutate(example(REFERRAL), "meta", DELETE), "requester", DELETE)
    with TestClient(create_app(required)) as c:
        r = post(c, "ServiceRequest", plain)
    assert r.status_code == 422
    assert "ServiceRequest.requester" in outcome_expressions(r)
