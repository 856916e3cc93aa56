"""Base-spec structure checks that fhir.resources leaves out.

fhir.resources coerces JSON leniently (``"active": "yes"`` becomes ``True``) and does not check
codes (``"status": "bogus"`` passes). FHIR JSON is strict on both, so every write is walked once
against the R4 element table (vendored from the spec's StructureDefinitions): primitives must
have their JSON type, and ``code`` elements with a required binding must use a code from the
bound value set.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from gateway.errors import Issue

SPEC = Path(__file__).resolve().parents[1] / "fhir" / "spec"

_INT_TYPES = {"integer", "positiveInt", "unsignedInt", "integer64"}
_JSON_TYPE_NAMES = {
    "boolean": "a JSON boolean",
    "decimal": "a JSON number",
    **dict.fromkeys(_INT_TYPES, "a JSON integer"),
}
_INLINE = {"BackboneElement", "Element"}
_NOT_ELEMENTS = {"resourceType", "fhir_comments"}


@cache
def elements() -> dict[str, dict[str, list[Any]]]:
    """The vendored R4 element table: type -> path -> [min, max, types, required value set, ref]."""
    return json.loads((SPEC / "r4-elements.json").read_text())


@cache
def required_codes() -> dict[str, frozenset[str]]:
    raw = json.loads((SPEC / "r4-required-codes.json").read_text())
    return {url: frozenset(codes) for url, codes in raw.items()}


@cache
def _resolved(type_name: str) -> dict[str, tuple[str, str, str | None, str | None]]:
    """json path (concrete choice names) -> (type code, max, required value set, content reference)."""
    table = elements().get(type_name, {})
    out: dict[str, tuple[str, str, str | None, str | None]] = {}
    for path, (_, max_, types, vs, ref) in table.items():
        if path.endswith("[x]"):
            stem = path[:-3]
            for t in types:
                out[stem + t[0].upper() + t[1:]] = (t, max_, vs, ref)
        else:
            out[path] = (types[0] if types else "Element", max_, vs, ref)
    return out


@cache
def _has_children(type_name: str, path: str) -> bool:
    prefix = path + "."
    return any(k.startswith(prefix) for k in _resolved(type_name))


def check_structure(resource: dict[str, Any]) -> list[Issue]:
    issues: list[Issue] = []
    rtype = resource.get("resourceType")
    if isinstance(rtype, str) and rtype in elements():
        _walk(rtype, "", resource, rtype, issues)
    return issues


Info = tuple[str, str, str | None, str | None]
# Where an object value's own properties are checked: (type, base path), "Resource" or None.
Nested = tuple[str, str] | str | None


@cache
def _properties(type_name: str, base: str) -> dict[str, tuple[str, Info, Nested]]:
    """JSON property -> (element path, element info, where its object value is walked), for the
    properties of an object at ``base`` in ``type_name``: prepared once instead of per value."""
    prefix = base + "." if base else ""
    out: dict[str, tuple[str, Info, Nested]] = {}
    for path, info in _resolved(type_name).items():
        key = path[len(prefix) :]  # may hold dots: a JSON name "code.coding" is looked up as that path
        if path.startswith(prefix) and key not in _NOT_ELEMENTS and not key.startswith("_"):
            out[key] = (path, info, _nested(type_name, path, info))
    return out


def _nested(type_name: str, path: str, info: Info) -> Nested:
    type_code, _, _, ref = info
    if ref is not None:
        return (type_name, ref)
    if type_code == "Resource":
        return "Resource"
    if type_code in _INLINE or _has_children(type_name, path):
        return (type_name, path)
    if type_code in elements():
        return (type_code, "")
    return None


def _walk(type_name: str, base: str, obj: dict[str, Any], expr: str, issues: list[Issue]) -> None:
    properties = _properties(type_name, base)
    for key, value in obj.items():
        found = properties.get(key)
        if found is None:
            continue  # unknown elements are reported by the model validation; resourceType, _x are not elements
        if not value and not isinstance(value, (bool, int, float)):
            # R4 JSON has no null, empty string, empty array or empty object elements (ele-1). The model
            # reads them as absent, so they would be stored as sent, and a null list crashed indexing.
            issues.append(_empty(value, f"{expr}.{key}"))
            continue
        if isinstance(value, list):
            placeholders = obj.get("_" + key)
            for i, item in enumerate(value):
                if not item and not isinstance(item, (bool, int, float)):
                    if item is None and _extended(placeholders, i):
                        continue  # [null] holds the place of a primitive that has only an extension
                    issues.append(_empty(item, f"{expr}.{key}[{i}]"))
                else:
                    _check_value(found, item, f"{expr}.{key}[{i}]", issues)
        else:
            _check_value(found, value, f"{expr}.{key}", issues)


_EMPTY_NAMES = {str: "An empty string", list: "An empty array", dict: "An empty object"}


def _empty(value: Any, expr: str) -> Issue:
    what = "null" if value is None else _EMPTY_NAMES.get(type(value), "An empty value")
    return Issue(f"{what} is not a FHIR JSON value: leave the element out", "structure", "error", [expr])


def _extended(placeholders: Any, index: int) -> bool:
    return isinstance(placeholders, list) and index < len(placeholders) and isinstance(placeholders[index], dict)


def _check_value(found: tuple[str, Info, Nested], value: Any, expr: str, issues: list[Issue]) -> None:
    _, info, nested = found
    type_code, _, valueset, _ = info
    if type_code in _JSON_TYPE_NAMES or type_code in _INT_TYPES:
        ok = (
            isinstance(value, bool)
            if type_code == "boolean"
            else isinstance(value, int) and not isinstance(value, bool)
            if type_code in _INT_TYPES
            else isinstance(value, int | float) and not isinstance(value, bool)
        )
        if not ok:
            issues.append(Issue(f"Value must be {_JSON_TYPE_NAMES[type_code]}", "structure", "error", [expr]))
        return
    if not isinstance(value, dict):
        if not isinstance(value, str):
            issues.append(Issue("Value must be a JSON string", "structure", "error", [expr]))
        elif valueset and value not in required_codes()[valueset]:
            issues.append(
                Issue(f"Code '{value}' is not in the required value set {valueset}", "code-invalid", "error", [expr])
            )
        return
    target = _object_type(nested, value)
    if target is not None:
        _walk(target[0], target[1], value, expr, issues)


def _object_type(nested: Nested, obj: dict[str, Any]) -> tuple[str, str] | None:
    """(type, base path) an object value's properties are looked up in: its element's, or for a
    contained resource its own resourceType's; None when the table does not describe it."""
    if nested == "Resource":
        inner = obj.get("resourceType")
        return (inner, "") if isinstance(inner, str) and inner in elements() else None
    return nested if isinstance(nested, tuple) else None


Slot = tuple[dict[str, Any] | list[Any], str | int, str]


def typed_strings(resource: dict[str, Any], type_codes: frozenset[str]) -> list[Slot]:
    """(container, key, type code) of every string value whose element has one of ``type_codes``,
    in contained resources too: a Bundle's fullUrls must be rewritten in ``uri`` elements but not in
    ``string`` ones (``Identifier.value`` often holds a ``urn:uuid:``), and only the element table knows
    which is which."""
    found: list[Slot] = []
    rtype = resource.get("resourceType")
    if isinstance(rtype, str) and rtype in elements():
        _collect(rtype, "", resource, type_codes, found)
    return found


def _collect(type_name: str, base: str, obj: dict[str, Any], codes: frozenset[str], found: list[Slot]) -> None:
    properties = _properties(type_name, base)
    for key, value in obj.items():
        prop = properties.get(key)
        if prop is None:
            continue
        _, (type_code, *_), nested = prop
        slots: list[tuple[Any, Any]] = list(enumerate(value)) if isinstance(value, list) else [(key, value)]
        holder = value if isinstance(value, list) else obj
        for slot, item in slots:
            if isinstance(item, str):
                if type_code in codes:
                    found.append((holder, slot, type_code))
            elif isinstance(item, dict) and (target := _object_type(nested, item)) is not None:
                _collect(target[0], target[1], item, codes, found)
