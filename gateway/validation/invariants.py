"""FHIRPath invariants (``ElementDefinition.constraint``), compiled once and evaluated cheaply.

fhirpathpy costs tens of microseconds per evaluation, so simple expressions run natively (``fastpath.py``)
and most invariants are about elements that
are absent. So each expression's parse tree is read once to find the context members it can depend
on (its *roots*); when none of them is present, the answer is the one computed once on an empty
node. Expressions that look beyond their roots (``%resource``, ``descendants()``, ``$this``...) are
always evaluated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import fhirpathpy
from fhirpathpy.engine.invocations import invocation_registry
from fhirpathpy.engine.nodes import ResourceNode
from fhirpathpy.models import models
from fhirpathpy.parser import parse

from gateway.validation.fastpath import Unsupported, compile_tree

MODEL = models["r4"]
# Not evaluated, with the reason: each is checked elsewhere or cannot be evaluated faithfully here.
SKIPPED = {
    "ele-1": "empty elements are rejected by the structural (model) validation",
    "dom-6": "best practice (narrative) guideline, not a conformance rule",
    "txt-1": "needs htmlChecks(), which fhirpathpy does not implement",
    "txt-2": "needs htmlChecks(), which fhirpathpy does not implement",
    "ref-1": "checked natively: profiles.py resolves '#id' references against the contained resources",
}
_ROOT_ARG_FUNCTIONS = frozenset(
    name
    for name, spec in invocation_registry.items()
    if any("AnyAtRoot" in params for params in spec.get("arity", {}).values())
) | {"iif", "aggregate", "children", "descendants", "resolve"}
_BINARY = {
    "OrExpression",
    "AndExpression",
    "ImpliesExpression",
    "XorExpression",
    "EqualityExpression",
    "InequalityExpression",
    "UnionExpression",
    "AdditiveExpression",
    "MultiplicativeExpression",
    "MembershipExpression",
    "TypeExpression",
    "IndexerExpression",
    "PolarityExpression",
}


def _has_value(inputs: list[Any]) -> list[bool]:
    """FHIRPath ``hasValue()``: a single primitive with a value (fhirpathpy lacks it)."""
    return [len(inputs) == 1 and inputs[0] is not None and not isinstance(inputs[0], dict | list)]


OPTIONS = {
    "userInvocationTable": {"hasValue": {"fn": _has_value, "arity": {0: []}}},
    "traceFn": lambda *_: None,  # constraints use trace() for debugging; keep it off stdout
}
_PRESENCE_FUNCTIONS = {"exists", "empty", "not"}


def roots(node: dict[str, Any]) -> frozenset[str] | None:
    """Context members the expression's value depends on; None when it may depend on anything."""
    kind = node.get("type")
    children = node.get("children", [])
    if kind is None or kind in ("ParenthesizedTerm", "TermExpression", "InvocationTerm"):
        return _union([roots(c) for c in children])
    if kind == "MemberInvocation":
        name = children[0]["terminalNodeText"][0].strip("`")
        return None if name[:1].isupper() else frozenset({name})
    if kind in ("LiteralTerm", "TypeSpecifier", "QualifiedIdentifier"):
        return frozenset()
    if kind == "InvocationExpression":
        fn = children[1]
        if fn.get("type") == "FunctionInvocation" and _function_name(fn) in _ROOT_ARG_FUNCTIONS:
            return None
        return roots(children[0])  # what follows the dot only sees the left side's items
    if kind in _BINARY:
        return _union([roots(c) for c in children])
    return None  # $this, %resource, a function applied to the context itself...


def presence_only(node: dict[str, Any]) -> bool:
    """True when the value depends only on *which* roots are present (``a.exists() or b.empty()``)."""
    kind = node.get("type")
    children = node.get("children", [])
    if kind in (None, "TermExpression", "ParenthesizedTerm"):
        return len(children) == 1 and presence_only(children[0])
    if kind in ("OrExpression", "AndExpression", "ImpliesExpression", "XorExpression", "EqualityExpression"):
        return all(presence_only(c) for c in children)
    if kind == "InvocationExpression" and children[1].get("type") == "FunctionInvocation":
        fn = children[1]
        if _function_name(fn) not in _PRESENCE_FUNCTIONS or len(fn["children"][0]["children"]) > 1:
            return False
        left = children[0]
        return _single_member(left) or presence_only(left)
    return False


def _single_member(node: dict[str, Any]) -> bool:
    while node.get("type") in ("TermExpression", "InvocationTerm") and len(node.get("children", [])) == 1:
        node = node["children"][0]
    return node.get("type") == "MemberInvocation"


def _function_name(node: dict[str, Any]) -> str:
    return node["children"][0]["children"][0]["terminalNodeText"][0]


def _union(parts: list[frozenset[str] | None]) -> frozenset[str] | None:
    if any(p is None for p in parts):
        return None
    return frozenset().union(*parts)  # type: ignore[arg-type]


@dataclass
class Invariant:
    key: str
    severity: str
    human: str
    expression: str
    fn: Callable[..., list[Any]]
    roots: frozenset[str] | None
    by_presence: bool = False
    tree: dict[str, Any] | None = None  # fhirpathpy's parse tree, for the native evaluator
    _cache: dict[frozenset[str], bool] = field(default_factory=dict, repr=False)
    _natives: dict[tuple[str, str | None], Callable[..., list[Any]] | None] = field(default_factory=dict, repr=False)

    def holds(self, node: Any, type_path: str, resource: Any) -> bool:
        known = None
        if self.roots is not None and isinstance(node, dict):
            known = self.decided(node, present_roots(node, self.roots), type_path, resource)
        return self.evaluate(node, type_path, resource) if known is None else known

    def decided(self, node: dict[str, Any], present: frozenset[str], type_path: str, resource: Any) -> bool | None:
        """The answer when which roots are present decides it, None when the node must be evaluated.
        ``present`` may name more than this invariant's roots (the roots of all of an element's
        invariants). Once found for a set of present roots, the answer never changes: a caller may keep it."""
        if self.roots is None:
            return None
        present = self.roots & present
        if present and not self.by_presence:
            return None
        if present not in self._cache:
            self._cache[present] = self.evaluate(node if present else {}, type_path, resource)
        return self._cache[present]

    def native(self, type_path: str, resource_type: str | None) -> Callable[..., list[Any]] | None:
        """The native evaluator for nodes of this type path in a resource of this type; None when the
        expression is outside the native subset. Compiled per pair: choice elements resolve through
        the type path, ``%resource`` through the resource type, exactly as fhirpathpy resolves them."""
        key = (type_path, resource_type)
        if key not in self._natives:
            try:
                self._natives[key] = compile_tree(self.tree, type_path, resource_type) if self.tree else None
            except (Unsupported, KeyError, IndexError):
                self._natives[key] = None
        return self._natives[key]

    def evaluate(self, node: Any, type_path: str, resource: Any) -> bool:
        rtype = resource.get("resourceType") if isinstance(resource, dict) else None
        native = self.native(type_path, rtype if isinstance(rtype, str) else None)
        if native is not None:
            try:
                return native([node], {"resource": resource, "rootResource": resource}) != [False]
            except Unsupported:
                pass  # this data needs the full engine (primitive extensions, dates...)
        try:
            variables = {"resource": resource, "rootResource": resource}
            result = self.fn(ResourceNode.create_node(node, type_path), variables)
        except Exception:  # fhirpathpy is stricter than the spec on some shapes (e.g. dom-3's as())
            _UNSUPPORTED.add(self.key)
            return True  # a rule we cannot evaluate must not reject data
        return result != [False]  # an empty result does not break the rule


def present_roots(node: dict[str, Any], names: frozenset[str]) -> frozenset[str]:
    """The names the node has a value for (``value`` is present in ``{"valueQuantity": ...}``)."""
    return frozenset(name for name in names if _present(node, name))


def _present(node: dict[str, Any], name: str) -> bool:
    if name in node or "_" + name in node:
        return True
    # choice elements: `value` matches valueQuantity
    return any(key.startswith(name) and len(key) > len(name) and key[len(name)].isupper() for key in node)


@cache
def compile_invariant(key: str, severity: str, human: str, expression: str) -> Invariant | None:
    """None when the invariant is skipped on purpose or fhirpathpy cannot evaluate it."""
    if key in SKIPPED or not expression:
        return None
    try:
        fn = fhirpathpy.compile(expression, MODEL, OPTIONS)
        tree = parse(expression)
        fn(ResourceNode.create_node({}, "Element"), {"resource": {}, "rootResource": {}})
    except Exception:  # unsupported function or syntax: reported by unsupported_invariants()
        _UNSUPPORTED.add(key)
        return None
    top = tree.get("children", [tree])[0]
    return Invariant(key, severity, human, expression, fn, roots(top), presence_only(top), top)


_UNSUPPORTED: set[str] = set()


def unsupported_invariants() -> frozenset[str]:
    """Keys of invariants met so far that fhirpathpy cannot evaluate (for diagnostics and tests)."""
    return frozenset(_UNSUPPORTED)
