"""The native FHIRPath subset must agree with fhirpathpy wherever it answers."""

from __future__ import annotations

from typing import Any

import fhirpathpy
import pytest
from fhirpathpy.engine.nodes import ResourceNode
from fhirpathpy.parser import parse

from gateway.validation.definitions import r4_definitions
from gateway.validation.fastpath import Unsupported, compile_tree
from gateway.validation.invariants import MODEL, OPTIONS, compile_invariant

CASES = [
    ("name.exists() or telecom.exists()", "Patient.contact", {"gender": "male"}),
    ("name.exists() or telecom.exists()", "Patient.contact", {"name": {"family": "X"}}),
    (
        "start.hasValue().not() or end.hasValue().not() or (start <= end)",
        "Period",
        {"start": "2026-02-01", "end": "2026-01-01"},
    ),
    (
        "start.hasValue().not() or end.hasValue().not() or (start <= end)",
        "Period",
        {"start": "2026-01-01", "end": "2026-02-01"},
    ),
    ("code.exists() implies ((system = %ucum) and value.exists())", "Duration", {"code": "d", "value": 1}),
    (
        "code.exists() implies ((system = %ucum) and value.exists())",
        "Duration",
        {"code": "d", "system": "http://unitsofmeasure.org", "value": 1},
    ),
    ("period.exists() implies period >= 0", "Timing.repeat", {"period": -1}),
    ("period.exists() implies period >= 0", "Timing.repeat", {"period": 0.5}),
    ("(family.exists() or given.exists()) xor extension.where(url='http://x').exists()", "HumanName", {"family": "A"}),
    ("(family.exists() or given.exists()) xor extension.where(url='http://x').exists()", "HumanName", {"text": "A"}),
    (
        "identifier.type.coding.where(system='s' and code='MB').exists() or subscriberId.exists()",
        "Coverage",
        {"identifier": [{"type": {"coding": [{"system": "s", "code": "MB"}]}}]},
    ),
    ("status = 'finished' implies period.end.exists()", "Encounter", {"status": "finished", "period": {"start": "x"}}),
    ("status = 'finished' implies period.end.exists()", "Encounter", {"status": "planned"}),
    # choice elements resolve through fhirpathpy's model, by the type path the expression runs on
    ("value.exists()", "Observation", {"valueString": "x"}),
    ("value.exists()", "Observation", {"valueQuantity": {"value": 1}}),
    ("value.exists()", "Observation", {"value": 1}),  # not a name fhirpathpy looks for on a choice
    ("value.exists()", "Observation", {"valueFoo": 1}),
    ("value.exists()", "Observation", {}),
    ("extension.exists() != value.exists()", "Extension", {"url": "u", "valueCode": "a"}),
    ("extension.exists() != value.exists()", "Extension", {"url": "u", "value": "a"}),
    ("extension.exists() != value.exists()", "Extension", {"url": "u", "extension": [{"url": "v"}], "valueCode": "a"}),
    ("component.value.exists()", "Observation", {"component": [{"valueInteger": 0}, {"code": {}}]}),
    # `=` compares only the first items of equally long collections; different lengths are unequal
    ("given = 'a'", "HumanName", {"given": ["a", "b"]}),
    ("given = family", "HumanName", {"given": ["a"], "family": "a"}),
    ("given != family", "HumanName", {"given": ["a", "b"], "family": "a"}),
    ("given = given", "HumanName", {"given": ["a", "b"]}),
    ("rank = 1", "ContactPoint", {"rank": 1}),
    ("rank = 1.0", "ContactPoint", {"rank": 1}),
    ("rank = true", "ContactPoint", {"rank": 1}),
    ("category = 'x'", "Condition", {"category": [{"text": "x"}]}),  # an object is never equal to a string
    ("category = category", "Condition", {"category": [{"text": "x"}]}),
    # count() and + on integers, comparisons
    ("(identifier.count() + name.count()) > 0", "Organization", {}),
    ("(identifier.count() + name.count()) > 0", "Organization", {"name": "A"}),
    ("(identifier.count() + name.count()) > 0", "Organization", {"identifier": [{"value": "1"}, {"value": "2"}]}),
    ("telecom.count() >= 2", "Organization", {"telecom": [{"value": "1"}]}),
    ("telecom.count() < 2", "Organization", {"telecom": [{"value": "1"}]}),
    ("telecom.count() = 1", "Organization", {"telecom": [{"value": "1"}]}),
    # a function on the context itself, and where()'s notion of a kept item
    ("where(use = 'home').empty()", "Organization.telecom", {"use": "home"}),
    ("where(use = 'home').empty()", "Organization.telecom", {"use": "work"}),
    ("where(use = 'home').empty()", "Organization.telecom", {}),
    ("telecom.where(value).exists()", "Organization", {"telecom": [{"value": ""}]}),  # a node is always kept
    ("telecom.where(rank.exists()).count()", "Organization", {"telecom": [{"rank": 1}, {}, {"rank": 2}]}),
    ("telecom.all(rank.exists())", "Organization", {"telecom": [{"rank": 1}, {}]}),
    ("telecom.all(rank.exists())", "Organization", {"telecom": [{"rank": 1}]}),
    ("telecom.all(rank.exists())", "Organization", {}),
    ("telecom.exists(rank > 1)", "Organization", {"telecom": [{"rank": 1}, {"rank": 2}]}),
    # select() and $this
    ("category.select($this = 'problem-list-item').empty()", "Condition", {"category": [{"text": "a"}]}),
    ("category.select($this = 'problem-list-item').empty()", "Condition", {}),
    ("given.select($this = 'a')", "HumanName", {"given": ["a", "b"]}),
    ("given.where($this = 'a').count()", "HumanName", {"given": ["a", "b", "a"]}),
    # logic on empty operands
    ("name.exists() and telecom.where(use = 'x').exists().not()", "Organization", {"name": "A"}),
    ("active implies name.exists()", "Organization", {"active": False}),
    ("active implies name.exists()", "Organization", {"active": True}),
    ("active or name.exists()", "Organization", {}),
    ("active and name.exists()", "Organization", {"active": True, "name": "a"}),
]


def _fhirpathpy(expression: str, type_path: str, data: dict[str, Any], resource: dict[str, Any]) -> list[Any]:
    fn = fhirpathpy.compile(expression, MODEL, OPTIONS)
    return fn(ResourceNode.create_node(data, type_path), {"resource": resource, "rootResource": resource})


def _native(expression: str, type_path: str, data: dict[str, Any], resource: dict[str, Any]) -> list[Any]:
    native = compile_tree(parse(expression)["children"][0], type_path, resource.get("resourceType"))
    return native([data], {"resource": resource, "rootResource": resource})


@pytest.mark.parametrize(("expression", "type_path", "data"), CASES)
def test_native_agrees_with_fhirpathpy(expression: str, type_path: str, data: dict) -> None:
    assert _native(expression, type_path, data, data) == _fhirpathpy(expression, type_path, data, data)


OBS_7 = "value.empty() or component.code.where(coding.intersect(%resource.code.coding).exists()).empty()"
_HR = {"system": "http://loinc.org", "code": "8867-4"}
_BP = {"system": "http://loinc.org", "code": "85354-9"}
_SYS = {"system": "http://loinc.org", "code": "8480-6"}
CON_3 = (
    "clinicalStatus.exists() or verificationStatus.coding.where(system='http://terminology.hl7.org/CodeSystem/"
    "condition-ver-status' and code = 'entered-in-error').exists() "
    "or category.select($this='problem-list-item').empty()"
)
_ERROR = {"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "entered-in-error"}
_PROBLEM = [{"coding": [{"code": "problem-list-item"}]}]
# The invariants that most often fell back to fhirpathpy on ingest, on resources that pass and fail them.
RESOURCE_CASES = [
    (OBS_7, "Observation", {"resourceType": "Observation", "code": {"coding": [_HR]}, "valueQuantity": {"value": 1}}),
    (OBS_7, "Observation", {"resourceType": "Observation", "code": {"coding": [_BP]}}),
    (
        OBS_7,
        "Observation",
        {"resourceType": "Observation", "code": {"coding": [_BP]}, "component": [{"code": {"coding": [_SYS]}}]},
    ),
    (
        OBS_7,
        "Observation",
        {
            "resourceType": "Observation",
            "code": {"coding": [_BP]},
            "valueString": "x",
            "component": [{"code": {"coding": [_SYS]}, "valueQuantity": {"value": 120}}],
        },
    ),
    (
        OBS_7,
        "Observation",
        {
            "resourceType": "Observation",
            "code": {"coding": [_BP, _HR]},
            "valueQuantity": {"value": 1},
            "component": [{"code": {"coding": [_SYS]}}, {"code": {"coding": [dict(_HR)]}}],
        },
    ),
    (
        OBS_7,
        "Observation",
        {
            "resourceType": "Observation",
            "code": {"coding": [_HR]},
            "valueBoolean": False,
            "component": [{"code": {"coding": [{**_HR, "display": "Heart rate"}]}}],
        },
    ),
    (OBS_7, "Observation", {"resourceType": "Observation", "valueInteger": 0, "component": [{"code": {}}]}),
    (CON_3, "Condition", {"resourceType": "Condition", "clinicalStatus": {"text": "active"}}),
    (CON_3, "Condition", {"resourceType": "Condition", "category": _PROBLEM}),
    (CON_3, "Condition", {"resourceType": "Condition"}),
    (
        CON_3,
        "Condition",
        {"resourceType": "Condition", "category": _PROBLEM, "verificationStatus": {"coding": [_ERROR]}},
    ),
    (
        CON_3,
        "Condition",
        {"resourceType": "Condition", "verificationStatus": {"coding": [{**_ERROR, "code": "confirmed"}]}},
    ),
    ("(identifier.count() + name.count()) > 0", "Organization", {"resourceType": "Organization", "name": "A"}),
    ("(identifier.count() + name.count()) > 0", "Organization", {"resourceType": "Organization", "active": True}),
    ("%resource.name.exists()", "Organization.telecom", {"resourceType": "Organization", "name": "A"}),
    ("%resource.telecom.where(use = 'home').count()", "Organization", {"resourceType": "Organization"}),
]


@pytest.mark.parametrize(("expression", "type_path", "resource"), RESOURCE_CASES)
def test_native_agrees_with_fhirpathpy_on_resources(expression: str, type_path: str, resource: dict) -> None:
    assert _native(expression, type_path, resource, resource) == _fhirpathpy(expression, type_path, resource, resource)


@pytest.mark.parametrize(
    ("expression", "type_path", "data"),
    [
        ("value.exists()", "Observation", {"_valueString": {"extension": []}}),  # primitive extension
        ("status = 'final'", "Observation", {"status": "final", "_status": {"extension": []}}),
        ("name.exists() and telecom", "Organization", {"name": "A", "telecom": [{"value": "1"}]}),  # not a boolean
        ("name.exists() and telecom", "Organization", {"name": "A", "telecom": [{}, {}]}),
        ("component = 'x'", "Observation", {"component": [{"code": {}}]}),  # typed by fhirpathpy's model at run time
        ("valueQuantity = 'x'", "Observation", {"valueQuantity": {"value": 1, "code": "g"}}),  # may be a Quantity
        ("contained.id.exists()", "Condition", {"contained": [{"resourceType": "Patient", "id": "p"}]}),
        ("name + 'x' = 'Ax'", "Organization", {"name": "A"}),
    ],
)
def test_outside_the_subset_falls_back_to_fhirpathpy(expression: str, type_path: str, data: dict) -> None:
    with pytest.raises(Unsupported):
        _native(expression, type_path, data, data)


@pytest.mark.parametrize(
    "expression",
    ["$this.exists()", "name.intersect(alias).exists()", "%context.exists()", "name.matches('a')", "@2020 = @2020"],
)
def test_expressions_outside_the_subset_do_not_compile(expression: str) -> None:
    with pytest.raises(Unsupported):
        compile_tree(parse(expression)["children"][0], "Organization", "Organization")


@pytest.mark.parametrize(
    ("key", "path"),
    [("obs-7", "Observation"), ("con-3", "Condition"), ("org-1", "Organization"), ("org-3", "Organization.telecom")],
)
def test_costly_core_invariants_run_natively(key: str, path: str) -> None:
    """These ran through fhirpathpy on every ingested Observation, Condition and Organization."""
    rtype = path.split(".")[0]
    element = next(e for e in r4_definitions()[rtype]["snapshot"]["element"] if e["path"] == path)
    c = next(c for c in element["constraint"] if c["key"] == key)
    inv = compile_invariant(c["key"], c["severity"], c["human"], c["expression"])
    assert inv is not None and inv.native(path, rtype) is not None
