"""Index values extracted from a resource at write time.

Each search parameter's FHIRPath expression is compiled once. The common shapes
(``Patient.name``, ``(Observation.value as Quantity)``, ``X.subject.where(resolve() is Patient)``,
``X.telecom.where(system='phone')``) become a small path walker; anything else falls back to
fhirpathpy. Values are then turned into index rows by the parameter's type and the JSON shape of
what was found.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
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


def _choice_value(node: dict[str, Any], stem: str) -> Any:
    """The value of choice element ``stem`` (``effective`` covers effectiveDateTime, effectivePeriod, ...)."""
    for key, val in node.items():
        if key.startswith(stem) and len(key) > len(stem) and key[len(stem)].isupper():
            return val
    return None


def _child(node: dict[str, Any], name: str, choice: bool) -> Any:
    """``node[name]``, or for a choice stem the typed key (``value`` -> ``valueQuantity``)."""
    child = node.get(name)
    if child is None and choice:
        child = _choice_value(node, name)
    return child


def _walker(steps: list[_Step]) -> Extractor:
    """A loop over precomputed steps: this runs for ~10 parameters of every stored resource, so it
    builds plain lists rather than chaining generators."""
    stems = _choice_stems()
    plan = [
        (step.kind, step.arg, step.value, step.kind == "name" and not step.value and step.arg in stems)
        for step in steps
    ]

    if len(plan) == 1 and plan[0][0] == "name":  # most parameters: `Patient.gender`
        name, choice = plan[0][1], plan[0][3]

        def run_name(resource: dict[str, Any]) -> list[Any]:
            if not isinstance(resource, dict):
                return []
            child = _child(resource, name, choice)
            if child is None:
                return []
            return list(child) if isinstance(child, list) else [child]

        return run_name

    if len(plan) == 2 and plan[0][0] == "name" and plan[1][0] == "name":  # `Patient.meta.tag`
        return _name2_walker(plan[0][1], plan[0][3], plan[1][1], plan[1][3])

    def run(resource: dict[str, Any]) -> list[Any]:
        nodes: list[Any] = [resource]
        for kind, arg, value, choice in plan:
            if kind == "name":
                nodes = _named_children(nodes, arg, choice)
            elif kind == "resolve":
                nodes = [n for n in nodes if isinstance(n, dict) and _ref_type(n) == arg]
            elif kind == "where":
                nodes = [n for n in nodes if isinstance(n, dict) and n.get(arg) == value]
            if not nodes:
                return []
        return nodes

    return run


def _named_children(nodes: list[Any], name: str, choice: bool) -> list[Any]:
    """The ``name`` values of every object in ``nodes``, lists flattened one level (non-objects skipped)."""
    found: list[Any] = []
    for node in nodes:
        if not isinstance(node, dict):
            continue
        child = _child(node, name, choice)
        if child is None:
            continue
        if isinstance(child, list):
            found.extend(child)
        else:
            found.append(child)
    return found


def _name2_walker(first: str, first_choice: bool, second: str, second_choice: bool) -> Extractor:
    """Two-name paths (``meta.profile``, ``participant.type``: a fifth of all walks) without the
    generic step loop; an object in the middle (``meta``) needs no intermediate list.

    Same results as the generic walker: non-objects are skipped, lists are flattened one level.
    """

    def run_name2(resource: dict[str, Any]) -> list[Any]:
        if not isinstance(resource, dict):
            return []
        middle = _child(resource, first, first_choice)
        if isinstance(middle, dict):
            child = _child(middle, second, second_choice)
            if child is None:
                return []
            return list(child) if isinstance(child, list) else [child]
        if not isinstance(middle, list):
            return []
        return _named_children(middle, second, second_choice)

    return run_name2


# ``parse_reference`` is pure and runs two regular expressions; a resource's ``subject`` is read by both
# `patient` (``where(resolve() is Patient)``) and `subject`, and a visit's resources share their references.
_parse_ref = lru_cache(maxsize=4096)(parse_reference)


def _ref_type(node: dict[str, Any]) -> str | None:
    ref = node.get("reference")
    if isinstance(ref, str):
        parsed = _parse_ref(ref)
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


def _union(parts: list[_Part]) -> Extractor:
    """The values of every ``|`` branch in order; a branch whose top-level element is absent is not walked."""
    branches = tuple((part.needs, part.run) for part in parts)

    def run_union(resource: dict[str, Any]) -> list[Any]:
        values: list[Any] = []
        for needs, run in branches:
            if needs is None or needs in resource:
                values += run(resource)
        return values

    return run_union


def compile_expression(expression: str) -> Extractor:
    parts = _compile_parts(expression)
    return parts[0].run if len(parts) == 1 else _union(parts)


# --- values -> index rows, by parameter type ---------------------------------------------------


Cells = tuple[Any, ...]


# Cell functions return a sequence (a tuple for the usual one cell, ``_NO_CELLS`` for none) rather
# than being generators: ~20 values a resource, and a generator costs more to make and drain.
_NO_CELLS: tuple[Cells, ...] = ()


def _string_cells(value: Any) -> Sequence[Cells]:
    if isinstance(value, str):
        return ((normalize(value), value),)
    if not isinstance(value, dict):
        return _NO_CELLS
    out: list[Cells] = []
    for key in _STRING_PARTS:
        part = value.get(key)
        for item in part if isinstance(part, list) else (part,):
            if isinstance(item, str):
                out.append((normalize(item), item))
    return out


def _token(system: Any, code: Any, text: Any) -> Cells:
    return (
        system[:MAX_STRING] if system else None,
        code[:MAX_STRING] if code else None,
        normalize(text) if text else None,
    )


def _token_cells(value: Any) -> Sequence[Cells]:
    if isinstance(value, bool):
        return ((None, "true" if value else "false", None),)
    if isinstance(value, str | int):
        return (_token(None, str(value), None),)
    if not isinstance(value, dict):
        return _NO_CELLS
    if "coding" in value or ("text" in value and "code" not in value and "value" not in value):
        out: list[Cells] = []
        for coding in value.get("coding", []):
            if isinstance(coding, dict):
                out.append(_token(coding.get("system"), coding.get("code"), coding.get("display")))
        if isinstance(value.get("text"), str):
            out.append(_token(None, None, value["text"]))
        return out
    if "code" in value or ("system" in value and "value" not in value):
        return (_token(value.get("system"), value.get("code"), value.get("display")),)
    if "value" in value:  # Identifier, ContactPoint
        return (_token(value.get("system"), value.get("value"), (value.get("type") or {}).get("text")),)
    return _NO_CELLS


# ``date_range`` is pure and costs ~10 us; the Observations of one visit share their timestamps.
_date_range = lru_cache(maxsize=4096)(date_range)


def _date_cells(value: Any) -> Sequence[Cells]:
    if isinstance(value, str):
        rng = _date_range(value)
        return (rng,) if rng else _NO_CELLS
    if not isinstance(value, dict):
        return _NO_CELLS
    out: list[Cells] = []
    if "start" in value or "end" in value:
        start = _date_range(value["start"]) if isinstance(value.get("start"), str) else None
        end = _date_range(value["end"]) if isinstance(value.get("end"), str) else None
        out.append(((start[0] if start else MIN_TIME), (end[1] if end else MAX_TIME)))
    for event in value.get("event", []) if isinstance(value.get("event"), list) else []:
        out.extend(_date_cells(event))
    repeat = value.get("repeat")
    if isinstance(repeat, dict) and isinstance(repeat.get("boundsPeriod"), dict):
        out.extend(_date_cells(repeat["boundsPeriod"]))
    return out


def _number_cells(value: Any) -> Sequence[Cells]:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return ((float(value), float(value)),)
    return _NO_CELLS


def _quantity_cells(value: Any) -> Sequence[Cells]:
    if isinstance(value, dict) and isinstance(value.get("value"), int | float):
        code = value.get("code") or value.get("unit") or value.get("currency")
        return ((value.get("system"), code, float(value["value"]), float(value["value"])),)
    return _NO_CELLS


def _uri_cells(value: Any) -> Sequence[Cells]:
    if isinstance(value, str):
        return ((value[:1000],),)
    return _NO_CELLS


def _reference_cells(value: Any) -> Sequence[Cells]:
    ref = value.get("reference") if isinstance(value, dict) else value if isinstance(value, str) else None
    if not isinstance(ref, str) or ref.startswith("#"):
        return _NO_CELLS
    parsed = _parse_ref(ref)
    if parsed:
        return (parsed,)
    return ((None, None, ref[:1000]),)


def _string_row(code: str, c: Cells) -> dict[str, Any]:
    return {"param": code, "value": c[0], "exact": c[1]}


def _token_row(code: str, c: Cells) -> dict[str, Any]:
    return {"param": code, "system": c[0], "code": c[1], "text": c[2]}


def _reference_row(code: str, c: Cells) -> dict[str, Any]:
    return {"param": code, "target_type": c[0], "target_id": c[1], "url": c[2]}


def _range_row(code: str, c: Cells) -> dict[str, Any]:
    return {"param": code, "low": c[0], "high": c[1]}


def _quantity_row(code: str, c: Cells) -> dict[str, Any]:
    return {"param": code, "system": c[0], "code": c[1], "low": c[2], "high": c[3]}


def _uri_row(code: str, c: Cells) -> dict[str, Any]:
    return {"param": code, "uri": c[0]}


CellsOf = Callable[[Any], Sequence[Cells]]
RowOf = Callable[[str, Cells], dict[str, Any]]

# Per parameter type: the cells (a row's values after ``param``) a found value gives, and the row
# they make. Cells are the duplicate check, so a row dict is only built for a new one; a dict
# display is three times cheaper than dict(zip(names, values)).
_ROWS: dict[str, tuple[CellsOf, RowOf]] = {
    "string": (_string_cells, _string_row),
    "token": (_token_cells, _token_row),
    "reference": (_reference_cells, _reference_row),
    "date": (_date_cells, _range_row),
    "number": (_number_cells, _range_row),
    "quantity": (_quantity_cells, _quantity_row),
    "uri": (_uri_cells, _uri_row),
}


@dataclass(frozen=True, slots=True)
class _Plan:
    """One indexed parameter of a resource type, ready to run.

    ``needs`` is the single top-level key every branch reads (None if there is no single one), so
    ``extract`` can skip the parameter with one dictionary test before anything else. ``run`` is the
    one walker of a single-branch expression, or a union that tests each branch's key itself: one
    call per parameter, no branch loop in ``extract``.
    """

    code: str
    kind: str
    needs: str | None
    run: Extractor
    cells_of: CellsOf
    row_of: RowOf


def _plan(param: SearchParam) -> _Plan | None:
    if param.type not in _ROWS:
        return None
    parts = _compile_parts(param.expression)
    if len(parts) == 1:
        needs, run = parts[0].needs, parts[0].run
    else:
        needs, run = None, _union(parts)
    cells_of, row_of = _ROWS[param.type]
    return _Plan(param.code, param.type, needs, run, cells_of, row_of)


class Indexer:
    """Compiled extractors for every indexed parameter of every resource type."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._compiled: dict[str, list[_Plan]] = {}

    def _for_type(self, rtype: str) -> list[_Plan]:
        compiled = self._compiled.get(rtype)
        if compiled is None:
            plans = (_plan(p) for p in self.registry.for_type(rtype).values() if p.indexed and not p.stored_as)
            compiled = [plan for plan in plans if plan is not None]
            self._compiled[rtype] = compiled
        return compiled

    def extract(self, resource: dict[str, Any]) -> IndexRows:
        """Rows in parameter order, each parameter's duplicates dropped."""
        out: dict[str, list[dict[str, Any]]] = {}
        for plan in self._for_type(resource["resourceType"]):
            if plan.needs is not None and plan.needs not in resource:
                continue
            values = plan.run(resource)
            if not values:
                continue
            code, cells_of, row_of = plan.code, plan.cells_of, plan.row_of
            rows: list[dict[str, Any]] | None = None
            seen: set[Cells] = set()
            for value in values:
                for cells in cells_of(value):
                    if cells in seen:
                        continue
                    seen.add(cells)
                    if rows is None:
                        rows = out.setdefault(plan.kind, [])
                    rows.append(row_of(code, cells))
        return IndexRows(out)
