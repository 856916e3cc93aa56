"""Search, table-driven: each row is a query and the ids it must return, on both backends."""

from __future__ import annotations

import orjson
import pytest

from tests.gateway.fhir.helpers import FHIR, ids, link, local, put_all

from .dataset import MRN, RESOURCES


@pytest.fixture
def loaded(client):
    return put_all(client, RESOURCES)


CASES = [
    # string: prefix, case- and accent-insensitive by default; :exact; :contains
    ("Patient?family=riv", ["p1", "p2"]),
    ("Patient?family=RIVERA", ["p1"]),
    ("Patient?family:exact=Rivera", ["p1"]),
    ("Patient?family:exact=rivera", []),
    ("Patient?family:contains=ive", ["p1", "p2"]),
    ("Patient?family=olafs", ["p4"]),
    ("Patient?given=bjork", ["p4"]),
    ("Patient?name=tom", ["p2"]),
    ("Patient?address-city=bos", ["p1"]),
    ("Patient?address=12 elm", ["p1"]),
    ("Patient?address=elm", []),
    ("Patient?address:contains=elm", ["p1"]),
    # token
    (f"Patient?identifier={MRN}|M1", ["p1"]),
    ("Patient?identifier=M1", ["p1", "p3"]),
    (f"Patient?identifier={MRN}|", ["p1", "p2"]),
    ("Patient?identifier=|M9", ["p5"]),
    ("Patient?gender=female", ["p1", "p4"]),
    ("Patient?gender:not=male", ["p1", "p3", "p4", "p5"]),
    ("Patient?active=true", ["p1"]),
    ("Patient?active=false", ["p2"]),
    ("Patient?phone=555-0100", ["p1"]),
    ("Observation?code=http://loinc.org|8867-4", ["o1", "o3"]),
    ("Observation?code:text=heart", ["o1", "o3"]),
    ("Observation?status=final,preliminary", ["o1", "o2", "o3"]),
    ("Observation?category=vital-signs", ["o1"]),
    ("Encounter?class=HH", ["e1"]),
    # reference
    ("Observation?subject=Patient/p1", ["o1", "o2"]),
    ("Observation?subject=p1", ["o1", "o2"]),
    ("Observation?patient=p2", ["o3"]),
    ("Observation?subject:Patient=p1", ["o1", "o2"]),
    ("Observation?subject:Practitioner=p1", []),
    ("Observation?subject=http://127.0.0.1:8000/fhir/Patient/p1", ["o1", "o2"]),
    ("Observation?subject=http://elsewhere.example/fhir/Patient/p1", []),
    # date with precision and prefixes
    ("Patient?birthdate=1950", ["p1", "p2"]),
    ("Patient?birthdate=1950-03", ["p1"]),
    ("Patient?birthdate=1950-03-04", ["p1"]),
    ("Patient?birthdate=ge1950-06", ["p2", "p3"]),
    ("Patient?birthdate=gt1950", ["p3"]),
    ("Patient?birthdate=lt1950", ["p4"]),
    ("Patient?birthdate=le1950-03-04", ["p1", "p4"]),
    ("Patient?birthdate=sa1950", ["p3"]),
    ("Patient?birthdate=eb1950", ["p4"]),
    ("Patient?birthdate=ne1950", ["p3", "p4"]),
    ("Patient?birthdate=ap1950-03-05", ["p1", "p2", "p3", "p4"]),  # 10% of the gap to now
    ("Patient?birthdate=ge1950&birthdate=le1950-12", ["p1", "p2"]),
    ("Observation?date=2024-03-01", ["o1"]),
    ("Observation?date=2024-03-01T15:00:00Z", ["o1"]),
    ("Observation?date=2024-03-01T10:00:00-05:00", ["o1"]),
    ("Observation?date=ge2024-03-02", ["o2", "o3"]),
    ("Observation?date=lt2024-03-01T12:00:00Z", ["o3"]),
    ("Observation?date=gt2024-03-10", []),
    ("Encounter?date=2024-03-01", ["e1"]),
    ("ServiceRequest?authored=2024-02", ["sr1"]),
    # quantity and number
    ("Observation?value-quantity=72", ["o1"]),
    ("Observation?value-quantity=gt80", ["o3"]),
    ("Observation?value-quantity=le72", ["o1", "o2"]),
    ("Observation?value-quantity=38.5|http://unitsofmeasure.org|Cel", ["o2"]),
    ("Observation?value-quantity=38.5||Cel", ["o2"]),
    ("Observation?value-quantity=72||Cel", []),
    ("Observation?value-quantity=ap70", ["o1"]),
    ("RiskAssessment?probability=0.25", ["ra1"]),
    ("RiskAssessment?probability=gt0.2", ["ra1"]),
    ("RiskAssessment?probability=lt0.2", []),
    # uri
    ("Patient?_profile=http://example.org/fhir/StructureDefinition/vip-patient", ["p1"]),
    ("Patient?_profile:below=http://example.org/fhir/", ["p1"]),
    ("Patient?_profile=http://example.org/fhir/", []),
    # :missing
    ("Patient?gender:missing=true", ["p3", "p5"]),
    ("Patient?gender:missing=false", ["p1", "p2", "p4"]),
    ("Patient?birthdate:missing=true", ["p5"]),
    # OR and AND
    ("Patient?family=rivera,smith", ["p1", "p3"]),
    ("Patient?family=riv&gender=male", ["p2"]),
    # chaining and reverse chaining
    ("Observation?subject:Patient.name=rivera", ["o1", "o2"]),
    ("Observation?subject.gender=male", ["o3"]),
    ("ServiceRequest?requester:Practitioner.name=grey", ["sr1"]),
    ("Patient?_has:Observation:patient:code=8310-5", ["p1"]),
    ("Patient?_has:Observation:subject:status=final", ["p1", "p2"]),
    ("Patient?_has:Observation:subject:status=amended", []),
    # common parameters
    ("Patient?_id=p1,p2", ["p1", "p2"]),
    ("Patient?_lastUpdated=gt2000-01-01", ["p1", "p2", "p3", "p4", "p5"]),
    ("Patient?_lastUpdated=lt2000-01-01", []),
    # empty
    ("Patient?family=zzz", []),
]


@pytest.mark.parametrize(("query", "expected"), CASES, ids=[c[0] for c in CASES])
def test_search_table(loaded, query, expected):
    r = loaded.get(f"/fhir/{query}")
    assert r.status_code == 200, r.text
    bundle = r.json()
    assert bundle["type"] == "searchset"
    assert ids(bundle) == sorted(expected)
    assert bundle["total"] == len(expected)


def test_include_and_revinclude(loaded):
    b = loaded.get("/fhir/Observation?_id=o1&_include=Observation:subject").json()
    assert ids(b) == ["o1"] and ids(b, "include") == ["p1"]
    b = loaded.get("/fhir/Patient?_id=p1&_revinclude=Observation:subject").json()
    assert ids(b) == ["p1"] and ids(b, "include") == ["o1", "o2"]
    b = loaded.get("/fhir/Observation?_id=o1&_include=Observation:subject&_revinclude:iterate=Encounter:subject").json()
    assert ids(b, "include") == ["e1", "p1"]
    b = loaded.get("/fhir/ServiceRequest?_id=sr1&_include=*").json()
    assert ids(b, "include") == ["p1", "pr1"]
    b = loaded.get("/fhir/Observation?_id=o1&_include=Observation:subject:Practitioner").json()
    assert ids(b, "include") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Patient?_sort=birthdate", ["p4", "p1", "p2", "p3", "p5"]),
        ("Patient?_sort=-birthdate", ["p3", "p2", "p1", "p4", "p5"]),
        ("Patient?_sort=family", ["p5", "p4", "p1", "p2", "p3"]),
        ("Patient?_sort=gender,-birthdate", ["p1", "p4", "p2", "p3", "p5"]),
        ("Patient?_sort=-_id", ["p5", "p4", "p3", "p2", "p1"]),
    ],
)
def test_sort(loaded, query, expected):
    b = loaded.get(f"/fhir/{query}").json()
    assert [e["resource"]["id"] for e in b["entry"]] == expected


@pytest.mark.parametrize("sort", ["", "&_sort=birthdate", "&_sort=-family,birthdate"])
def test_paging_with_sort_visits_each_once_and_back(loaded, sort):
    seen, url = [], f"/fhir/Patient?_count=2{sort}"
    pages = []
    while url:
        b = loaded.get(url).json()
        pages.append([e["resource"]["id"] for e in b["entry"]])
        seen += pages[-1]
        url = local(link(b, "next")) if link(b, "next") else None
    assert sorted(seen) == ["p1", "p2", "p3", "p4", "p5"]
    assert len(seen) == 5
    # walk back from the last page with `previous`
    back = [pages[-1]]
    prev = link(b, "previous")
    while prev:
        b = loaded.get(local(prev)).json()
        back.insert(0, [e["resource"]["id"] for e in b["entry"]])
        prev = link(b, "previous")
    assert [i for p in back for i in p] == seen


def test_paging_250_matches_each_exactly_once_despite_concurrent_inserts(client):
    for i in range(250):
        body = {"resourceType": "Patient", "name": [{"family": f"Page{i:03d}"}], "gender": "other"}
        assert client.post("/fhir/Patient", content=orjson.dumps(body), headers=FHIR).status_code == 201
    url = "/fhir/Patient?gender=other&_count=20&_revinclude=Observation:subject"
    seen: list[str] = []
    pages = 0
    while url:
        b = client.get(url).json()
        assert b["total"] >= 250
        seen += [e["resource"]["id"] for e in b["entry"] if e["search"]["mode"] == "match"]
        assert "_revinclude=Observation%3Asubject" in (link(b, "next") or "_revinclude=Observation%3Asubject")
        # a new match arriving mid-paging must not duplicate or skip the original ones
        if pages == 3:
            extra = {"resourceType": "Patient", "name": [{"family": "Late"}], "gender": "other"}
            client.post("/fhir/Patient", content=orjson.dumps(extra), headers=FHIR)
        pages += 1
        url = local(link(b, "next")) if link(b, "next") else None
    assert len(seen) == len(set(seen))
    assert len(seen) >= 250
    assert pages >= 13


def test_include_is_applied_on_every_page(loaded):
    url = "/fhir/Observation?_count=1&_include=Observation:subject"
    while url:
        b = loaded.get(url).json()
        assert len(ids(b, "include")) == 1
        url = local(link(b, "next")) if link(b, "next") else None


def test_summary_count_and_total(loaded):
    b = loaded.get("/fhir/Patient?_summary=count").json()
    assert b["total"] == 5 and b["entry"] == []
    b = loaded.get("/fhir/Patient?_total=none").json()
    assert "total" not in b and len(b["entry"]) == 5


def test_summary_true_and_elements_subset_resources(loaded):
    b = loaded.get("/fhir/Patient?_id=p1&_summary=true").json()
    res = b["entry"][0]["resource"]
    assert "name" in res and "telecom" in res
    b = loaded.get("/fhir/Patient?_id=p1&_elements=gender").json()
    res = b["entry"][0]["resource"]
    assert set(res) == {"resourceType", "id", "meta", "gender"}
    assert any(t["code"] == "SUBSETTED" for t in res["meta"]["tag"])
    b = loaded.get("/fhir/Observation?_id=o1&_elements=value").json()
    assert "valueQuantity" in b["entry"][0]["resource"]


def test_unknown_parameter_lenient_and_strict(loaded):
    b = loaded.get("/fhir/Patient?shoe-size=9&family=rivera").json()
    assert ids(b) == ["p1"]
    outcome = [e for e in b["entry"] if e["search"]["mode"] == "outcome"]
    assert outcome and outcome[0]["resource"]["issue"][0]["expression"] == ["shoe-size"]
    r = loaded.get("/fhir/Patient?shoe-size=9", headers={"Prefer": "handling=strict"})
    assert r.status_code == 400
    r = loaded.get("/fhir/Patient?family:sounds-like=x", headers={"Prefer": "handling=strict"})
    assert r.status_code == 400


def test_post_search_with_form_body(loaded):
    r = loaded.post("/fhir/Patient/_search", data={"family": "riv", "gender": "male"})
    assert r.status_code == 200
    assert ids(r.json()) == ["p2"]


@pytest.mark.parametrize(
    "query",
    [
        "Patient?birthdate=not-a-date",
        "Patient?_count=abc",
        "Observation?value-quantity=lots",
        "Patient?_sort=shoe-size",
    ],
)
def test_bad_search_values_are_400(loaded, query):
    r = loaded.get(f"/fhir/{query}", headers={"Prefer": "handling=strict"})
    assert r.status_code == 400
    assert r.json()["resourceType"] == "OperationOutcome"


def test_deleted_resources_leave_search(loaded):
    loaded.delete("/fhir/Patient/p1")
    assert ids(loaded.get("/fhir/Patient?family=rivera").json()) == []
    assert ids(loaded.get("/fhir/Observation?subject:Patient.name=rivera").json()) == []


def test_last_updated_approximately(loaded):
    from datetime import UTC, datetime

    today = datetime.now(UTC).date().isoformat()
    assert ids(loaded.get(f"/fhir/Patient?_lastUpdated=ap{today}").json()) == ["p1", "p2", "p3", "p4", "p5"]
    assert ids(loaded.get("/fhir/Patient?_lastUpdated=ap1990-01-01").json()) == []
