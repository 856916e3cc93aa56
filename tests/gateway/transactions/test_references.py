"""Temporary ids and conditional references are resolved in every reference of every entry, and fullUrls in
uri-typed elements and narrative links too."""

from __future__ import annotations

import orjson
import pytest

from ..fhir.helpers import outcome_expressions, patient, post
from .helpers import bundle, entry, ids, observation, send, urn

MRN = "urn:oid:2.16.840.1.113883.3.7|MRN-9"


def _created(client, response, index):
    assert response.status_code == 200, response.text
    return client.get(f"/fhir/{ids(response)[index]}").json()


def test_urn_uuid_is_replaced_in_subject(client):
    p = urn()
    r = send(
        client, bundle(entry("POST", "Observation", observation(p)), entry("POST", "Patient", patient(), full_url=p))
    )
    obs = _created(client, r, 0)
    assert obs["subject"]["reference"] == ids(r)[1]
    assert client.get(f"/fhir/Observation?subject={ids(r)[1]}").json()["total"] == 1  # index rows use the real id


def test_urn_oid_full_urls_resolve(client):
    p = "urn:oid:1.2.3.4.5"
    r = send(
        client, bundle(entry("POST", "Patient", patient(), full_url=p), entry("POST", "Observation", observation(p)))
    )
    assert _created(client, r, 1)["subject"]["reference"] == ids(r)[0]


def test_references_in_contained_and_extensions_resolve(client):
    p, o = urn(), urn()
    care_plan = {
        "resourceType": "CarePlan",
        "status": "active",
        "intent": "plan",
        "subject": {"reference": p},
        "contained": [
            {
                "resourceType": "Goal",
                "id": "g1",
                "lifecycleStatus": "active",
                "description": {"text": "walk"},
                "subject": {"reference": p},
            }
        ],
        "goal": [{"reference": "#g1"}],
        "extension": [{"url": "http://example.org/ext/referrer", "valueReference": {"reference": o}}],
        "activity": [{"reference": {"reference": p}}],
    }
    r = send(
        client,
        bundle(
            entry("POST", "CarePlan", care_plan),
            entry("POST", "Patient", patient(), full_url=p),
            entry("POST", "Organization", {"resourceType": "Organization", "name": "Acme"}, full_url=o),
        ),
    )
    stored = _created(client, r, 0)
    patient_ref, org_ref = ids(r)[1], ids(r)[2]
    assert stored["subject"]["reference"] == patient_ref
    assert stored["contained"][0]["subject"]["reference"] == patient_ref
    assert stored["extension"][0]["valueReference"]["reference"] == org_ref
    assert stored["activity"][0]["reference"]["reference"] == patient_ref
    assert stored["goal"][0]["reference"] == "#g1"


def test_absolute_full_url_of_a_new_resource_resolves(client):
    p = "http://ehr.example.org/fhir/Patient/123"
    r = send(
        client, bundle(entry("POST", "Patient", patient(), full_url=p), entry("POST", "Observation", observation(p)))
    )
    assert _created(client, r, 1)["subject"]["reference"] == ids(r)[0]


def test_decimal_literals_survive_reference_rewriting(client):
    p = urn()
    body = (
        b'{"resourceType":"Bundle","type":"transaction","entry":['
        b'{"fullUrl":"'
        + p.encode()
        + b'","resource":{"resourceType":"Patient"},"request":{"method":"POST","url":"Patient"}},'
        b'{"resource":{"resourceType":"Observation","status":"final","code":{"text":"t"},"subject":{"reference":"'
        + p.encode()
        + b'"},"valueQuantity":{"value":36.50}},"request":{"method":"POST","url":"Observation"}}]}'
    )
    r = client.post("/fhir", content=body, headers={"content-type": "application/fhir+json"})
    text = client.get(f"/fhir/{ids(r)[1]}").text
    assert '"value":36.50' in text and ids(r)[0] in text


def test_unknown_urn_is_an_error_pointing_at_the_entry(client):
    r = send(client, bundle(entry("POST", "Patient", patient()), entry("POST", "Observation", observation(urn()))))
    assert r.status_code == 400
    assert outcome_expressions(r)[0].startswith("Bundle.entry[1]")
    assert client.get("/fhir/Patient").json()["total"] == 0


def test_conditional_reference_resolves_by_search(client):
    pid = post(client, "Patient", patient(identifier=[{"system": MRN.split("|")[0], "value": "MRN-9"}])).json()["id"]
    r = send(client, bundle(entry("POST", "Observation", observation(f"Patient?identifier={MRN}"))))
    assert _created(client, r, 0)["subject"]["reference"] == f"Patient/{pid}"


@pytest.mark.parametrize("existing", [0, 2], ids=["no-match", "two-matches"])
def test_conditional_reference_must_match_exactly_one(client, existing):
    for _ in range(existing):
        post(client, "Patient", patient(family="Twin"))
    r = send(client, bundle(entry("POST", "Observation", observation("Patient?family=Twin"))))
    assert r.status_code == 412
    assert outcome_expressions(r) == ["Bundle.entry[0]"]
    assert client.get("/fhir/Observation").json()["total"] == 0


def _letter(binary: str, patient_url: str, **extra):
    """A referral letter: the PDF is a Binary of the same Bundle, as EHRs send referral packets."""
    return {
        "resourceType": "DocumentReference",
        "status": "current",
        "identifier": [{"system": "urn:ietf:rfc:3986", "value": binary}],
        "text": {
            "status": "generated",
            "div": f'<div xmlns="http://www.w3.org/1999/xhtml"><a href="{patient_url}">Patient</a></div>',
        },
        "subject": {"reference": patient_url},
        "content": [{"attachment": {"contentType": "application/pdf", "url": binary, "title": "Referral letter"}}],
        **extra,
    }


PDF = {"resourceType": "Binary", "contentType": "application/pdf", "data": "JVBERi0xLjQK"}


@pytest.mark.parametrize("kind", ["transaction", "batch"])
def test_full_urls_in_uri_elements_and_narrative_links_are_replaced(client, kind):
    b, p = urn(), urn()
    r = send(
        client,
        bundle(
            entry("POST", "DocumentReference", _letter(b, p)),
            entry("POST", "Binary", PDF, full_url=b),
            entry("POST", "Patient", patient(), full_url=p),
            kind=kind,
        ),
    )
    letter = _created(client, r, 0)
    binary_ref, patient_ref = ids(r)[1], ids(r)[2]
    assert binary_ref.startswith("Binary/") and patient_ref.startswith("Patient/")
    assert letter["content"][0]["attachment"]["url"] == binary_ref
    assert f'href="{patient_ref}"' in letter["text"]["div"]
    assert letter["subject"]["reference"] == patient_ref
    assert letter["identifier"][0]["value"] == b  # a string element: the urn is the identifier itself


def test_uri_rewriting_keeps_decimal_literals(client):
    b = urn()
    letter = _letter(b, "Patient/unknown-yet")
    del letter["subject"], letter["text"]
    body = orjson.dumps(bundle(entry("POST", "DocumentReference", letter), entry("POST", "Binary", PDF, full_url=b)))
    # a decimal literal makes the server keep a literal-preserving copy, which must be rewritten too
    body = body.replace(
        b'"status":"current"', b'"status":"current","extension":[{"url":"http://x.org/w","valueDecimal":1.50}]'
    )
    r = client.post("/fhir", content=body, headers={"content-type": "application/fhir+json"})
    assert r.status_code == 200, r.text
    text = client.get(f"/fhir/{ids(r)[0]}").text
    assert '"valueDecimal":1.50' in text
    assert f'"url":"{ids(r)[1]}"' in text and b not in text.replace(f'"value":"{b}"', "")
