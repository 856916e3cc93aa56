from __future__ import annotations

from typing import Any

import orjson
from fastapi.testclient import TestClient

FHIR = {"content-type": "application/fhir+json"}


def post(client: TestClient, rtype: str, resource: dict[str, Any], **headers: str) -> Any:
    return client.post(f"/fhir/{rtype}", content=orjson.dumps(resource), headers={**FHIR, **headers})


def put(client: TestClient, path: str, resource: dict[str, Any], **headers: str) -> Any:
    return client.put(f"/fhir/{path}", content=orjson.dumps(resource), headers={**FHIR, **headers})


def put_all(client: TestClient, resources: list[dict[str, Any]]) -> TestClient:
    """Store resources under their own ids (a search test's known data set)."""
    for res in resources:
        r = put(client, f"{res['resourceType']}/{res['id']}", res)
        assert r.status_code == 201, r.text
    return client


def ids(bundle: dict[str, Any], mode: str = "match") -> list[str]:
    """The ids of a search Bundle's entries of one search mode, sorted."""
    return sorted(e["resource"]["id"] for e in bundle["entry"] if e.get("search", {}).get("mode") == mode)


def patient(family: str = "Rivera", **extra: Any) -> dict[str, Any]:
    return {
        "resourceType": "Patient",
        "name": [{"family": family, "given": ["Ana"]}],
        "gender": "female",
        "birthDate": "1948-05-02",
        **extra,
    }


def outcome_expressions(response: Any) -> list[str]:
    body = response.json()
    assert body["resourceType"] == "OperationOutcome", body
    return [e for issue in body["issue"] for e in issue.get("expression", [])]


def local(url: str) -> str:
    """A link from a Bundle as a path for the test client."""
    return "/fhir" + url.split("/fhir", 1)[1]


def link(bundle: dict[str, Any], relation: str) -> str | None:
    return next((lk["url"] for lk in bundle.get("link", []) if lk["relation"] == relation), None)
