"""Keeping the JSON an EHR sent, byte-for-meaning, while the server sets ``id`` and ``meta``.

Re-serialising through the models would rewrite ``+00:00`` as ``Z`` and ``.715Z`` as
``.715000Z``; even a plain ``json`` round trip turns ``1.50`` into ``1.5``. Decimal literals are
therefore carried as raw fragments, and only ``id`` and the server-owned ``meta`` fields change.
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

from gateway.errors import BadRequest

# A number with a fraction or exponent somewhere outside a string would lose its literal form.
_DECIMAL_LITERAL = re.compile(rb"[:\[,]\s*-?\d+(?:\.\d+)?[eE.]")
# Every digit read as 0, so 19 digits in a row are one substring search (a regex took ~0.4 ms a Bundle).
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_LONG_DIGITS = b"0" * 19


def _raw_int(text: str) -> Any:
    value = int(text)
    return value if -(2**63) <= value < 2**63 else orjson.Fragment(text.encode())


def has_nul(node: Any) -> bool:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def parse_json(body: bytes) -> Any:
    """Parse a request body; decimals keep their literal form only in ``parse_exact``."""
    data = _parse(body)
    # FHIR strings cannot hold NUL (and PostgreSQL text cannot store it): refuse it up front
    if b"\\u0000" in body and has_nul(data):
        raise BadRequest("NUL characters (\\u0000) are not allowed in FHIR strings", expression="body")
    return data


def _parse(body: bytes) -> Any:
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as first:
        if "depth" in str(first):
            raise BadRequest("Request body is nested too deeply", expression="body") from first
        try:
            return json.loads(body)  # orjson refuses integers beyond 64 bits, JSON allows them
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            raise BadRequest(f"Request body is not valid JSON: {first}", expression="body") from exc


def _raw_decimal(text: str) -> orjson.Fragment:
    return orjson.Fragment(text.encode())


def parse_exact(body: bytes, parsed: Any) -> Any:
    """The same document with decimal literals preserved for re-serialisation."""
    if not _DECIMAL_LITERAL.search(body):
        return parsed
    # The integer hook is a Python call per integer (a third of the parse); only integers beyond
    # 64 bits, which orjson cannot write back, need it, and they have 19 digits or more.
    if _LONG_DIGITS in body.translate(_DIGITS_AS_ZERO):
        return json.loads(body, parse_float=_raw_decimal, parse_int=_raw_int)
    return json.loads(body, parse_float=_raw_decimal)


def stamp(exact: dict[str, Any], *, res_id: str, version: int, last_updated: str) -> dict[str, Any]:
    """Set the server-owned parts: id first after resourceType, then meta, then the rest as received."""
    meta = dict(exact.get("meta") or {})
    meta["versionId"] = str(version)
    meta["lastUpdated"] = last_updated
    out: dict[str, Any] = {"resourceType": exact["resourceType"], "id": res_id, "meta": meta}
    for key, value in exact.items():
        if key not in out:
            out[key] = value
    return out


def dumps(doc: Any) -> bytes:
    return orjson.dumps(doc)
