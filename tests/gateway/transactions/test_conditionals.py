"""Each conditional form inside a transaction, the R4 processing order and duplicate identities."""

from __future__ import annotations

import pytest

from ..fhir.helpers import outcome_expressions, patient, post, put
from .helpers import bundle, entry, ids, observation, send, total, urn

SYS = "urn:oid:2.16.840.1.113883.3.7"


def mrn(value: str) -> list[dict[str, str]]:
    return [{"system": SYS, "value": value}]


def test_if_none_exist_reuses_the_match_and_references_point_at_it(client):
    pid = post(client, "Patient", patient(identifier=mrn("A1"))).json()["id"]
    p = urn()
    r = send(
        client,
        bundle(
            entry("POST", "Patient", patient(identifier=mrn("A1")), full_url=p, ifNoneExist=f"identifier={SYS}|A1"),
            entry("POST", "Observation", observation(p)),
        ),
    )
    assert [e["response"]["status"] for e in r.json()["entry"]] == ["200 OK", "201 Created"]
    assert ids(r)[0] == f"Patient/{pid}"
    assert client.get(f"/fhir/{ids(r)[1]}").json()["subject"]["reference"] == f"Patient/{pid}"
    assert total(client, "Patient") == 1


def test_if_none_exist_without_match_creates(client):
    r = send(
        client, bundle(entry("POST", "Patient", patient(identifier=mrn("B2")), ifNoneExist=f"identifier={SYS}|B2"))
    )
    assert r.json()["entry"][0]["response"]["status"] == "201 Created"
    assert total(client, f"Patient?identifier={SYS}|B2") == 1


def test_same_conditional_create_twice_in_one_bundle_is_an_error(client):
    crit = f"identifier={SYS}|C3"
    r = send(
        client,
        bundle(
            entry("POST", "Patient", patient(identifier=mrn("C3")), ifNoneExist=crit),
            entry("POST", "Patient", patient(identifier=mrn("C3")), ifNoneExist=crit),
        ),
    )
    assert r.status_code == 400
    assert outcome_expressions(r) == ["Bundle.entry[1]"]
    assert total(client, "Patient") == 0


@pytest.mark.parametrize(
    ("if_match", "status"), [('W/"1"', 200), ('W/"7"', 412)], ids=["current-version", "stale-version"]
)
def test_if_match(client, if_match, status):
    pid = post(client, "Patient", patient()).json()["id"]
    r = send(client, bundle(entry("PUT", f"Patient/{pid}", patient(id=pid, gender="male"), ifMatch=if_match)))
    assert r.status_code == status
    expected = "male" if status == 200 else "female"
    assert client.get(f"/fhir/Patient/{pid}").json()["gender"] == expected


@pytest.mark.parametrize(
    ("if_match", "status", "left"), [('W/"1"', 200, 0), ('W/"7"', 412, 1)], ids=["current-version", "stale-version"]
)
def test_if_match_guards_a_delete_entry(client, if_match, status, left):
    pid = post(client, "Patient", patient()).json()["id"]
    r = send(
        client,
        bundle(entry("DELETE", f"Patient/{pid}", ifMatch=if_match), entry("POST", "Patient", patient(family="New"))),
    )
    assert r.status_code == status, r.text
    assert total(client, f"Patient?_id={pid}") == left
    assert total(client, "Patient?family=New") == 1 - left  # a refused delete rolls the rest back


def test_if_none_match_star_refuses_to_overwrite(client):
    pid = post(client, "Patient", patient()).json()["id"]
    r = send(client, bundle(entry("PUT", f"Patient/{pid}", patient(id=pid), ifNoneMatch="*")))
    assert r.status_code == 412
    assert outcome_expressions(r) == ["Bundle.entry[0]"]


def test_conditional_update_creates_then_updates(client):
    url = f"Patient?identifier={SYS}|D4"
    first = send(client, bundle(entry("PUT", url, patient(identifier=mrn("D4")))))
    assert first.json()["entry"][0]["response"]["status"] == "201 Created"
    again = send(client, bundle(entry("PUT", url, patient(identifier=mrn("D4"), gender="other"))))
    assert again.json()["entry"][0]["response"]["status"] == "200 OK"
    assert ids(again) == ids(first)
    assert again.json()["entry"][0]["response"]["etag"] == 'W/"2"'


def test_conditional_update_with_two_matches_fails(client):
    post(client, "Patient", patient(family="Twin"))
    post(client, "Patient", patient(family="Twin"))
    r = send(client, bundle(entry("PUT", "Patient?family=Twin", patient(family="Twin"))))
    assert r.status_code == 412


def test_conditional_delete(client):
    pid = post(client, "Patient", patient(identifier=mrn("E5"))).json()["id"]
    r = send(client, bundle(entry("DELETE", f"Patient?identifier={SYS}|E5")))
    assert r.status_code == 200
    assert client.get(f"/fhir/Patient/{pid}").status_code == 410


def test_processing_order_is_delete_post_put_get(client):
    old = post(client, "Patient", patient(family="Old")).json()["id"]
    put(client, "Patient/fixed-1", patient(id="fixed-1"))
    p = urn()
    r = send(
        client,
        bundle(
            entry("GET", "Patient?family=New"),
            entry(
                "PUT",
                "Patient/fixed-1",
                {**patient(id="fixed-1"), "link": [{"other": {"reference": p}, "type": "seealso"}]},
            ),
            entry("POST", "Patient", patient(family="New"), full_url=p),
            entry("DELETE", f"Patient/{old}"),
        ),
    )
    assert r.status_code == 200, r.text
    statuses = [e["response"]["status"] for e in r.json()["entry"]]
    assert statuses == ["200 OK", "200 OK", "201 Created", "200 OK"]
    assert r.json()["entry"][0]["resource"]["total"] == 1  # the GET ran after the POST
    new_id = ids(r)[2]
    assert client.get("/fhir/Patient/fixed-1").json()["link"][0]["other"]["reference"] == new_id
    assert client.get(f"/fhir/Patient/{old}").status_code == 410


@pytest.mark.parametrize(
    "entries",
    [
        [("PUT", "Patient/dup-1"), ("PUT", "Patient/dup-1")],
        [("DELETE", "Patient/dup-1"), ("PUT", "Patient/dup-1")],
    ],
    ids=["two-puts", "delete-and-put"],
)
def test_two_entries_for_one_resource_are_rejected(client, entries):
    made = [entry(m, u, patient(id="dup-1") if m == "PUT" else None) for m, u in entries]
    r = send(client, bundle(*made))
    assert r.status_code == 400
    assert "dup-1" in r.json()["issue"][0]["diagnostics"]
    assert client.get("/fhir/Patient/dup-1").status_code == 404


def test_duplicate_full_urls_are_rejected(client):
    p = urn()
    r = send(
        client, bundle(entry("POST", "Patient", patient(), full_url=p), entry("POST", "Patient", patient(), full_url=p))
    )
    assert r.status_code == 400
    assert outcome_expressions(r) == ["Bundle.entry[1]"]


def test_get_entries_read_and_vread(client):
    pid = post(client, "Patient", patient()).json()["id"]
    r = send(client, bundle(entry("GET", f"Patient/{pid}"), entry("GET", f"Patient/{pid}/_history/1"), kind="batch"))
    assert [e["response"]["status"] for e in r.json()["entry"]] == ["200 OK", "200 OK"]
    assert r.json()["entry"][0]["resource"]["id"] == pid


def test_get_entry_if_modified_since(client):
    created = post(client, "Patient", patient()).json()
    pid, stamp = created["id"], created["meta"]["lastUpdated"]
    r = send(
        client,
        bundle(
            entry("GET", f"Patient/{pid}", ifModifiedSince=stamp),
            entry("GET", f"Patient/{pid}", ifModifiedSince="2001-01-01T00:00:00Z"),
            entry("GET", f"Patient/{pid}", ifModifiedSince=stamp, ifNoneMatch='W/"9"'),  # ifNoneMatch decides
            kind="batch",
        ),
    )
    assert [e["response"]["status"] for e in r.json()["entry"]] == ["304 Not Modified", "200 OK", "200 OK"]
    bad = send(client, bundle(entry("GET", f"Patient/{pid}", ifModifiedSince="yesterday")))
    assert bad.status_code == 400
    assert outcome_expressions(bad) == ["Bundle.entry[0].request.ifModifiedSince"]


LOINC_HR = "http://loinc.org|8867-4"


def _packet(p: str, *, first: str = "observation") -> dict:
    """A re-sendable packet: the Observation's ifNoneExist names the Patient entry by its fullUrl."""
    pat = entry("POST", "Patient", patient(identifier=mrn("P7")), full_url=p, ifNoneExist=f"identifier={SYS}|P7")
    obs = entry("POST", "Observation", observation(p), ifNoneExist=f"subject={p}&code={LOINC_HR}")
    return bundle(obs, pat) if first == "observation" else bundle(pat, obs)


@pytest.mark.parametrize("first", ["observation", "patient"])
def test_criteria_naming_an_entry_by_full_url_search_for_its_id(client, first):
    r1 = send(client, _packet(urn(), first=first))
    assert r1.status_code == 200, r1.text
    r2 = send(client, _packet(urn(), first=first))  # a resend, with fresh urns as EHRs generate them
    assert r2.status_code == 200, r2.text
    assert [e["response"]["status"] for e in r2.json()["entry"]] == ["200 OK", "200 OK"]
    assert ids(r2) == ids(r1)
    assert total(client, "Observation") == 1 and total(client, "Patient") == 1


def test_conditional_update_criteria_naming_an_entry_by_full_url(client):
    def packet(note: str) -> dict:
        p = urn()
        condition = {
            "resourceType": "Condition",
            "subject": {"reference": p},
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": "5913000"}]},
            "note": [{"text": note}],
        }
        return bundle(
            entry("PUT", f"Patient?identifier={SYS}|C3", patient(identifier=mrn("C3")), full_url=p),
            entry("PUT", f"Condition?patient={p}&code=http://snomed.info/sct|5913000", condition),
        )

    send(client, packet("first"))
    r = send(client, packet("second"))
    assert r.status_code == 200, r.text
    assert total(client, "Condition") == 1
    stored = client.get(f"/fhir/{ids(r)[1]}").json()
    assert stored["note"][0]["text"] == "second" and stored["meta"]["versionId"] == "2"


def test_conditional_reference_criteria_naming_an_entry_by_full_url(client):
    pid = post(client, "Patient", patient(identifier=mrn("D4"))).json()["id"]
    visit = {
        "resourceType": "Encounter",
        "status": "finished",
        "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "HH"},
        "subject": {"reference": f"Patient/{pid}"},
    }
    eid = post(client, "Encounter", visit).json()["id"]
    p = urn()
    r = send(
        client,
        bundle(
            entry("POST", "Patient", patient(identifier=mrn("D4")), full_url=p, ifNoneExist=f"identifier={SYS}|D4"),
            entry("POST", "Observation", observation(p, encounter={"reference": f"Encounter?subject={p}"})),
        ),
    )
    assert r.status_code == 200, r.text
    assert client.get(f"/fhir/{ids(r)[1]}").json()["encounter"]["reference"] == f"Encounter/{eid}"


def test_if_none_exist_may_carry_the_type(client):
    pid = post(client, "Patient", patient(identifier=mrn("E5"))).json()["id"]
    r = send(client, bundle(entry("POST", "Patient", patient(), ifNoneExist=f"Patient?identifier={SYS}|E5")))
    assert r.status_code == 200, r.text
    assert ids(r) == [f"Patient/{pid}"] and total(client, "Patient") == 1


def test_criteria_naming_each_other_are_rejected(client):
    a, b = urn(), urn()
    r = send(
        client,
        bundle(
            entry("POST", "Patient", patient(), full_url=a, ifNoneExist=f"link={b}"),
            entry("POST", "Patient", patient(), full_url=b, ifNoneExist=f"link={a}"),
        ),
    )
    assert r.status_code == 400
    assert "name each other" in r.text
    assert total(client, "Patient") == 0


@pytest.mark.parametrize(
    "request_entry",
    [
        entry("DELETE", "Patient?"),
        entry("DELETE", "Patient?_count=1"),
        entry("PUT", "Patient?identifier=", patient()),
        entry("POST", "Patient", patient(family="Other"), ifNoneExist="identifier="),
    ],
    ids=["delete-no-criteria", "delete-control-only", "put-empty-value", "if-none-exist-empty-value"],
)
def test_criteria_without_a_value_match_nothing_and_are_refused(client, request_entry):
    pid = post(client, "Patient", patient()).json()["id"]  # the only Patient: it must not be the match
    r = send(client, bundle(request_entry))
    assert r.status_code == 400, r.text
    assert "without search criteria" in r.text
    assert client.get(f"/fhir/Patient/{pid}").json()["meta"]["versionId"] == "1"
    assert total(client, "Patient") == 1
