"""A StructureDefinition snapshot compiled into a tree the checker walks without re-reading it.

Compiling once matters for speed: lookups by JSON property name, required children, choice-type
names, slice matchers and FHIRPath invariants are all prepared here, so checking a resource is a
single pass over its JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from gateway.validation.definitions import profile_types
from gateway.validation.invariants import Invariant, compile_invariant

# Types whose JSON value is not an object: nothing below them to walk.
PRIMITIVES = frozenset(
    {"base64Binary", "boolean", "canonical", "code", "date", "dateTime", "decimal", "id", "instant", "integer"}
    | {"markdown", "oid", "positiveInt", "string", "time", "unsignedInt", "uri", "url", "uuid", "xhtml"}
)
INLINE = frozenset({"BackboneElement", "Element"})
NO_VALUE = object()
# Element.write_plan: call _Run.item; nothing to do; a core data type, walked only if _nothing_to_check says so
WritePlan = Literal["walk", "skip", "datatype"]
_SHAPES = 1024  # property lists remembered per element (Element.remember_answers)


@dataclass(frozen=True)
class TypeRef:
    code: str
    targets: frozenset[str]  # allowed resource types for a Reference; empty = any
    profiles: tuple[str, ...]


@dataclass
class Slice:
    name: str
    element: Element
    matchers: list[tuple[tuple[str, ...], Any]]  # (path steps, expected pattern); all must match


@dataclass
class Slicing:
    rules: str
    slices: list[Slice] = field(default_factory=list)


@dataclass(eq=False)
class Element:
    path: str
    name: str
    min: int
    max: int | None
    types: tuple[TypeRef, ...]
    choice: bool
    fixed: Any = NO_VALUE
    pattern: Any = NO_VALUE
    binding: tuple[str, str] | None = None
    invariants: list[Invariant] = field(default_factory=list)
    must_support: bool = False
    content_ref: str | None = None
    children: dict[str, Element] = field(default_factory=dict)
    slicing: Slicing | None = None
    # filled by finish(): JSON property name -> (child, the child's type that name stands for, write plan)
    by_json: dict[str, tuple[Element, TypeRef, WritePlan]] = field(default_factory=dict)
    required: list[Element] = field(default_factory=list)
    must_supports: list[Element] = field(default_factory=list)
    sliced: list[Element] = field(default_factory=list)  # children with a slice that has a minimum
    _answers: dict[tuple[str, ...], tuple[bool | None, ...]] = field(default_factory=dict, repr=False)

    @cached_property
    def invariant_roots(self) -> frozenset[str]:
        """Every context member the element's invariants read (those that read only their roots)."""
        return frozenset().union(*(inv.roots for inv in self.invariants if inv.roots is not None))

    def known_answers(self, node: dict[str, Any]) -> tuple[bool | None, ...] | None:
        """Per invariant, for a node with these property names: its answer when the roots present decide
        it (``Invariant.decided``), None when it must be evaluated; None for a list not seen yet.
        Nodes of one shape repeat (a resource root has four ``dom-*`` on an absent ``contained``), and
        finding the present roots scans every key for choice names (``value`` in ``valueQuantity``)."""
        return self._answers.get(tuple(node))

    def remember_answers(self, node: dict[str, Any], answers: tuple[bool | None, ...]) -> None:
        """Keep ``known_answers`` for the node's property names (they depend on nothing else), up to ``_SHAPES``."""
        if len(self._answers) < _SHAPES:
            self._answers[tuple(node)] = answers

    @cached_property
    def fhirpath_type(self) -> str:
        """Type name fhirpathpy needs to resolve choice elements below this node (read per invariant check)."""
        codes = [t.code for t in self.types]
        if len(codes) == 1 and codes[0] not in INLINE:
            return codes[0]
        return self.path

    def write_plan(self, t: TypeRef) -> WritePlan:
        """What a write-time check of one value of this element, as type ``t``, can find (``_Run.item``):
        nothing at all for a primitive or inline type when the element has no rule of its own; for a
        core data type, only what ``_nothing_to_check`` says the value needs. Deciding it here spares
        most properties of a resource the call, and the error path, per value."""
        own_rules = self.fixed is not NO_VALUE or self.pattern is not NO_VALUE or self.binding is not None
        if own_rules or self.invariants or self.content_ref is not None or self.children:
            return "walk"
        if t.code in PRIMITIVES or t.code in INLINE:
            return "skip"
        if t.code in ("Reference", "Resource") or t.profiles:
            return "walk"
        return "datatype"

    def finish(self) -> None:
        for child in self.children.values():
            child.finish()
            for t in child.types or (TypeRef("Element", frozenset(), ()),):
                key = child.name + t.code[0].upper() + t.code[1:] if child.choice else child.name
                if key not in self.by_json:  # the first type with this name, once, not per value
                    self.by_json[key] = (child, t, child.write_plan(t))
            if child.min > 0:
                self.required.append(child)
            if child.must_support:
                self.must_supports.append(child)
            if child.slicing and any(s.element.min > 0 and s.matchers for s in child.slicing.slices):
                self.sliced.append(child)
        if self.slicing:
            for s in self.slicing.slices:
                s.element.finish()


def _max(value: str | None) -> int | None:
    return None if value in (None, "*") else int(value)


def _type_refs(el: dict[str, Any]) -> tuple[TypeRef, ...]:
    types = profile_types()
    out = []
    for t in el.get("type", []):
        code = t["code"]
        if code.startswith("http://hl7.org/fhirpath/System."):
            code = "string"
        targets = frozenset(types.get(p.split("|")[0], p.rsplit("/", 1)[-1]) for p in t.get("targetProfile", []))
        out.append(TypeRef(code, frozenset() if "Resource" in targets else targets, tuple(t.get("profile", []))))
    return tuple(out)


def _element(el: dict[str, Any], name: str) -> Element:
    out = Element(
        path=el["path"],
        name=name[:-3] if name.endswith("[x]") else name,
        min=el.get("min", 0),
        max=_max(el.get("max")),
        types=_type_refs(el),
        choice=name.endswith("[x]"),
        must_support=bool(el.get("mustSupport")),
        content_ref=el["contentReference"].lstrip("#") if el.get("contentReference") else None,
    )
    for key, value in el.items():
        if key.startswith("fixed"):
            out.fixed = value
        elif key.startswith("pattern"):
            out.pattern = value
    binding = el.get("binding", {})
    if binding.get("strength") in ("required", "extensible") and binding.get("valueSet"):
        out.binding = (binding["strength"], binding["valueSet"])
    for c in el.get("constraint", []):
        inv = compile_invariant(c["key"], c.get("severity", "error"), c.get("human", ""), c.get("expression", ""))
        if inv is not None:
            out.invariants.append(inv)
    if el.get("slicing"):
        out.slicing = Slicing(el["slicing"].get("rules", "open"))
    return out


def compile_snapshot(sd: dict[str, Any]) -> tuple[Element, dict[str, Element]]:
    """The root element and every element by path (for contentReference)."""
    elements = sd["snapshot"]["element"]
    root = _element(elements[0], elements[0]["path"])
    by_id: dict[str, Element] = {elements[0]["id"]: root}
    by_path: dict[str, Element] = {root.path: root}
    raw: dict[str, dict[str, Any]] = {elements[0]["id"]: elements[0]}
    for el in elements[1:]:
        el_id = el.get("id") or el["path"]
        parent_id, _, last = el_id.rpartition(".")
        name, _, slice_name = last.partition(":")
        node = _element(el, name)
        by_id[el_id] = node
        raw[el_id] = el
        if slice_name:
            sliced = by_id.get(f"{parent_id}.{name}")
            if sliced is None or "/" in slice_name:
                continue  # re-slicing: not supported, the base slice still applies
            if sliced.slicing is None:
                sliced.slicing = Slicing("open")
            sliced.slicing.slices.append(Slice(slice_name, node, []))
            continue
        parent = by_id.get(parent_id)
        if parent is not None:
            parent.children[node.name] = node
        if ":" not in el_id:
            by_path.setdefault(node.path, node)
    for el_id, el in raw.items():
        discriminators = el.get("slicing", {}).get("discriminator", [])
        node = by_id[el_id]
        if node.slicing and discriminators:
            for s in node.slicing.slices:
                s.matchers = _matchers(s, discriminators)
    root.finish()
    return root, by_path


def _matchers(s: Slice, discriminators: list[dict[str, str]]) -> list[tuple[tuple[str, ...], Any]]:
    out = []
    for d in discriminators:
        if d.get("type") not in ("value", "pattern"):
            return []  # type/profile/exists discriminators: slice cannot be recognised, so it is not checked
        steps = () if d["path"] == "$this" else tuple(d["path"].split("."))
        target: Element | None = s.element
        for step in steps:
            target = target.children.get(step) if target else None
        expected = NO_VALUE
        if target is not None:
            expected = target.fixed if target.fixed is not NO_VALUE else target.pattern
        if expected is NO_VALUE and steps == ("url",) and s.element.types and s.element.types[0].profiles:
            expected = s.element.types[0].profiles[0]
        if expected is NO_VALUE and target is not None and target.binding:
            expected = ("binding", target.binding[1])
        if expected is NO_VALUE:
            return []
        out.append((steps, expected))
    return out
