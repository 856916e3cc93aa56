"""A native evaluator for the simple FHIRPath most invariants are written in; fhirpathpy does the rest.

fhirpathpy costs 25-150 us per evaluation, more than the model validation of a whole resource, while
most invariants are plain navigation, ``exists()``, ``count()``, ``=`` and boolean logic. Those are
compiled here from fhirpathpy's own parse tree into closures. Anything outside the subset (dates of
different shapes, primitive extensions, type functions...) raises ``Unsupported`` at compile or run
time and the caller falls back to fhirpathpy, so results never differ.

"Never differ" means fhirpathpy's answer, quirks included, not the FHIRPath spec's: choice elements
resolve through fhirpathpy's R4 model (so each expression is compiled for the type path it runs on),
``=`` compares only the first items of equally long collections, logic operands must be booleans,
``where`` keeps an item whose criterion gives any truthy first value. Where fhirpathpy would raise,
the native code raises ``Unsupported`` too, so the caller's handling of fhirpathpy errors applies.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, NamedTuple

from fhirpathpy.models import models

Coll = list[Any]
Fn = Callable[[Coll, dict[str, Any]], Coll]

MODEL = models["r4"]
# Dates/dateTimes of the same shape and zone compare like strings; anything else needs precision rules.
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?)?)?)?(?P<zone>Z|[+-]\d{2}:\d{2})?$")


class Unsupported(Exception):
    """The expression (or this data) is outside the native subset."""


class _Step(NamedTuple):
    """A compiled subexpression.

    ``path`` is the type path fhirpathpy gives the resulting nodes (None: not known statically, so
    no member may follow); ``nodes`` says whether fhirpathpy holds them as ResourceNodes (always
    truthy in ``where``) rather than plain values (booleans, counts, literals, ``%resource``).
    """

    fn: Fn
    path: str | None
    nodes: bool


def compile_tree(node: dict[str, Any], context_path: str, resource_type: str | None = None) -> Fn:
    """The native function of an expression evaluated on a node of ``context_path`` (fhirpathpy's
    type path for it) inside a resource of ``resource_type`` (what ``%resource`` navigates as)."""
    return _Compiler(resource_type).compile(node, _Focus(context_path, True, in_scope=False)).fn


class _Focus(NamedTuple):
    """What a subexpression is evaluated on: items of type ``path`` (ResourceNodes or not, as in
    ``_Step``). ``in_scope``: fhirpathpy has set ``$this`` to them (inside an operator's operand or a
    function's criterion); at the top of an expression it has no ``$this`` at all."""

    path: str | None
    nodes: bool
    in_scope: bool


class _Compiler:
    def __init__(self, resource_type: str | None) -> None:
        self.resource_type = resource_type

    def compile(self, node: dict[str, Any], focus: _Focus) -> _Step:
        kind = node.get("type")
        children = node.get("children", [])
        if kind in (None, "TermExpression", "ParenthesizedTerm", "InvocationTerm") and len(children) == 1:
            return self.compile(children[0], focus)
        if kind == "MemberInvocation":
            return _member(focus.path, _identifier(children[0]))
        if kind == "ThisInvocation" and focus.in_scope:
            return _Step(lambda c, _v: c, focus.path, focus.nodes)
        if kind == "FunctionInvocation":  # a function applied to the input itself: `where(...)`
            return self.invocation(_Step(lambda c, _v: c, focus.path, focus.nodes), node)
        if kind == "LiteralTerm":
            return _literal(children[0])
        if kind == "ExternalConstantTerm":
            return self.constant(_constant_name(node))
        if kind == "InvocationExpression":
            return self.invocation(self.compile(children[0], focus), children[1])
        operator = (node.get("terminalNodeText") or [""])[0]
        if kind in _OPERATORS and operator in _OPERATORS[kind]:
            operand = focus._replace(in_scope=True)  # fhirpathpy sets $this for each operand
            left, right = self.compile(children[0], operand), self.compile(children[1], operand)
            return _OPERATORS[kind][operator](operator, left, right)
        raise Unsupported(kind)

    def constant(self, name: str) -> _Step:
        if name == "ucum":
            return _Step(lambda _c, _v: ["http://unitsofmeasure.org"], None, False)
        if name in ("resource", "rootResource") and self.resource_type:
            # fhirpathpy receives the resource as a plain dict: a node only once navigated
            return _Step(lambda _c, v: [v[name]], self.resource_type, False)
        raise Unsupported(f"%{name}")

    def invocation(self, left: _Step, right: dict[str, Any]) -> _Step:
        if right.get("type") == "MemberInvocation":
            member = _member(left.path, _identifier(right["children"][0]))
            return _Step(lambda c, v: member.fn(left.fn(c, v), v), member.path, True)
        if right.get("type") != "FunctionInvocation":
            raise Unsupported(right.get("type"))
        name, params = _function(right)
        if not params and name in _NO_PARAMS:
            fn = _NO_PARAMS[name]
            return _Step(lambda c, v: fn(left.fn(c, v)), None, False)
        if len(params) == 1 and name in ("where", "exists", "all", "select"):
            return _criteria(name, left, self.compile(params[0], _Focus(left.path, left.nodes, in_scope=True)))
        if len(params) == 1 and name == "intersect":
            return _intersect(left, self.compile(_context_free(params[0]), _Focus(None, False, in_scope=False)))
        raise Unsupported(name)


def _identifier(node: dict[str, Any]) -> str:
    name = node.get("text") or node["terminalNodeText"][0]
    if "`" in name or '"' in name or name[:1].isupper():
        raise Unsupported("type name or delimited identifier")
    return name


def _member(path: str | None, name: str) -> _Step:
    """fhirpathpy's member step (``create_reduce_member_invocation``) for items of a known type path."""
    if path is None:
        raise Unsupported("member of a node whose type is not known statically")
    child = MODEL["pathsDefinedElsewhere"].get(f"{path}.{name}", f"{path}.{name}")
    choices: list[str] | None = MODEL["choiceTypePaths"].get(child)
    if choices:
        fields = [name + t for t in choices]

        def choice(coll: Coll, _v: dict[str, Any]) -> Coll:
            out: Coll = []
            for item in coll:
                if _navigable(item, path, name):
                    for f in fields:
                        if "_" + f in item:
                            raise Unsupported("primitive extension")
                        if f in item:
                            _extend(out, item[f])
                            break
            return out

        return _Step(choice, None, True)  # each item's type is the choice it used
    if name == "extension":
        child = "Extension"
    child = MODEL["path2Type"].get(child, child)

    def step(coll: Coll, _v: dict[str, Any]) -> Coll:
        out: Coll = []
        for item in coll:
            if _navigable(item, path, name):
                if "_" + name in item:
                    raise Unsupported("primitive extension")
                value = item.get(name)
                if value is not None:
                    _extend(out, value)
        return out

    return _Step(step, child, True)


def _navigable(item: Any, path: str, name: str) -> bool:
    """Whether fhirpathpy finds members in the item, checking it would give it the static path."""
    if not isinstance(item, dict):
        if name == "length":
            raise Unsupported("fhirpathpy reads `length` of strings")
        return False
    rtype = item.get("resourceType")
    if rtype is not None and rtype != path:
        raise Unsupported("a resource's own type decides its path")  # contained resources, say
    return True


def _extend(out: Coll, value: Any) -> None:
    if isinstance(value, list):
        if any(v is None for v in value):
            raise Unsupported("null in an array")
        out.extend(value)
    else:
        out.append(value)


def _literal(node: dict[str, Any]) -> _Step:
    text = node.get("text") or node["children"][0]["terminalNodeText"][0]
    kind = node.get("type")
    if kind == "StringLiteral":
        if "\\" in text:
            raise Unsupported("escapes")
        value: Any = text[1:-1]
    elif kind == "BooleanLiteral":
        value = text == "true"
    elif kind == "NumberLiteral":
        number = Decimal(text)
        value = int(number) if number == int(number) else number  # as fhirpathpy's number_literal
    else:
        raise Unsupported(kind)
    return _Step(lambda _c, _v: [value], None, False)


def _function(node: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    functn = node["children"][0]
    name = functn["children"][0]["terminalNodeText"][0]
    params = functn["children"][1]["children"] if len(functn["children"]) > 1 else []
    return name, params


def _context_free(node: dict[str, Any]) -> dict[str, Any]:
    """A parameter fhirpathpy evaluates against a possibly stale ``$this`` (``intersect``'s) must not
    depend on the input: only ``%constant.member.member`` is accepted."""
    inner = node
    while inner.get("type") in ("TermExpression", "InvocationTerm") and len(inner.get("children", [])) == 1:
        inner = inner["children"][0]
    if inner.get("type") == "ExternalConstantTerm":
        return node
    if inner.get("type") == "InvocationExpression" and inner["children"][1].get("type") == "MemberInvocation":
        _context_free(inner["children"][0])
        return node
    raise Unsupported("a parameter that depends on the input")


def _not(coll: Coll) -> Coll:
    if len(coll) != 1:
        return []
    if isinstance(coll[0], bool):
        return [not coll[0]]
    raise Unsupported("not() of a non-boolean")


def _has_value(coll: Coll) -> Coll:
    return [len(coll) == 1 and not isinstance(coll[0], dict | list)]


_NO_PARAMS: dict[str, Callable[[Coll], Coll]] = {
    "exists": lambda coll: [bool(coll)],
    "empty": lambda coll: [not coll],
    "count": lambda coll: [len(coll)],
    "hasValue": _has_value,
    "not": _not,
}


def _criteria(name: str, left: _Step, criteria: _Step) -> _Step:
    """``where``/``exists``/``all``/``select`` with a criterion, as fhirpathpy's macros run them."""

    def kept(c: Coll, v: dict[str, Any]) -> Coll:
        out = []
        for item in left.fn(c, v):
            got = criteria.fn([item], v)
            if got and (criteria.nodes or got[0]):  # fhirpathpy: `if expr(x)[0]`, and a node is truthy
                out.append(item)
        return out

    if name == "where":
        return _Step(kept, left.path, left.nodes)
    if name == "exists":
        return _Step(lambda c, v: [bool(kept(c, v))], None, False)
    if name == "all":
        return _Step(
            lambda c, v: [all(len(got) == 1 and got[0] == True for got in _each(criteria, left.fn(c, v), v))],  # noqa: E712
            None,
            False,
        )

    def select(c: Coll, v: dict[str, Any]) -> Coll:
        return [x for got in _each(criteria, left.fn(c, v), v) for x in got]

    return _Step(select, criteria.path, criteria.nodes)


def _each(criteria: _Step, items: Coll, v: dict[str, Any]) -> list[Coll]:
    return [criteria.fn([item], v) for item in items]


def _intersect(left: _Step, other: _Step) -> _Step:
    def run(c: Coll, v: dict[str, Any]) -> Coll:
        theirs = other.fn(c, v)
        out: Coll = []
        for item in left.fn(c, v):
            if any(item == x for x in theirs) and not any(item == y for y in out):
                out.append(item)
        return out

    return _Step(run, left.path, left.nodes)


def _boolean(coll: Coll) -> bool | None:
    """A logic operand as fhirpathpy takes it: empty, or one boolean (anything else raises there)."""
    if not coll:
        return None
    if len(coll) == 1 and isinstance(coll[0], bool):
        return coll[0]
    raise Unsupported("a logic operand that is not one boolean")


def _logic(op: str, left: _Step, right: _Step) -> _Step:
    def run(c: Coll, v: dict[str, Any]) -> Coll:
        a, b = _boolean(left.fn(c, v)), _boolean(right.fn(c, v))  # fhirpathpy evaluates both sides
        if op == "or":
            result = True if (a or b) else (False if a is False and b is False else None)
        elif op == "xor":
            result = None if a is None or b is None else a != b
        elif op == "and":
            result = False if (a is False or b is False) else (True if a and b else None)
        else:  # implies
            result = True if a is False or b is True else (b if a is True else None)
        return [] if result is None else [result]

    return _Step(run, None, False)


def _equality(op: str, left: _Step, right: _Step) -> _Step:
    def run(c: Coll, v: dict[str, Any]) -> Coll:
        a, b = left.fn(c, v), right.fn(c, v)
        if not a or not b:
            return []
        if len(a) != len(b):
            return [op == "!="]
        x, y = a[0], b[0]  # fhirpathpy compares only the first items
        for z, side in ((x, left), (y, right)):
            if isinstance(z, dict) and (side.path is None or side.path == "Quantity" or "." in side.path):
                raise Unsupported("fhirpathpy may compare this object as a Quantity")
        return [(x == y) if op == "=" else (x != y)]

    return _Step(run, None, False)


def _inequality(op: str, left: _Step, right: _Step) -> _Step:
    compare = {"<": lambda x, y: x < y, "<=": lambda x, y: x <= y, ">": lambda x, y: x > y, ">=": lambda x, y: x >= y}

    def run(c: Coll, v: dict[str, Any]) -> Coll:
        a, b = left.fn(c, v), right.fn(c, v)
        if not a or not b:
            return []
        x, y = _scalar(a), _scalar(b)
        if isinstance(x, str) and isinstance(y, str) and _same_shape_dates(x, y):
            return [compare[op](x, y)]
        if not all(_is_number(z) for z in (x, y)):
            raise Unsupported("dates of different precision or zone need FHIRPath's rules")
        return [compare[op](_number(x), _number(y))]

    return _Step(run, None, False)


def _addition(op: str, left: _Step, right: _Step) -> _Step:
    """``+`` on two integers (``identifier.count() + name.count()``); fhirpathpy converts the rest."""

    def run(c: Coll, v: dict[str, Any]) -> Coll:
        a, b = left.fn(c, v), right.fn(c, v)
        if not a or not b:
            return []
        x, y = _scalar(a), _scalar(b)
        if not all(isinstance(z, int) and not isinstance(z, bool) for z in (x, y)):
            raise Unsupported("+ on anything but integers")
        return [x + y]

    return _Step(run, None, False)


_OPERATORS: dict[str, dict[str, Callable[[str, _Step, _Step], _Step]]] = {
    "OrExpression": {"or": _logic, "xor": _logic},
    "AndExpression": {"and": _logic},
    "ImpliesExpression": {"implies": _logic},
    "EqualityExpression": {"=": _equality, "!=": _equality},
    "InequalityExpression": dict.fromkeys(("<", "<=", ">", ">="), _inequality),
    "AdditiveExpression": {"+": _addition},
}


def _scalar(coll: Coll) -> Any:
    if len(coll) != 1 or isinstance(coll[0], dict | list):
        raise Unsupported("not a single primitive")
    return coll[0]


def _is_number(z: Any) -> bool:
    return isinstance(z, int | float | Decimal) and not isinstance(z, bool)


def _number(z: Any) -> Any:
    """fhirpathpy reads JSON floats as ``Decimal(str(f))`` before comparing."""
    return Decimal(str(z)) if isinstance(z, float) else z


def _same_shape_dates(x: str, y: str) -> bool:
    mx, my = _DATE.match(x), _DATE.match(y)
    return bool(mx and my and len(x) == len(y) and mx.group("zone") == my.group("zone"))


def _constant_name(node: dict[str, Any]) -> str:
    ident = node["children"][0]["children"][0]
    return ident.get("text") or ident["terminalNodeText"][0]
