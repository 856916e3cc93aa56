"""Index values extracted from a resource at write time.

Each search parameter's FHIRPath expression is compiled once. The common shapes
(``Patient.name``, ``(Observation.value as Quantity)``, ``X.subject.where(resolve() is Patient)``,
``X.telecom.where(system='phone')``) become a small path walker; anything else falls back to
fhirpathpy. Values are then turned into index rows by the parameter's type and the JSON shape of
what was found.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import fhirpathpy

from gateway.search.params import Registry, SearchParam
from gateway.search.references import parse_reference
from gateway.search.values import MAX_STRING, MAX_TIME, MIN_TIME, date_range, normalize
from gateway.storage.base import IndexRows
from gateway.validation.structure import elements

Extractor = Callable[[dict[str, Any]], list[Any]]

_AS = re.compile(r"^\((?P<path>[\w.]+) as (?P<type>\w+)\)$")
_STEP = re.compile(
    r"(?P<name>\w+)"
    r"|where\(resolve\(\) is (?P<resolve>\w+)\)"
    r"|where\((?P<field>\w+)\s*=\s*'(?P<value>[^']*)'\)"
    r"|as\((?P<astype>\w+)\)"
)
_STRING_PARTS = (
    "text",
    "family",
    "given",
    "prefix",
    "suffix",
    "line",
    "city",
    "district",
    "state",
    "postalCode",
    "country",
)


@dataclass(frozen=True)
class _Step:
    kind: str  # "name" | "resolve" | "where" | "as"
    arg: str
    value: str = ""


def _compile_path(expr: str) -> list[_Step] | None:
    expr = expr.strip()
    m = _AS.match(expr)
    suffix: list[_Step] = []
    if m:
        expr = m.group("path")
        suffix = [_Step("as", m.group("type"))]
    parts = _split_dots(expr)
    if len(parts) < 2:
        return None
    steps: list[_Step] = []
    for part in parts[1:]:  # the first part is the resource type
        sm = _STEP.fullmatch(part)
        if sm is None:
            return None
        if sm.group("name"):
            steps.append(_Step("name", sm.group("name")))
        elif sm.group("resolve"):
            steps.append(_Step("resolve", sm.group("resolve")))
        elif sm.group("field"):
            steps.append(_Step("where", sm.group("field"), sm.group("value")))
        else:
            steps.append(_Step("as", sm.group("astype")))
    return _merge_as(steps + suffix)


def _merge_as(steps: list[_Step]) -> list[_Step]:
    """``value.as(Quantity)`` reads the choice element ``valueQuantity``."""
    out: list[_Step] = []
    for step in steps:
        if step.kind == "as" and out and out[-1].kind == "name":
            prev = out.pop()
            type_name = step.arg[0].upper() + step.arg[1:]
            out.append(_Step("name", prev.arg + type_name, prev.arg))
        else:
            out.append(step)
    return out


def _split_dots(expr: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    for ch in expr:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "." and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return parts


@cache
def _choice_stems() -> frozenset[str]:
    """Names that are choice elements somewhere in R4 (``value`` of ``value[x]``): only these need
    the scan for a typed key; every other name is a plain dictionary lookup."""
    stems = set()
    for table in elements().values():
        for path in table:
            if path.endswith("[x]"):
                stems.add(path[:-3].rsplit(".", 1)[-1])
    return frozenset(stems)


def _children(node: Any, name: str, exact: bool) -> Iterator[Any]:
    if not isinstance(node, dict):
        return
    value = node.get(name)
    if value is None and not exact and name in _choice_stems():
        # choice element: `effective` covers effectiveDateTime, effectivePeriod, ...
        for key, val in node.items():
            if key.startswith(name) and len(key) > len(name) and key[len(name)].isupper():
                value = val
                break
    if value is None:
        return
    if isinstance(value, list):
        yield from value
    else:
        yield value


def _walker(steps: list[_Step]) -> Extractor:
    def run(resource: dict[str, Any]) -> list[Any]:
        nodes: list[Any] = [resource]
        for step in steps:
            if step.kind == "name":
                nodes = [c for n in nodes for c in _children(n, step.arg, exact=bool(step.value))]
            elif step.kind == "resolve":
                nodes = [n for n in nodes if isinstance(n, dict) and _ref_type(n) == step.arg]
            elif step.kind == "where":
                nodes = [n for n in nodes if isinstance(n, dict) and n.get(step.arg) == step.value]
            if not nodes:
                return []
        return nodes

    return run


def _ref_type(node: dict[str, Any]) -> str | None:
    ref = node.get("reference")
    if isinstance(ref, str):
        parsed = parse_reference(ref)
        return parsed[0] if parsed else None
    return node.get("type")


def _fhirpath(expr: str) -> Extractor:
    compiled = fhirpathpy.compile(expr)

    def run(resource: dict[str, Any]) -> list[Any]:
        try:
            return list(compiled(resource))
        except Exception:
            return []

    return run


_EXISTS_NOT_FALSE = re.compile(r"^(?P<path>[\w.]+)\.exists\(\) and (?P=path) != false$")


def _exists_not_false(path: str) -> Extractor | None:
    """``X.exists() and X != false`` (Patient.deceased): true when X is there and not ``false``."""
    steps = _compile_path(path)
    if steps is None:
        return None
    walk = _walker(steps)

    def run(resource: dict[str, Any]) -> list[Any]:
        values = walk(resource)
        return [bool(values) and values != [False]]

    return run


@dataclass(frozen=True, slots=True)
class _Part:
    """One ``|`` branch of an expression, and the resource's top-level element it reads.

    Most of a type's parameters read elements that a given resource does not have (an Observation
    has about 40 parameters); a dictionary-key test on ``needs`` skips those without walking.
    ``needs`` is None when no such test is safe: fhirpathpy fallbacks, ``exists() and ...``
    (which yields ``false`` for an absent element) and choice stems (``value`` matches
    ``valueQuantity``).
    """

    needs: str | None
    run: Extractor


def _needs(steps: list[_Step]) -> str | None:
    """The top-level key a walker reads first, if its absence alone proves the walk finds nothing."""
    first = steps[0] if steps else None
    if first is None or first.kind != "name":
        return None
    if not first.value and first.arg in _choice_stems():  # `effective` may be stored as effectivePeriod
        return None
    return first.arg


def _compile_parts(expression: str) -> list[_Part]:
    parts = []
    for part in (p.strip() for p in expression.split(" | ")):
        m = _EXISTS_NOT_FALSE.match(part)
        if m and (special := _exists_not_false(m.group("path"))):
            parts.append(_Part(None, special))
            continue
        steps = _compile_path(part)
        if steps is None:
            parts.append(_Part(None, _fhirpath(part)))
        else:
            parts.append(_Part(_needs(steps), _walker(steps)))
    return parts


def compile_expression(expression: str) -> Extractor:
    parts = _compile_parts(expression)
    if len(parts) == 1:
        return parts[0].run
    return lambda resource: [v for part in parts for v in part.run(resource)]


# --- values -> index rows, by parameter type ---------------------------------------------------


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key in _STRING_PARTS:
            part = value.get(key)
            for item in part if isinstance(part, list) else [part]:
                if isinstance(item, str):
                    yield item


def _tokens(value: Any) -> Iterator[tuple[str | None, str | None, str | None]]:
    if isinstance(value, bool):
        yield None, "true" if value else "false", None
    elif isinstance(value, str | int):
        yield None, str(value), None
    elif isinstance(value, dict):
        if "coding" in value or ("text" in value and "code" not in value and "value" not in value):
            for coding in value.get("coding", []):
                if isinstance(coding, dict):
                    yield coding.get("system"), coding.get("code"), coding.get("display")
            if isinstance(value.get("text"), str):
                yield None, None, value["text"]
        elif "code" in value or ("system" in value and "value" not in value):
            yield value.get("system"), value.get("code"), value.get("display")
        elif "value" in value:  # Identifier, ContactPoint
            yield value.get("system"), value.get("value"), (value.get("type") or {}).get("text")


def _dates(value: Any) -> Iterator[tuple[int, int]]:
    if isinstance(value, str):
        rng = date_range(value)
        if rng:
            yield rng
    elif isinstance(value, dict):
        if "start" in value or "end" in value:
            start = date_range(value["start"]) if isinstance(value.get("start"), str) else None
            end = date_range(value["end"]) if isinstance(value.get("end"), str) else None
            yield (start[0] if start else MIN_TIME), (end[1] if end else MAX_TIME)
        for event in value.get("event", []) if isinstance(value.get("event"), list) else []:
            yield from _dates(event)
        repeat = value.get("repeat")
        if isinstance(repeat, dict) and isinstance(repeat.get("boundsPeriod"), dict):
            yield from _dates(repeat["boundsPeriod"])


def _numbers(value: Any) -> Iterator[float]:
    if isinstance(value, int | float) and not isinstance(value, bool):
        yield float(value)


def _quantities(value: Any) -> Iterator[tuple[str | None, str | None, float]]:
    if isinstance(value, dict) and isinstance(value.get("value"), int | float):
        code = value.get("code") or value.get("unit") or value.get("currency")
        yield value.get("system"), code, float(value["value"])


def _uris(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value


def rows_for(param: SearchParam, values: Iterable[Any]) -> Iterator[dict[str, Any]]:
    code = param.code
    t = param.type
    for value in values:
        if t == "string":
            for s in _strings(value):
                yield {"param": code, "value": normalize(s), "exact": s}
        elif t == "token":
            for system, tok, text in _tokens(value):
                yield {
                    "param": code,
                    "system": system[:MAX_STRING] if system else None,
                    "code": tok[:MAX_STRING] if tok else None,
                    "text": normalize(text) if text else None,
                }
        elif t == "reference":
            for target in _references(value):
                yield {"param": code, **target}
        elif t == "date":
            for low, high in _dates(value):
                yield {"param": code, "low": low, "high": high}
        elif t == "number":
            for n in _numbers(value):
                yield {"param": code, "low": n, "high": n}
        elif t == "quantity":
            for system, unit, n in _quantities(value):
                yield {"param": code, "system": system, "code": unit, "low": n, "high": n}
        elif t == "uri":
            for u in _uris(value):
                yield {"param": code, "uri": u[:1000]}


def _references(value: Any) -> Iterator[dict[str, Any]]:
    ref = value.get("reference") if isinstance(value, dict) else value if isinstance(value, str) else None
    if not isinstance(ref, str) or ref.startswith("#"):
        return
    parsed = parse_reference(ref)
    if parsed:
        rtype, rid, url = parsed
        yield {"target_type": rtype, "target_id": rid, "url": url}
    else:
        yield {"target_type": None, "target_id": None, "url": ref[:1000]}


class Indexer:
    """Compiled extractors for every indexed parameter of every resource type."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._compiled: dict[str, list[tuple[SearchParam, list[_Part]]]] = {}

    def _for_type(self, rtype: str) -> list[tuple[SearchParam, list[_Part]]]:
        compiled = self._compiled.get(rtype)
        if compiled is None:
            compiled = [(p, _compile_parts(p.expression)) for p in self.registry.for_type(rtype).values() if p.indexed]
            self._compiled[rtype] = compiled
        return compiled

    def extract(self, resource: dict[str, Any]) -> IndexRows:
        rows = IndexRows()
        for param, parts in self._for_type(resource["resourceType"]):
            values = [v for part in parts if part.needs is None or part.needs in resource for v in part.run(resource)]
            if not values:
                continue
            kind = param.type
            seen: set[tuple[Any, ...]] = set()
            for row in rows_for(param, values):
                key = tuple(row.values())
                if key not in seen:
                    seen.add(key)
                    rows.add(kind, row)
        return rows
