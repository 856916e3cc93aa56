"""A native evaluator for the simple FHIRPath most invariants are written in; fhirpathpy does the rest.

fhirpathpy costs 25-80 us per evaluation, more than the model validation of a whole resource, while
most invariants are plain navigation, ``exists()``, ``=`` and boolean logic. Those are compiled here
from fhirpathpy's own parse tree into closures. Anything outside the subset (dates, choice names,
primitive extensions, type functions...) raises ``Unsupported`` at compile or run time and the caller
falls back to fhirpathpy, so results never differ.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Coll = list[Any]
Fn = Callable[[Coll, dict[str, Any]], Coll]


# Dates/dateTimes of the same shape and zone compare like strings; anything else needs precision rules.
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?)?)?)?(?P<zone>Z|[+-]\d{2}:\d{2})?$")


class Unsupported(Exception):
    """The expression (or this data) is outside the native subset."""


def compile_tree(node: dict[str, Any]) -> Fn:
    kind = node.get("type")
    children = node.get("children", [])
    if kind in (None, "TermExpression", "ParenthesizedTerm", "InvocationTerm") and len(children) == 1:
        return compile_tree(children[0])
    if kind == "MemberInvocation":
        return _member(children[0]["terminalNodeText"][0])
    if kind == "LiteralTerm":
        return _literal(children[0])
    if kind == "ExternalConstantTerm" and _constant_name(node) == "ucum":
        return lambda _c, _v: ["http://unitsofmeasure.org"]
    if kind == "InvocationExpression":
        return _invocation(compile_tree(children[0]), children[1])
    if kind in ("OrExpression", "AndExpression", "ImpliesExpression"):
        return _logic(node["terminalNodeText"][0], compile_tree(children[0]), compile_tree(children[1]))
    if kind == "EqualityExpression" and node["terminalNodeText"][0] in ("=", "!="):
        return _equality(node["terminalNodeText"][0], compile_tree(children[0]), compile_tree(children[1]))
    if kind == "InequalityExpression":
        return _inequality(node["terminalNodeText"][0], compile_tree(children[0]), compile_tree(children[1]))
    raise Unsupported(kind)


def _literal(node: dict[str, Any]) -> Fn:
    text = node.get("text") or node["children"][0]["terminalNodeText"][0]
    kind = node.get("type")
    if kind == "StringLiteral":
        value: Any = text[1:-1].replace("\\'", "'")
    elif kind == "BooleanLiteral":
        value = text == "true"
    elif kind == "NumberLiteral":
        value = float(text) if "." in text else int(text)
    else:
        raise Unsupported(kind)
    return lambda _c, _v: [value]


def _member(name: str) -> Fn:
    if name[:1].isupper():
        raise Unsupported("type name")

    def step(coll: Coll, _v: dict[str, Any]) -> Coll:
        out: Coll = []
        for item in coll:
            if not isinstance(item, dict):
                continue
            value = item.get(name)
            if value is None:
                if "_" + name in item or any(
                    k.startswith(name) and k[len(name) : len(name) + 1].isupper() for k in item
                ):
                    raise Unsupported("choice or primitive extension")
                continue
            out.extend(value if isinstance(value, list) else [value])
        return out

    return step


def _function(node: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    functn = node["children"][0]
    name = functn["children"][0]["terminalNodeText"][0]
    params = functn["children"][1]["children"] if len(functn["children"]) > 1 else []
    return name, params


def _invocation(left: Fn, right: dict[str, Any]) -> Fn:
    if right.get("type") == "MemberInvocation":
        member = _member(right["children"][0]["terminalNodeText"][0])
        return lambda c, v: member(left(c, v), v)
    if right.get("type") != "FunctionInvocation":
        raise Unsupported(right.get("type"))
    name, params = _function(right)
    if name in ("exists", "empty", "hasValue", "not") and not params:
        return _simple_function(name, left)
    if name in ("where", "exists", "all") and len(params) == 1:
        criteria = compile_tree(params[0])

        def filtered(c: Coll, v: dict[str, Any]) -> Coll:
            items = left(c, v)
            kept = [i for i in items if criteria([i], v) == [True]]
            if name == "where":
                return kept
            if name == "exists":
                return [bool(kept)]
            return [all(criteria([i], v) == [True] for i in items)]

        return filtered
    raise Unsupported(name)


def _simple_function(name: str, left: Fn) -> Fn:
    if name == "exists":
        return lambda c, v: [bool(left(c, v))]
    if name == "empty":
        return lambda c, v: [not left(c, v)]
    if name == "hasValue":
        return lambda c, v: [_single_primitive(left(c, v))]

    def negate(c: Coll, v: dict[str, Any]) -> Coll:
        got = left(c, v)
        if not got:
            return []
        if len(got) == 1 and isinstance(got[0], bool):
            return [not got[0]]
        raise Unsupported("not() of a non-boolean")

    return negate


def _single_primitive(coll: Coll) -> bool:
    return len(coll) == 1 and not isinstance(coll[0], dict | list)


def _truth(coll: Coll) -> bool | None:
    if not coll:
        return None
    if len(coll) == 1 and isinstance(coll[0], bool):
        return coll[0]
    if len(coll) == 1:
        return True  # a single non-boolean value is true in a boolean context
    raise Unsupported("collection in a boolean context")


def _logic(op: str, left: Fn, right: Fn) -> Fn:
    if op not in ("or", "xor", "and", "implies"):
        raise Unsupported(op)

    def run(c: Coll, v: dict[str, Any]) -> Coll:
        a, b = _truth(left(c, v)), _truth(right(c, v))
        if op == "or":
            result = True if (a or b) else (False if a is False and b is False else None)
        elif op == "xor":
            result = None if a is None or b is None else a != b
        elif op == "and":
            result = False if (a is False or b is False) else (True if a and b else None)
        else:  # implies
            result = True if a is False or b is True else (b if a is True else None)
        return [] if result is None else [result]

    return run


def _scalar(coll: Coll) -> Any:
    if len(coll) != 1 or isinstance(coll[0], dict | list):
        raise Unsupported("not a single primitive")
    return coll[0]


def _equality(op: str, left: Fn, right: Fn) -> Fn:
    def run(c: Coll, v: dict[str, Any]) -> Coll:
        a, b = left(c, v), right(c, v)
        if not a or not b:
            return []
        x, y = _scalar(a), _scalar(b)
        if isinstance(x, str) != isinstance(y, str):
            raise Unsupported("mixed types")
        return [(x == y) if op == "=" else (x != y)]

    return run


def _inequality(op: str, left: Fn, right: Fn) -> Fn:
    compare = {"<": lambda x, y: x < y, "<=": lambda x, y: x <= y, ">": lambda x, y: x > y, ">=": lambda x, y: x >= y}

    def run(c: Coll, v: dict[str, Any]) -> Coll:
        a, b = left(c, v), right(c, v)
        if not a or not b:
            return []
        x, y = _scalar(a), _scalar(b)
        if isinstance(x, str) and isinstance(y, str) and _same_shape_dates(x, y):
            return [compare[op](x, y)]
        if not all(isinstance(z, int | float) and not isinstance(z, bool) for z in (x, y)):
            raise Unsupported("dates of different precision or zone need FHIRPath's rules")
        return [compare[op](x, y)]

    return run


def _same_shape_dates(x: str, y: str) -> bool:
    mx, my = _DATE.match(x), _DATE.match(y)
    return bool(mx and my and len(x) == len(y) and mx.group("zone") == my.group("zone"))


def _constant_name(node: dict[str, Any]) -> str:
    ident = node["children"][0]["children"][0]
    return ident.get("text") or ident["terminalNodeText"][0]
