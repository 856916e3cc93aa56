"""Index extraction from the spec's expressions, including the shapes compiled by hand."""

from __future__ import annotations

import pytest

from gateway.fhir.factory import default_registry
from gateway.search.extract import Indexer, compile_expression


@pytest.mark.parametrize(
    ("resource", "expected"),
    [
        ({"resourceType": "Patient"}, [False]),
        ({"resourceType": "Patient", "deceasedBoolean": False}, [False]),
        ({"resourceType": "Patient", "deceasedBoolean": True}, [True]),
        ({"resourceType": "Patient", "deceasedDateTime": "2021-02-03"}, [True]),
    ],
)
def test_deceased_exists_and_not_false(resource, expected):
    assert compile_expression("Patient.deceased.exists() and Patient.deceased != false")(resource) == expected


@pytest.mark.parametrize(
    ("expression", "resource", "expected"),
    [
        ("(Observation.value as Quantity)", {"valueQuantity": {"value": 1}}, [{"value": 1}]),
        ("(Observation.value as Quantity)", {"valueString": "x"}, []),
        ("Observation.effective", {"effectivePeriod": {"start": "2020"}}, [{"start": "2020"}]),
        ("Patient.telecom.where(system='phone')", {"telecom": [{"system": "email", "value": "a@b"},
                                                                {"system": "phone", "value": "1"}]},
         [{"system": "phone", "value": "1"}]),
        ("Observation.subject.where(resolve() is Patient)", {"subject": {"reference": "Group/g"}}, []),
        ("Observation.subject.where(resolve() is Patient)", {"subject": {"reference": "Patient/p"}},
         [{"reference": "Patient/p"}]),
    ],
)  # fmt: skip
def test_compiled_paths(expression, resource, expected):
    assert compile_expression(expression)(resource) == expected


def test_every_indexed_parameter_of_our_types_compiles_without_fhirpathpy():
    """fhirpathpy without a model cannot see choice elements; our types must not depend on it."""
    from gateway.search.extract import _EXISTS_NOT_FALSE, _compile_path

    registry = default_registry()
    for rtype in ("Patient", "Observation", "Encounter", "ServiceRequest", "CarePlan", "Goal", "MedicationRequest"):
        for param in registry.for_type(rtype).values():
            if param.indexed:
                for part in param.expression.split(" | "):
                    part = part.strip()
                    assert _compile_path(part) is not None or _EXISTS_NOT_FALSE.match(part), (rtype, param.code)


def test_patient_deceased_is_searchable():
    rows = Indexer(default_registry()).extract({"resourceType": "Patient", "deceasedDateTime": "2020-01-01"}).rows
    assert {"param": "deceased", "system": None, "code": "true", "text": None} in rows["token"]
