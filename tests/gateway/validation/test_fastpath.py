"""The native FHIRPath subset must agree with fhirpathpy wherever it answers."""

from __future__ import annotations

import fhirpathpy
import pytest
from fhirpathpy.engine.nodes import ResourceNode
from fhirpathpy.parser import parse

from gateway.validation.fastpath import Unsupported, compile_tree
from gateway.validation.invariants import MODEL, OPTIONS

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
    ("(family.exists() or given.exists()) xor extension.where(url='http://x').exists()", "HumanName", {"family": "A"}),
    ("(family.exists() or given.exists()) xor extension.where(url='http://x').exists()", "HumanName", {"text": "A"}),
    (
        "identifier.type.coding.where(system='s' and code='MB').exists() or subscriberId.exists()",
        "Coverage",
        {"identifier": [{"type": {"coding": [{"system": "s", "code": "MB"}]}}]},
    ),
    ("status = 'finished' implies period.end.exists()", "Encounter", {"status": "finished", "period": {"start": "x"}}),
    ("status = 'finished' implies period.end.exists()", "Encounter", {"status": "planned"}),
]


@pytest.mark.parametrize(("expression", "type_path", "data"), CASES)
def test_native_agrees_with_fhirpathpy(expression: str, type_path: str, data: dict) -> None:
    expected = fhirpathpy.compile(expression, MODEL, OPTIONS)(ResourceNode.create_node(data, type_path), {})
    native = compile_tree(parse(expression)["children"][0])
    assert native([data], {}) == expected


def test_choice_elements_fall_back_to_fhirpathpy() -> None:
    native = compile_tree(parse("value.exists()")["children"][0])
    with pytest.raises(Unsupported):
        native([{"valueString": "x"}], {})
