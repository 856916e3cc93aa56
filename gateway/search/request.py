"""Parsing a search request (query string or form body) into what the query layer needs."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from typing import Any

import orjson

from gateway.errors import BadRequest, Issue
from gateway.search.params import RESULT_PARAMS, Registry
from gateway.search.query import parse_name

_COMMA = re.compile(r"(?<!\\),")


@dataclass(frozen=True)
class IncludeSpec:
    source: str
    param: str  # "*" for every reference parameter
    target: str | None
    iterate: bool


@dataclass
class SearchRequest:
    rtype: str
    criteria: list[tuple[str, list[str]]] = field(default_factory=list)
    sort: list[tuple[str, bool]] = field(default_factory=list)
    count: int = 50
    includes: list[IncludeSpec] = field(default_factory=list)
    revincludes: list[IncludeSpec] = field(default_factory=list)
    summary: str | None = None
    elements: list[str] | None = None
    total: str = "accurate"
    cursor: dict[str, Any] | None = None
    ignored: list[Issue] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)


def split_values(raw: str) -> list[str]:
    return [v.replace("\\,", ",") for v in _COMMA.split(raw) if v != ""]


def encode_cursor(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(data)).decode().rstrip("=")


def decode_cursor(token: str) -> dict[str, Any]:
    try:
        data = orjson.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (ValueError, orjson.JSONDecodeError) as exc:
        raise BadRequest("Invalid _cursor", expression="_cursor") from exc
    if not isinstance(data, dict) or not isinstance(data.get("k"), list) or data.get("d") not in ("next", "prev"):
        raise BadRequest("Invalid _cursor", expression="_cursor")
    return data


def _include(raw: str, iterate: bool, rtype: str) -> IncludeSpec:
    if raw == "*":  # every reference of the matched resources
        return IncludeSpec(rtype, "*", None, iterate)
    parts = raw.split(":")
    if len(parts) < 2:
        raise BadRequest(f"Malformed include '{raw}'; expected SourceType:parameter[:TargetType]")
    return IncludeSpec(parts[0], parts[1], parts[2] if len(parts) > 2 else None, iterate)


def parse_search(
    rtype: str,
    pairs: list[tuple[str, str]],
    *,
    registry: Registry,
    default_count: int,
    max_count: int,
    strict: bool,
) -> SearchRequest:
    req = SearchRequest(rtype=rtype, count=default_count, pairs=[(k, v) for k, v in pairs if k != "_cursor"])
    known = registry.for_type(rtype)
    for name, raw in pairs:
        if "\x00" in name or "\x00" in raw:
            raise BadRequest("NUL characters are not allowed in search parameters", expression=name)
        base_name = name.split(":", 1)[0] if not name.startswith("_has:") else "_has"
        if base_name == "_count":
            if not raw.isdigit():
                raise BadRequest(f"_count must be a non-negative integer, got '{raw}'", expression="_count")
            req.count = min(int(raw), max_count)
        elif base_name == "_sort":
            for key in split_values(raw):
                desc = key.startswith("-")
                req.sort.append((key.lstrip("-"), desc))
        elif base_name == "_include":
            req.includes += [_include(v, name.endswith(":iterate"), rtype) for v in split_values(raw)]
        elif base_name == "_revinclude":
            req.revincludes += [_include(v, name.endswith(":iterate"), rtype) for v in split_values(raw)]
        elif base_name == "_summary":
            if raw not in ("true", "false", "text", "data", "count"):
                raise BadRequest(f"Invalid _summary '{raw}'", expression="_summary")
            req.summary = raw
        elif base_name == "_elements":
            req.elements = [e.strip() for e in split_values(raw)]
        elif base_name == "_total":
            if raw not in ("none", "estimate", "accurate"):
                raise BadRequest(f"Invalid _total '{raw}'", expression="_total")
            req.total = raw
        elif base_name == "_cursor":
            req.cursor = decode_cursor(raw)
        elif base_name in ("_format", "_pretty"):
            continue
        elif base_name in RESULT_PARAMS:
            _ignore(req, name, f"Result parameter '{name}' is not supported", strict)
        elif base_name in ("_id", "_lastUpdated", "_has") or parse_name(name).code in known:
            values = split_values(raw)
            if values:
                req.criteria.append((name, values))
        else:
            _ignore(req, name, f"Unknown search parameter '{name}' for {rtype} was ignored", strict)
    return req


def _ignore(req: SearchRequest, name: str, message: str, strict: bool) -> None:
    if strict:
        raise BadRequest(message.replace(" was ignored", ""), expression=name)
    req.ignored.append(Issue(message, "not-supported", "warning", [name]))
