"""The answer to a transaction or batch: per-entry results, and errors that point at their entry."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import orjson

from gateway.errors import FhirError, Issue, operation_outcome
from gateway.fhir.bundle_entries import Entry
from gateway.search.values import now_instant
from gateway.storage.base import StoredVersion


@dataclass
class EntryResult:
    status: int
    version: StoredVersion | None = None
    resource: Any = None  # a GET's answer (a resource or a searchset Bundle)
    outcome: dict[str, Any] | None = None
    message: str | None = None  # what a write did, for Prefer: return=OperationOutcome
    head: bool = False  # the answer to a HEAD: status and headers, no resource


def status_line(code: int) -> str:
    return f"{code} {HTTPStatus(code).phrase}"


def response_entry(result: EntryResult, *, base: str, prefer: str = "representation") -> dict[str, Any]:
    """One response entry; ``prefer`` is the request's ``Prefer: return=``, which R4 applies to each
    entry: the written resource (representation), nothing (minimal), or an OperationOutcome saying
    what happened (OperationOutcome)."""
    representation = prefer == "representation" and not result.head
    response: dict[str, Any] = {"status": status_line(result.status)}
    out: dict[str, Any] = {}
    v = result.version
    if v is not None:
        if not v.deleted:
            out["fullUrl"] = f"{base}/{v.res_type}/{v.res_id}"
        response["location"] = f"{v.res_type}/{v.res_id}/_history/{v.version}"
        response["etag"] = f'W/"{v.version}"'
        response["lastModified"] = v.last_updated
        if representation and v.content:
            out["resource"] = orjson.Fragment(v.content)
    if result.resource is not None and not result.head:
        out["resource"] = result.resource
    if result.outcome is not None:
        response["outcome"] = result.outcome
    elif prefer == "OperationOutcome" and result.message:
        response["outcome"] = operation_outcome([Issue(result.message, "informational", "information")])
    out["response"] = response
    return out


def response_bundle(kind: str, entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "meta": {"lastUpdated": now_instant()},
        "type": f"{kind}-response",
        "entry": entries,
    }


def error_result(exc: FhirError) -> EntryResult:
    return EntryResult(status=exc.status, outcome=operation_outcome(exc.issues))


def at_entry(exc: FhirError, entry: Entry) -> FhirError:
    """The same error, its issues pointing into the entry (``Patient.name`` -> ``Bundle.entry[3].resource.name``)."""
    issues = [
        Issue(
            f"{entry.where} ({entry.method} {entry.url}): {issue.diagnostics}",
            issue.code,
            issue.severity,
            [_expression(x, entry) for x in issue.expression] or [entry.where],
        )
        for issue in exc.issues
    ]
    return type(exc)(issues=issues, headers=exc.headers)


def _expression(expr: str, entry: Entry) -> str:
    if expr.startswith("Bundle.entry["):
        return expr
    resource = f"{entry.where}.resource"
    rtype = entry.rtype or ""
    if rtype and (expr == rtype or expr.startswith((rtype + ".", rtype + "["))):
        return resource + expr[len(rtype) :]
    if expr in ("body", ""):
        return resource
    return f"{resource}.{expr}"
