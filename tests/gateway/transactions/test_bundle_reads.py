"""What a Bundle's GET and HEAD entries answer, and how a batch treats an entry it cannot read."""

from __future__ import annotations

import pytest

from ..fhir.helpers import patient, post
from .helpers import bundle, entry, send, total


@pytest.mark.parametrize(
    ("bad", "expression"),
    [
        (entry("FETCH", "Patient"), "Bundle.entry[1].request.method"),
        (entry("GET", "Patient/x/$everything"), "Bundle.entry[1].request.url"),
        (entry("GET", "Nothing/1"), "Bundle.entry[1].request.url"),
        (entry("PUT", "Patient"), "Bundle.entry[1].request.url"),
        (entry("GET", "Patient/x", ifModifiedSince="yesterday"), "Bundle.entry[1].request.ifModifiedSince"),
    ],
)
def test_a_batch_entry_it_cannot_read_is_that_entrys_error(client, bad, expression):
    before = entry("POST", "Patient", patient(family="Before"))
    after = entry("POST", "Patient", patient(family="After"))
    r = send(client, bundle(before, bad, after, kind="batch"))
    assert r.status_code == 200, r.text
    statuses = [e["response"]["status"] for e in r.json()["entry"]]
    assert statuses == ["201 Created", "400 Bad Request", "201 Created"]
    assert r.json()["entry"][1]["response"]["outcome"]["issue"][0]["expression"] == [expression]
    assert total(client, "Patient?family=Before") == total(client, "Patient?family=After") == 1


def test_in_a_transaction_the_same_entry_fails_everything(client):
    r = send(client, bundle(entry("POST", "Patient", patient(family="Before")), entry("GET", "Patient/x/$everything")))
    assert r.status_code == 400
    assert r.json()["issue"][0]["expression"] == ["Bundle.entry[1].request.url"]
    assert total(client, "Patient?family=Before") == 0


def test_head_answers_like_get_without_the_resource(client):
    pid = post(client, "Patient", patient()).json()["id"]
    r = send(client, bundle(entry("HEAD", f"Patient/{pid}"), entry("GET", f"Patient/{pid}"), kind="batch"))
    head, get = r.json()["entry"]
    assert head["response"]["status"] == get["response"]["status"] == "200 OK"
    assert head["response"]["etag"] == get["response"]["etag"] == 'W/"1"'
    assert "resource" not in head and get["resource"]["id"] == pid


def test_reading_a_deleted_resource_is_gone_as_over_rest(client):
    pid = post(client, "Patient", patient()).json()["id"]
    assert client.delete(f"/fhir/Patient/{pid}").status_code in (200, 204)
    assert client.get(f"/fhir/Patient/{pid}").status_code == 410
    r = send(
        client,
        bundle(entry("GET", f"Patient/{pid}"), entry("GET", f"Patient/{pid}/_history/2"), entry("GET", "Patient/none"),
               kind="batch"),
    )  # fmt: skip
    assert [e["response"]["status"] for e in r.json()["entry"]] == ["410 Gone", "410 Gone", "404 Not Found"]


def test_history_entries_at_each_level_see_the_transactions_own_writes(client):
    pid = post(client, "Patient", patient(family="V1")).json()["id"]
    r = send(
        client,
        bundle(
            entry("GET", f"Patient/{pid}/_history"),
            entry("PUT", f"Patient/{pid}", {**patient(family="V2"), "id": pid}),
            entry("GET", "Patient/_history?_count=1"),
            entry("GET", "_history"),
        ),
    )
    assert r.status_code == 200, r.text
    instance, _, by_type, system = (e.get("resource") for e in r.json()["entry"])
    # reads run after the writes (R4 processing order), so the update is in every history
    assert instance["type"] == "history" and instance["total"] == 2
    assert [e["resource"]["name"][0]["family"] for e in instance["entry"]] == ["V2", "V1"]
    assert by_type["total"] == 2 and len(by_type["entry"]) == 1
    assert any(link["relation"] == "next" for link in by_type["link"])
    assert system["total"] >= 2


def test_history_of_an_unknown_resource_is_not_found(client):
    r = send(client, bundle(entry("GET", "Patient/none/_history"), kind="batch"))
    assert r.json()["entry"][0]["response"]["status"] == "404 Not Found"
