"""The CapabilityStatement tells the truth about what the routes do."""

from __future__ import annotations

from gateway.fhir.capability import TYPE_INTERACTIONS
from gateway.fhir.resources import resource_types
from gateway.fhir.router import router


def test_metadata_is_r4_and_lists_every_type(client):
    cs = client.get("/fhir/metadata").json()
    assert cs["resourceType"] == "CapabilityStatement"
    assert cs["fhirVersion"] == "4.0.1"
    types = {r["type"] for r in cs["rest"][0]["resource"]}
    assert types == set(resource_types())
    assert {"Patient", "ServiceRequest", "CarePlan", "MedicationRequest", "Encounter"} <= types


def test_every_declared_interaction_has_a_route():
    routes = {(m, r.path) for r in router.routes for m in r.methods}  # type: ignore[attr-defined]
    needed = {
        "read": ("GET", "/fhir/{rtype}/{res_id}"),
        "vread": ("GET", "/fhir/{rtype}/{res_id}/_history/{vid}"),
        "update": ("PUT", "/fhir/{rtype}/{res_id}"),
        "patch": ("PATCH", "/fhir/{rtype}/{res_id}"),
        "delete": ("DELETE", "/fhir/{rtype}/{res_id}"),
        "history-instance": ("GET", "/fhir/{rtype}/{res_id}/_history"),
        "history-type": ("GET", "/fhir/{rtype}/_history"),
        "create": ("POST", "/fhir/{rtype}"),
        "search-type": ("GET", "/fhir/{rtype}"),
    }
    assert set(TYPE_INTERACTIONS) == set(needed)
    for interaction, route in needed.items():
        assert route in routes, interaction


def test_search_params_are_listed_with_types(client):
    cs = client.get("/fhir/metadata").json()
    patient = next(r for r in cs["rest"][0]["resource"] if r["type"] == "Patient")
    params = {p["name"]: p["type"] for p in patient["searchParam"]}
    assert params["birthdate"] == "date"
    assert params["identifier"] == "token"
    assert params["name"] == "string"
    assert params["_id"] == "token"


def test_smart_configuration_is_served(client):
    r = client.get("/.well-known/smart-configuration")
    assert r.status_code == 200
    assert "capabilities" in r.json()
