"""The domain API end to end, on both backends: create, read back, identity reuse, the queue."""

from __future__ import annotations

import orjson
import pytest

from gateway.domain.careplan import CarePlan
from gateway.domain.infusion import InfusionOrder
from gateway.domain.referral import Referral
from gateway.domain.visit import Visit
from tests.gateway.fhir.helpers import FHIR

from .examples import care_plan, infusion_order, referral, visit


def total(client, query: str) -> int:
    return client.get(f"/fhir/{query}&_summary=count" if "?" in query else f"/fhir/{query}?_summary=count").json()[
        "total"
    ]


@pytest.fixture
def referred(client):
    r = client.post("/api/referrals", json=referral())
    assert r.status_code == 201, r.text
    return r.json()


def test_create_referral_returns_ids_of_every_resource(client, referred):
    fhir = referred["fhir"]
    assert fhir["ServiceRequest"] == f"ServiceRequest/{referred['id']}"
    for rtype in ("Patient", "Practitioner", "PractitionerRole", "Coverage", "Condition"):
        assert client.get(f"/fhir/{fhir[rtype]}").status_code == 200, rtype
    sr = client.get(f"/fhir/ServiceRequest/{referred['id']}").json()
    assert sr["meta"]["profile"] == ["http://homecare.example.org/fhir/StructureDefinition/home-referral"]


def test_referral_reads_back_as_sent(client, referred):
    got = client.get(f"/api/referrals/{referred['id']}")
    assert got.status_code == 200
    assert Referral.model_validate(got.json()) == Referral.model_validate(referral())


def test_repeat_referral_reuses_patient(client, referred):
    again = client.post("/api/referrals", json=referral(service_type="occupational-therapy"))
    assert again.status_code == 201
    assert again.json()["fhir"]["Patient"] == referred["fhir"]["Patient"]
    assert again.json()["fhir"]["Practitioner"] == referred["fhir"]["Practitioner"]
    assert total(client, "Patient") == 1
    assert total(client, "ServiceRequest") == 2
    assert total(client, "Practitioner") == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (referral(service_type="massage"), "service_type"),
        (referral(patient={**referral()["patient"], "birth_date": "not a date"}), "patient.birth_date"),
        (referral(referring_provider={"name": "Dr X", "npi": "123"}), "referring_provider.npi"),
        (referral(insurance={"payer": "Medicare", "plan": "medicare-part-z", "member_id": "1"}), "insurance.plan"),
        (referral(favourite_colour="blue"), "favourite_colour"),
        ({"patient": referral()["patient"]}, "service_type"),
    ],
)
def test_malformed_referral_is_422_with_field_errors_and_stores_nothing(client, body, field):
    r = client.post("/api/referrals", json=body)
    assert r.status_code == 422
    expressions = [e for issue in r.json()["issue"] for e in issue.get("expression", [])]
    assert any(e == field or e.startswith(field) for e in expressions), expressions
    assert total(client, "Patient") == 0
    assert total(client, "ServiceRequest") == 0


def test_referral_queue_lists_received(client, referred):
    client.post("/api/referrals", json=referral(status="accepted", patient={**referral()["patient"], "mrn": "MRN-2"}))
    queue = client.get("/api/referrals?status=received").json()
    assert [item["id"] for item in queue] == [referred["id"]]
    assert queue[0]["patient"]["name"] == "Ana María Rivera"
    assert len(client.get("/api/referrals").json()) == 2


def test_inbound_ehr_referral_packet_lands_in_the_queue(client):
    packet = {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {
                "fullUrl": "urn:uuid:6f1c2a3e-0000-4000-8000-000000000001",
                "resource": {
                    "resourceType": "Patient",
                    "identifier": [{"system": "urn:oid:1.2.3.4.5", "value": "EHR-778"}],
                    "name": [{"family": "Nakamura", "given": ["Kenji"]}],
                    "gender": "male",
                    "address": [{"line": ["4 Pine Rd"], "city": "Salem", "state": "OR", "postalCode": "97301"}],
                },
                "request": {"method": "POST", "url": "Patient"},
            },
            {
                "fullUrl": "urn:uuid:6f1c2a3e-0000-4000-8000-000000000002",
                "resource": {
                    "resourceType": "Practitioner",
                    "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": "1098765432"}],
                    "name": [{"family": "Adeyemi", "given": ["Tola"], "prefix": ["Dr."]}],
                },
                "request": {"method": "POST", "url": "Practitioner"},
            },
            {
                "fullUrl": "urn:uuid:6f1c2a3e-0000-4000-8000-000000000003",
                "resource": {
                    "resourceType": "ServiceRequest",
                    "status": "active",
                    "intent": "order",
                    "code": {
                        "coding": [
                            {
                                "system": "http://homecare.example.org/fhir/CodeSystem/home-discipline",
                                "code": "skilled-nursing",
                            }
                        ]
                    },
                    "subject": {"reference": "urn:uuid:6f1c2a3e-0000-4000-8000-000000000001"},
                    "requester": {"reference": "urn:uuid:6f1c2a3e-0000-4000-8000-000000000002"},
                    "reasonCode": [{"text": "CHF exacerbation, daily weights and med teaching"}],
                },
                "request": {"method": "POST", "url": "ServiceRequest"},
            },
        ],
    }
    r = client.post("/fhir", content=orjson.dumps(packet), headers=FHIR)
    assert r.status_code == 200, r.text
    queue = client.get("/api/referrals?status=received").json()
    assert len(queue) == 1
    item = queue[0]
    assert item["service_type"] == "skilled-nursing"
    assert item["patient"]["name"] == "Kenji Nakamura"
    assert item["patient"]["mrn"] == "EHR-778"
    assert item["referring_provider"]["npi"] == "1098765432"
    assert item["reason"].startswith("CHF")


def test_care_plan_infusion_and_visit_round_trip(client, referred):
    patient = referred["fhir"]["Patient"]
    physician = referred["fhir"]["Practitioner"]
    cases = [
        ("care-plans", CarePlan, care_plan(patient, physician, referred["id"]), "CarePlan"),
        ("infusion-orders", InfusionOrder, infusion_order(patient, physician), "MedicationRequest"),
        ("visits", Visit, visit(patient, physician, referred["id"]), "Encounter"),
    ]
    for path, model, body, rtype in cases:
        created = client.post(f"/api/{path}", json=body)
        assert created.status_code == 201, (path, created.text)
        assert created.json()["fhir"][rtype] == f"{rtype}/{created.json()['id']}"
        got = client.get(f"/api/{path}/{created.json()['id']}")
        assert got.status_code == 200
        assert model.model_validate(got.json()) == model.model_validate(body), path


def test_visit_vitals_are_loinc_observations(client, referred):
    created = client.post("/api/visits", json=visit(referred["fhir"]["Patient"], referred["fhir"]["Practitioner"]))
    enc_id = created.json()["id"]
    obs = client.get(f"/fhir/Observation?encounter=Encounter/{enc_id}&code=http://loinc.org|85354-9").json()
    assert obs["total"] == 1
    enc = client.get(f"/fhir/Encounter/{enc_id}").json()
    assert enc["class"] == {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "HH"}


def test_unknown_domain_id_is_404(client):
    assert client.get("/api/referrals/nope").status_code == 404
    assert client.get("/api/visits/nope").status_code == 404


def test_project_search_parameter_finds_referrals_by_discipline(client, referred):
    assert total(client, "ServiceRequest?discipline=physical-therapy") == 1
    assert total(client, "ServiceRequest?discipline=occupational-therapy") == 0
    cs = client.get("/fhir/metadata").json()
    sr = next(r for r in cs["rest"][0]["resource"] if r["type"] == "ServiceRequest")
    assert {"name": "discipline", "type": "token"}.items() <= next(
        p for p in sr["searchParam"] if p["name"] == "discipline"
    ).items()


def test_referrer_organization_that_is_also_the_payer(client):
    body = referral(
        referring_provider={**referral()["referring_provider"], "organization": "Kaiser Permanente"},
        insurance={"payer": "Kaiser Permanente", "plan": "commercial", "member_id": "KP-0099"},
    )
    r = client.post("/api/referrals", json=body)
    assert r.status_code == 201, r.text
    assert isinstance(r.json()["fhir"]["Organization"], str)  # one Organization serves both roles


@pytest.mark.parametrize(
    ("path", "mutate", "field"),
    [
        ("visits", lambda b: {**b, "end": "2024-03-01T08:00:00-05:00"}, "body"),
        ("visits", lambda b: {**b, "end": None}, "body"),
        ("infusion-orders", lambda b: {**b, "stop": "2024-02-01"}, "body"),
        ("care-plans", lambda b: {**b, "certification_period": {"start": "2024-03-01", "end": "2024-01-01"}},
         "certification_period"),
        ("care-plans", lambda b: {**b, "goals": [{"description": "walk", "target_value": "150 ft",
                                                   "due_date": "2024-04-01"}]}, "goals"),
    ],
)  # fmt: skip
def test_domain_rules_the_profiles_need_are_field_errors(client, referred, path, mutate, field):
    patient, physician = referred["fhir"]["Patient"], referred["fhir"]["Practitioner"]
    bodies = {
        "visits": visit(patient, physician),
        "infusion-orders": infusion_order(patient, physician),
        "care-plans": care_plan(patient, physician),
    }
    r = client.post(f"/api/{path}", json=mutate(bodies[path]))
    assert r.status_code == 422, r.text
    expressions = [e for issue in r.json()["issue"] for e in issue.get("expression", [])]
    assert any(e.startswith(field) for e in expressions), expressions


def test_visit_links_its_care_plan(client, referred):
    patient, physician = referred["fhir"]["Patient"], referred["fhir"]["Practitioner"]
    plan = client.post("/api/care-plans", json=care_plan(patient, physician)).json()["fhir"]["CarePlan"]
    body = {**visit(patient, physician, referred["id"]), "care_plan": {"reference": plan}}
    created = client.post("/api/visits", json=body)
    assert created.status_code == 201, created.text
    assert Visit.model_validate(client.get(f"/api/visits/{created.json()['id']}").json()) == Visit.model_validate(body)
