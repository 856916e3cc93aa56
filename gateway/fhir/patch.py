"""JSON Patch (RFC 6902) on a stored resource: the ``patch`` interaction, alone or in a Bundle.

The patched resource is written back as a new version like any update (validated, indexed,
versioned), so what makes it special is only the JSON: the stored text keeps its decimal literals
(``1.50`` stays ``1.50``), so documents are read with ``Decimal`` numbers, which survive the
patch library's copies, and written back as the literals they hold.

FHIRPath Patch (a ``Parameters`` body) is not offered: JSON Patch is what EHR integration engines
send, and the CapabilityStatement says so in ``patchFormat``.
"""

from __future__ import annotations

import base64
import binascii
import json
from decimal import Decimal
from typing import Any

import jsonpatch
import jsonpointer
import orjson

from gateway.errors import BadRequest, InvalidResource, UnsupportedMediaType
from gateway.fhir.jsontext import has_nul

JSON_PATCH = "application/json-patch+json"


def _number(text: str) -> int | Decimal:
    value = int(text)
    return value if -(2**63) <= value < 2**63 else Decimal(text)


def _load(text: str | bytes) -> Any:
    return json.loads(text, parse_float=Decimal, parse_int=_number)


def _literal(value: Any) -> Any:
    if isinstance(value, Decimal):
        return orjson.Fragment(str(value).encode())
    raise TypeError(f"{type(value).__name__} is not JSON")


def parse_patch(body: bytes, *, expression: str = "body") -> list[dict[str, Any]]:
    """The operations of a JSON Patch document, checked for shape before anything is read."""
    try:
        ops = _load(body)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise BadRequest(f"The JSON Patch is not valid JSON: {exc}", expression=expression) from exc
    if not isinstance(ops, list) or not all(isinstance(op, dict) for op in ops):
        raise BadRequest("A JSON Patch is a JSON array of operation objects", expression=expression)
    if b"\\u0000" in body and has_nul(ops):
        raise BadRequest("NUL characters (\\u0000) are not allowed in FHIR strings", expression=expression)
    try:
        jsonpatch.JsonPatch(ops)  # checks every operation's name, members and pointers
    except (jsonpatch.JsonPatchException, jsonpointer.JsonPointerException, KeyError, TypeError) as exc:
        raise BadRequest(f"Invalid JSON Patch operation: {exc}", expression=expression) from exc
    return ops


def patch_from_binary(resource: Any, *, expression: str) -> list[dict[str, Any]]:
    """A Bundle carries a PATCH entry's JSON Patch as a Binary (R4 3.1.0.11.2)."""
    if not isinstance(resource, dict):
        raise BadRequest("A PATCH entry needs a Binary holding the JSON Patch", expression=expression)
    if resource.get("resourceType") == "Parameters":
        raise UnsupportedMediaType(
            f"FHIRPath Patch is not supported; send a Binary with contentType {JSON_PATCH}", expression=expression
        )
    if resource.get("resourceType") != "Binary" or resource.get("contentType") != JSON_PATCH:
        raise BadRequest(f"A PATCH entry needs a Binary with contentType {JSON_PATCH}", expression=expression)
    try:
        body = base64.b64decode(resource.get("data") or "", validate=True)
    except (binascii.Error, ValueError) as exc:
        raise BadRequest("Binary.data is not base64", expression=f"{expression}.data") from exc
    return parse_patch(body, expression=f"{expression}.data")


def apply_patch(content: str, ops: list[dict[str, Any]]) -> bytes:
    """The patched resource as JSON text, its untouched decimals as they were written."""
    doc = _load(content)
    try:
        patched = jsonpatch.apply_patch(doc, ops, in_place=True)
    except jsonpatch.JsonPatchTestFailed as exc:
        raise InvalidResource(f"JSON Patch test failed: {exc}") from exc
    except (jsonpatch.JsonPatchException, jsonpointer.JsonPointerException) as exc:
        raise InvalidResource(f"The JSON Patch cannot be applied: {exc}") from exc
    return orjson.dumps(patched, default=_literal)
