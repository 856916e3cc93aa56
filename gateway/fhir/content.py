"""HTTP details of the FHIR API: media types, Prefer, ETag/If-Match, and response building."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from gateway.errors import (
    FHIR_JSON,
    BadRequest,
    Issue,
    NotAcceptable,
    UnsupportedMediaType,
    operation_outcome,
)
from gateway.fhir.jsontext import dumps, parse_json
from gateway.fhir.patch import JSON_PATCH, parse_patch
from gateway.storage.base import StoredVersion

JSON_TYPES = {"application/fhir+json", "application/json", "application/json+fhir", "text/json"}
_ETAG = re.compile(r'^(?:W/)?"?(\d+)"?$')


async def check_accept(request: Request) -> None:
    fmt = request.query_params.get("_format")
    if fmt and not any(k in fmt for k in ("json", "application/fhir+json")):
        raise NotAcceptable(f"_format '{fmt}' is not supported; this server speaks application/fhir+json")
    accept = request.headers.get("accept", "")
    if accept and not any(t in accept for t in ("json", "*/*", "application/*")):
        raise NotAcceptable(f"Cannot produce '{accept}'; this server speaks application/fhir+json")


async def read_json_body(request: Request) -> tuple[bytes, Any]:
    ctype = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if ctype and ctype not in JSON_TYPES:
        raise UnsupportedMediaType(f"Content-Type '{ctype}' is not supported; send application/fhir+json")
    body = await request.body()
    if not body.strip():
        raise BadRequest("Request body is empty", expression="body")
    return body, parse_json(body)


async def read_patch_body(request: Request) -> list[dict[str, Any]]:
    """A JSON Patch document; a FHIRPath Patch (a Parameters resource as FHIR JSON) is refused by name."""
    ctype = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if ctype != JSON_PATCH:
        raise UnsupportedMediaType(f"PATCH takes {JSON_PATCH} (JSON Patch); FHIRPath Patch is not supported")
    body = await request.body()
    if not body.strip():
        raise BadRequest("Request body is empty", expression="body")
    return parse_patch(body)


def parse_etag(value: str | None) -> int | None:
    if value is None:
        return None
    m = _ETAG.match(value.strip())
    if not m:
        raise BadRequest(f"Malformed ETag '{value}'; expected W/\"<version>\"")
    return int(m.group(1))


def _prefer(request: Request, name: str, default: str) -> str:
    for part in request.headers.get("prefer", "").split(","):
        key, _, value = part.strip().partition("=")
        if key.strip() == name:
            return value.strip().strip('"')
    return default


def prefer_return(request: Request) -> str:
    return _prefer(request, "return", "representation")


def prefer_handling(request: Request) -> str:
    return _prefer(request, "handling", "lenient")


def parse_instant(text: str) -> datetime:
    """A FHIR instant (``2024-03-04T09:30:00.123Z``); ValueError when it is not one."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def http_date(iso_instant: str) -> str:
    return format_datetime(parse_instant(iso_instant).astimezone(UTC), usegmt=True)


def parse_http_date(value: str | None) -> datetime | None:
    """An If-Modified-Since date; one that cannot be read is ignored, as RFC 9110 asks."""
    if not value:
        return None
    try:
        dt = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def modified_since(last_updated: str, since: datetime) -> bool:
    """Whether a version changed after ``since``. An HTTP date has whole seconds, so it is compared to
    the second (a client echoing Last-Modified back gets a 304 for the same version); an instant from
    a Bundle entry is compared as precisely as it was written."""
    changed = parse_instant(last_updated)
    if since.microsecond == 0:
        changed = changed.replace(microsecond=0)
    return changed > since


def version_headers(v: StoredVersion, base: str | None = None) -> dict[str, str]:
    headers = {"ETag": f'W/"{v.version}"', "Last-Modified": http_date(v.last_updated)}
    if base is not None:
        headers["Location"] = f"{base}/{v.res_type}/{v.res_id}/_history/{v.version}"
    return headers


def fhir_response(doc: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    body = doc if isinstance(doc, bytes) else dumps(doc)
    return Response(body, status_code=status, media_type=FHIR_JSON, headers=headers)


def write_response(request: Request, v: StoredVersion, status: int, base: str, message: str) -> Response:
    """Honour ``Prefer: return=minimal|representation|OperationOutcome`` for create/update."""
    headers = version_headers(v, base)
    mode = prefer_return(request)
    if mode == "minimal":
        return Response(status_code=status, headers=headers)
    if mode == "OperationOutcome":
        oo = operation_outcome([Issue(message, "informational", "information")])
        return fhir_response(oo, status, headers)
    return fhir_response((v.content or "").encode(), status, headers)
