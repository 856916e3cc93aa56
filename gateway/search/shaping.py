"""``_summary`` and ``_elements``: returning part of a resource, marked SUBSETTED as the spec asks."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from gateway.validation.structure import SPEC

_ALWAYS = ("resourceType", "id", "meta")
_SUBSETTED = {"system": "http://terminology.hl7.org/CodeSystem/v3-ObservationValue", "code": "SUBSETTED"}


@cache
def _summary_elements() -> dict[str, frozenset[str]]:
    raw = json.loads((SPEC / "r4-summary.json").read_text())
    return {k: frozenset(v) for k, v in raw.items()}


def _matches(key: str, names: frozenset[str] | set[str]) -> bool:
    if key in names:
        return True
    # choice elements: `value` selects valueQuantity, valueString, ...
    return any(key.startswith(n) and len(key) > len(n) and key[len(n)].isupper() for n in names)


def shape(resource: dict[str, Any], *, summary: str | None, elements: list[str] | None) -> dict[str, Any]:
    rtype = resource.get("resourceType", "")
    if summary == "text":
        keep: set[str] | frozenset[str] = {"text"}
    elif summary == "data":
        keep = {k for k in resource if k != "text"}
    elif summary == "true":
        keep = _summary_elements().get(rtype, frozenset())
    elif elements:
        keep = set(elements)
    else:
        return resource
    out = {k: v for k, v in resource.items() if k in _ALWAYS or _matches(k, keep)}
    if len(out) < len(resource):
        meta = dict(out.get("meta") or {})
        meta["tag"] = [*meta.get("tag", []), _SUBSETTED]
        out["meta"] = meta
    return out
