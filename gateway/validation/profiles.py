"""Profile validation driven by StructureDefinition snapshots (core R4, US Core, the project's own).

Each profile is compiled once (``compiled.py``) and then checked in a single walk over the JSON:
cardinality, allowed types and choice types, fixed and pattern values, required and extensible
bindings (``terminology.py``), FHIRPath invariants (``invariants.py``), slices recognised by value or
pattern, and reference target types. Issues carry a FHIRPath ``expression`` to the element, so a
partner's developer can find the problem without reading the profile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

import orjson

from gateway.errors import Issue
from gateway.validation.compiled import INLINE, NO_VALUE, PRIMITIVES, Element, TypeRef, compile_snapshot
from gateway.validation.definitions import CORE, r4_definitions, structure_definition
from gateway.validation.invariants import present_roots
from gateway.validation.structure import required_codes
from gateway.validation.terminology import check_binding

_ELEMENT = TypeRef("Element", frozenset(), ())  # a data type's root, or a slice's, is walked as an Element
_REFERENCE = re.compile(r"(?:^|/)([A-Z][A-Za-z]+)/[A-Za-z0-9\-.]{1,64}(?:/_history/[A-Za-z0-9\-.]{1,64})?$")


@dataclass(frozen=True)
class Checker:
    url: str
    type: str
    root: Element
    by_path: dict[str, Element]

    def check(self, resource: dict[str, Any], *, must_support: bool = False) -> list[Issue]:
        run = _Run(resource, self, must_support)
        run.item(self.root, self.root_type, resource, self.type)
        return run.issues

    @cached_property
    def root_type(self) -> TypeRef:
        """The resource's own type, made once: a frozen dataclass costs about a microsecond to build."""
        return TypeRef(self.type, frozenset(), ())


@cache
def checker_for(url: str) -> Checker | None:
    """The compiled checker for a profile URL (project, US Core or core R4); None when not known."""
    sd = structure_definition(url)
    if sd is None or "snapshot" not in sd:
        return None
    root, by_path = compile_snapshot(sd)
    return Checker(sd["url"], sd["type"], root, by_path)


@cache
def core_datatype_needs(code: str) -> frozenset[str] | None:
    """The child elements of a core data type whose definition holds something the fhir.resources
    model and the base structure checks (JSON types, required code bindings) do not already
    enforce; None when the type itself does (a root invariant, say).

    Most values need no walk on a write: a HumanName without a period, a Coding, a CodeableConcept.
    Walking them again costs about a sixth of ingest time and finds nothing new. What still needs
    it: invariants (Period per-1, Quantity qty-3), fixed or pattern values, bindings the base checks
    cannot enforce, reference targets, types nested that need it, and extensions (ext-1), which are
    decided per value (``_extended``).
    """
    checker = checker_for(CORE + code)
    if checker is None:
        return frozenset()
    root = checker.root
    if root.invariants or root.fixed is not NO_VALUE or root.pattern is not NO_VALUE or root.binding:
        return None
    _visiting.add(code)
    try:
        return frozenset(name for name, child in root.children.items() if _element_checks(child, code))
    finally:
        _visiting.discard(code)


_visiting: set[str] = set()


@cache
def _needed_properties(code: str) -> frozenset[str] | None:
    """``core_datatype_needs`` as JSON property names (``valueQuantity`` for ``value``), so a value is
    tested with one set operation instead of a lookup per property."""
    needs = core_datatype_needs(code)
    if not needs:
        return needs
    by_json = checker_for(CORE + code).root.by_json  # type: ignore[union-attr]
    return frozenset(key for key, found in by_json.items() if found[0].name in needs)


def _nothing_to_check(code: str, value: dict[str, Any]) -> bool:
    needed = _needed_properties(code)
    if needed is None or _extended(value):
        return False
    return needed.isdisjoint(value)


def _element_checks(el: Element, owner: str) -> bool:
    if el.types and all(t.code == "Extension" for t in el.types):
        return False  # only matters when the value carries extensions, which is checked per value
    if el.invariants or el.fixed is not NO_VALUE or el.pattern is not NO_VALUE or el.content_ref or el.slicing:
        return True
    if el.binding is not None:
        strength, url = el.binding
        base_enforced = url.split("|")[0] in required_codes() and all(t.code == "code" for t in el.types)
        if strength == "required" and not base_enforced:
            return True
    for t in el.types:
        if t.code == "Reference" and t.targets:
            return True
        skip = t.code in PRIMITIVES or t.code in INLINE or t.code in ("Extension", owner) or t.code in _visiting
        if not skip and core_datatype_needs(t.code) != frozenset():
            return True
    return any(_element_checks(child, owner) for child in el.children.values())


def _extended(value: dict[str, Any]) -> bool:
    """Whether a value carries extensions anywhere inside (they have invariants of their own)."""
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key in item:  # the keys first: a loop with one test each is cheaper than one per item
                if key == "extension" or key == "modifierExtension" or key.startswith("_"):
                    return True
            children = item.values()
        else:
            children = item
        for child in children:
            if isinstance(child, (dict, list)):  # a tuple: faster than the `dict | list` union
                stack.append(child)
    return False


def base_checker(rtype: str) -> Checker | None:
    return checker_for(CORE + rtype) if rtype in r4_definitions() else None


@dataclass
class _Run:
    resource: dict[str, Any]
    checker: Checker
    must_support: bool
    issues: list[Issue] = field(default_factory=list)

    def error(self, text: str, code: str, expr: str, severity: str = "error") -> None:
        self.issues.append(Issue(text, code, severity, [expr]))

    # -- one value of an element --------------------------------------------------------------------
    def item(self, el: Element, t: TypeRef, value: Any, expr: str) -> None:
        if el.fixed is not NO_VALUE and value != el.fixed:
            self.error(f"Value must be exactly {_show(el.fixed)}", "value", expr)
        if el.pattern is not NO_VALUE and not matches(value, el.pattern):
            self.error(f"Value must match the pattern {_show(el.pattern)}", "value", expr)
        if el.binding is not None:
            self.issues += check_binding(t.code, value, el.binding[0], el.binding[1], expr)
        if not isinstance(value, dict):
            return
        if t.code == "Reference":
            self.reference(t, value, expr)
        if el.invariants:
            self.invariants(el, value, expr)
        if el.content_ref is not None:
            target = self.checker.by_path.get(el.content_ref)
            if target is not None:
                self.node(target, value, expr)
        elif el.children:
            self.node(el, value, expr)
        elif t.code == "Resource":
            self.contained(value, expr)
        elif t.code not in PRIMITIVES and t.code not in INLINE:
            self.datatype(t, value, expr)

    def invariants(self, el: Element, value: dict[str, Any], expr: str) -> None:
        """Each invariant in order; those the present roots decide are evaluated once per property list."""
        known = el.known_answers(value)
        if known is None:
            present = present_roots(value, el.invariant_roots)
            found: list[bool | None] = []
            for inv in el.invariants:
                answer = inv.decided(value, present, el.fhirpath_type, self.resource)
                found.append(answer)
                if not (inv.evaluate(value, el.fhirpath_type, self.resource) if answer is None else answer):
                    self.error(f"Constraint {inv.key} failed: {inv.human}", "invariant", expr, inv.severity)
            el.remember_answers(value, tuple(found))
            return
        for inv, answer in zip(el.invariants, known, strict=True):
            if not (inv.evaluate(value, el.fhirpath_type, self.resource) if answer is None else answer):
                self.error(f"Constraint {inv.key} failed: {inv.human}", "invariant", expr, inv.severity)

    def datatype(self, t: TypeRef, value: dict[str, Any], expr: str) -> None:
        if not self.must_support and not t.profiles and _nothing_to_check(t.code, value):
            return  # a write: nothing here goes beyond what the model and the base checks enforce
        self.walk_datatype(t, value, expr)

    def walk_datatype(self, t: TypeRef, value: dict[str, Any], expr: str) -> None:
        checker = None
        if t.code == "Extension" and t.profiles:
            checker = checker_for(t.profiles[0])
        checker = checker or checker_for(CORE + t.code)
        if checker is None:
            return
        root = checker.root
        if root.fixed is not NO_VALUE or root.pattern is not NO_VALUE or root.invariants or root.children:
            saved, self.checker = self.checker, checker
            self.item(root, _ELEMENT, value, expr)
            self.checker = saved

    def contained(self, value: dict[str, Any], expr: str) -> None:
        rtype = value.get("resourceType")
        checker = base_checker(rtype) if isinstance(rtype, str) else None
        if checker is not None:
            nested = _Run(value, checker, False)
            nested.item(checker.root, TypeRef(rtype, frozenset(), ()), value, expr)  # type: ignore[arg-type]
            self.issues += nested.issues

    def reference(self, t: TypeRef, value: dict[str, Any], expr: str) -> None:
        ref = value.get("reference")
        if not isinstance(ref, str):
            return
        if ref.startswith("#"):
            ids = {c.get("id") for c in self.resource.get("contained", []) if isinstance(c, dict)}
            if len(ref) > 1 and ref[1:] not in ids:
                self.error(f"Reference '{ref}' does not match a contained resource (ref-1)", "invariant", expr)
            return
        m = _REFERENCE.search(ref)
        if m and t.targets and m.group(1) not in t.targets:
            allowed = ", ".join(sorted(t.targets))
            self.error(f"Reference to {m.group(1)} is not allowed here; expected {allowed}", "structure", expr)

    # -- an object: its properties against the element's children -----------------------------------
    def node(self, el: Element, obj: dict[str, Any], expr: str) -> None:
        seen: set[str] = set()
        for key, value in obj.items():
            found = el.by_json.get(key)
            # Known names first: no element is named fhir_comments or starts with "_"; resourceType is
            # only an element inside ExampleScenario.instance, elsewhere it names the resource
            if found is None:
                if key == "resourceType" or key == "fhir_comments":
                    continue
                if key.startswith("_"):
                    seen.add(self._name_of(el, key[1:]))
                    continue
                self._unknown(el, key, expr)
                continue
            child, t, plan = found
            if child.choice and child.name in seen:
                self.error(f"{child.path}: only one of {child.name}[x] may be present", "structure", f"{expr}.{key}")
            seen.add(child.name)
            many = isinstance(value, list)
            if child.max is not None and (len(value) if many else 1) > child.max:
                n = len(value) if many else 1
                self.error(f"{child.path}: at most {child.max} allowed, found {n}", "structure", f"{expr}.{key}")
            if plan == "datatype" and self.must_support:
                plan = "walk"  # $validate walks data types for their Must Support elements
            if plan == "walk":
                if many:
                    for i, item in enumerate(value):
                        self.item(child, t, item, f"{expr}.{key}[{i}]")
                else:
                    self.item(child, t, value, f"{expr}.{key}")
            elif plan == "datatype":
                if not many:
                    if isinstance(value, dict) and not _nothing_to_check(t.code, value):
                        self.walk_datatype(t, value, f"{expr}.{key}")
                else:
                    for i, item in enumerate(value):
                        if isinstance(item, dict) and not _nothing_to_check(t.code, item):
                            self.walk_datatype(t, item, f"{expr}.{key}[{i}]")
            if child.slicing and child.slicing.slices:
                items = value if many else [value]
                exprs = [f"{expr}.{key}[{i}]" for i in range(len(value))] if many else [f"{expr}.{key}"]
                self.slices(child, t, items, exprs, f"{expr}.{key}")
        for child in el.sliced:
            if child.name not in seen:
                self.slices(child, _ELEMENT, [], [], f"{expr}.{child.name}")
        for child in el.required:
            if child.name not in seen:
                shown = child.name + ("[x]" if child.choice else "")
                text = f"{child.path}: minimum required = {child.min}, but none found"
                self.error(text, "required", f"{expr}.{shown}")
        if self.must_support:
            for child in el.must_supports:
                if child.name not in seen and child.min == 0:
                    self.error(
                        f"Must Support element {child.path} is absent: send it whenever the data is known",
                        "informational",
                        f"{expr}.{child.name}",
                        "information",
                    )

    def _name_of(self, el: Element, key: str) -> str:
        found = el.by_json.get(key)
        return found[0].name if found else key

    def _unknown(self, el: Element, key: str, expr: str) -> None:
        """A choice name the profile narrowed away; other unknown names are the model check's job."""
        for child in el.children.values():
            if child.choice and key.startswith(child.name) and key[len(child.name) : len(child.name) + 1].isupper():
                allowed = ", ".join(child.name + t.code[0].upper() + t.code[1:] for t in child.types)
                self.error(f"{key} is not allowed here; use one of {allowed}", "structure", f"{expr}.{key}")
                return

    # -- slicing -------------------------------------------------------------------------------------
    def slices(self, el: Element, t: TypeRef, items: list[Any], exprs: list[str], expr: str) -> None:
        assert el.slicing is not None
        counts = dict.fromkeys((s.name for s in el.slicing.slices), 0)
        for item, item_expr in zip(items, exprs, strict=True):
            hit = next((s for s in el.slicing.slices if s.matchers and _slice_match(item, s.matchers)), None)
            if hit is None:
                if el.slicing.rules == "closed":
                    self.error(f"{el.path}: value matches none of the slices (closed slicing)", "structure", item_expr)
                continue
            counts[hit.name] += 1
            self.item(hit.element, hit.element.types[0] if len(hit.element.types) == 1 else t, item, item_expr)
        for s in el.slicing.slices:
            if not s.matchers:
                continue
            n = counts[s.name]
            if n < s.element.min:
                self.error(
                    f"{el.path}: slice '{s.name}' requires at least {s.element.min}, found {n}", "required", expr
                )
            if s.element.max is not None and n > s.element.max:
                self.error(f"{el.path}: slice '{s.name}' allows at most {s.element.max}, found {n}", "structure", expr)


def matches(value: Any, pattern: Any) -> bool:
    """FHIR pattern semantics: every property of the pattern is present with a matching value."""
    if isinstance(pattern, dict):
        return isinstance(value, dict) and all(matches(value.get(k), v) for k, v in pattern.items())
    if isinstance(pattern, list):
        return isinstance(value, list) and all(any(matches(v, p) for v in value) for p in pattern)
    return value == pattern


def _at(value: Any, steps: tuple[str, ...]) -> list[Any]:
    found = [value]
    for step in steps:
        nxt: list[Any] = []
        for v in found:
            got = v.get(step) if isinstance(v, dict) else None
            nxt.extend(got if isinstance(got, list) else [] if got is None else [got])
        found = nxt
    return found


def _slice_match(item: Any, matchers: list[tuple[tuple[str, ...], Any]]) -> bool:
    from gateway.validation.terminology import expansion

    for steps, expected in matchers:
        values = _at(item, steps)
        if isinstance(expected, tuple) and expected[:1] == ("binding",):
            exp = expansion(expected[1])
            codings = [c for v in values if isinstance(v, dict) for c in v.get("coding", [v])]
            if exp is None or not any(exp.status(c.get("system"), c.get("code")) == "in" for c in codings):
                return False
        elif not any(matches(v, expected) for v in values):
            return False
    return True


def _show(value: Any) -> str:
    return orjson.dumps(value).decode()
