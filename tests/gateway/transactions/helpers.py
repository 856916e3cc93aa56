"""Building Bundles for the transaction tests."""

from __future__ import annotations

import uuid
from typing import Any

import orjson
from fastapi.testclient import TestClient

FHIR = {"content-type": "application/fhir+json"}


def urn() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def entry(
    method: str, url: str, resource: dict[str, Any] | None = None, *, full_url: str | None = None, **request: str
) -> dict[str, Any]:
    out: dict[str, Any] = {"request": {"method": method, "url": url, **request}}
    if resource is not None:
        out["resource"] = resource
    if full_url:
        out["fullUrl"] = full_url
    return out


def bundle(*entries: dict[str, Any], kind: str = "transaction") -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": kind, "entry": list(entries)}


def send(client: TestClient, body: dict[str, Any], **headers: str) -> Any:
    return client.post("/fhir", content=orjson.dumps(body), headers={**FHIR, **headers})


def observation(subject: str, **extra: Any) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
        "subject": {"reference": subject},
        "valueQuantity": {"value": 72, "unit": "/min", "system": "http://unitsofmeasure.org", "code": "/min"},
        **extra,
    }


def total(client: TestClient, query: str) -> int:
    return client.get(f"/fhir/{query}").json()["total"]


def ids(response: Any) -> list[str | None]:
    """Type/id of every response entry, from its location (None for reads)."""
    locations = [e["response"].get("location") for e in response.json()["entry"]]
    return ["/".join(loc.split("/")[:2]) if loc else None for loc in locations]
