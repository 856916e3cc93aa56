"""History bundles and conditional create/update/delete."""

from __future__ import annotations

from .helpers import link, local, patient, post, put

MRN = {"system": "urn:oid:2.16.840.1.113883.3.7", "value": "MRN-77"}


def test_instance_history_lists_every_version_newest_first(client):
    pid = post(client, "Patient", patient()).json()["id"]
    put(client, f"Patient/{pid}", patient(id=pid, gender="male"))
    client.delete(f"/fhir/Patient/{pid}")
    bundle = client.get(f"/fhir/Patient/{pid}/_history").json()
    assert bundle["type"] == "history"
    assert bundle["total"] == 3
    methods = [e["request"]["method"] for e in bundle["entry"]]
    assert methods == ["DELETE", "PUT", "POST"]
    assert "resource" not in bundle["entry"][0]
    assert bundle["entry"][1]["resource"]["meta"]["versionId"] == "2"
    assert bundle["entry"][2]["response"]["etag"] == 'W/"1"'


def test_history_of_unknown_resource_is_404(client):
    assert client.get("/fhir/Patient/nope/_history").status_code == 404


def test_type_and_system_history_page_stably(client):
    ids = [post(client, "Patient", patient(family=f"F{i}")).json()["id"] for i in range(5)]
    post(client, "Organization", {"resourceType": "Organization", "name": "Acme Home Care"})
    first = client.get("/fhir/Patient/_history?_count=2").json()
    assert first["total"] == 5 and len(first["entry"]) == 2
    next_url = link(first, "next")
    post(client, "Patient", patient(family="Late"))  # a write while paging must not shift the pages
    seen = [e["resource"]["id"] for e in first["entry"]]
    while next_url:
        page = client.get(local(next_url)).json()
        seen += [e["resource"]["id"] for e in page["entry"]]
        next_url = link(page, "next")
    assert sorted(seen) == sorted(ids)
    system = client.get("/fhir/_history").json()
    # system history also holds the conformance resources the server stores at start
    assert {"Patient", "Organization"} <= {e["fullUrl"].split("/fhir/")[1].split("/")[0] for e in system["entry"]}


def test_history_since_filters(client):
    post(client, "Patient", patient())
    assert client.get("/fhir/Patient/_history?_since=2999-01-01").json()["total"] == 0
    assert client.get("/fhir/Patient/_history?_since=2000-01-01").json()["total"] == 1


def test_conditional_create_if_none_exist(client):
    first = post(
        client, "Patient", patient(identifier=[MRN]), **{"If-None-Exist": f"identifier={MRN['system']}|MRN-77"}
    )
    assert first.status_code == 201
    again = post(
        client, "Patient", patient(identifier=[MRN]), **{"If-None-Exist": f"identifier={MRN['system']}|MRN-77"}
    )
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert client.get("/fhir/Patient?identifier=MRN-77").json()["total"] == 1


def test_conditional_create_with_multiple_matches_is_412(client):
    post(client, "Patient", patient(family="Twin"))
    post(client, "Patient", patient(family="Twin"))
    r = post(client, "Patient", patient(family="Twin"), **{"If-None-Exist": "family=Twin"})
    assert r.status_code == 412


def test_conditional_create_with_unknown_parameter_is_400(client):
    r = post(client, "Patient", patient(), **{"If-None-Exist": "shoe-size=9"})
    assert r.status_code == 400


def test_conditional_update_creates_then_updates(client):
    criteria = f"Patient?identifier={MRN['system']}|MRN-77"
    created = put(client, criteria, patient(identifier=[MRN]))
    assert created.status_code == 201
    updated = put(client, criteria, patient(identifier=[MRN], gender="other"))
    assert updated.status_code == 200
    assert updated.json()["id"] == created.json()["id"]
    assert updated.json()["meta"]["versionId"] == "2"


def test_conditional_update_with_multiple_matches_is_412(client):
    post(client, "Patient", patient(family="Twin"))
    post(client, "Patient", patient(family="Twin"))
    assert put(client, "Patient?family=Twin", patient(family="Twin")).status_code == 412


def test_conditional_delete(client):
    pid = post(client, "Patient", patient(identifier=[MRN])).json()["id"]
    assert client.delete("/fhir/Patient?identifier=MRN-77").status_code == 204
    assert client.get(f"/fhir/Patient/{pid}").status_code == 410
    assert client.delete("/fhir/Patient?identifier=MRN-77").status_code == 204
