"""Index extraction from the spec's expressions, including the shapes compiled by hand."""

from __future__ import annotations

import copy

import pytest

from gateway.fhir.factory import default_registry
from gateway.search.extract import Indexer, compile_expression
from gateway.search.values import MAX_TIME


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


@pytest.mark.parametrize(
    ("expression", "resource", "expected"),
    [
        ("Patient.name", {"name": [{"family": "A"}, {"family": "B"}]}, [{"family": "A"}, {"family": "B"}]),
        ("Patient.gender", {"gender": "female"}, ["female"]),
        ("Patient.gender", {"gender": None}, []),
        ("Patient.gender", {}, []),
        ("Observation.effective", {"effective": None, "effectiveDateTime": "2020"}, ["2020"]),
        ("Observation.effective", {"effectiveness": "x"}, []),
    ],
)  # fmt: skip
def test_single_step_paths(expression, resource, expected):
    """One-name paths have their own fast walker; it must agree with the general one."""
    before = copy.deepcopy(resource)
    found = compile_expression(expression)(resource)
    assert found == expected
    found.append("extra")  # callers may extend what they get: it must not be the resource's own list
    assert resource == before


@pytest.mark.parametrize(
    ("expression", "resource", "expected"),
    [
        ("Patient.meta.profile", {"meta": {"profile": ["a", "b"]}}, ["a", "b"]),
        ("Patient.meta.source", {"meta": {"source": "s"}}, ["s"]),
        ("Patient.meta.tag", {"meta": {"versionId": "1"}}, []),
        ("Patient.meta.tag", {"meta": {"tag": None}}, []),
        ("Patient.meta.tag", {"meta": "x"}, []),
        ("Patient.meta.tag", {}, []),
        ("Encounter.participant.type", {"participant": [{"type": [{"text": "a"}]}, "x", {}, {"type": {"text": "b"}}]},
         [{"text": "a"}, {"text": "b"}]),
        ("Encounter.participant.type", {"participant": []}, []),
        ("Observation.component.value", {"component": [{"valueQuantity": {"value": 1}}, {"valueString": "s"}]},
         [{"value": 1}, "s"]),
        ("Observation.component.value", {"component": {"value": None, "valueString": "s"}}, ["s"]),
        ("Condition.onset.start", {"onsetPeriod": {"start": "2020"}}, ["2020"]),  # choice in the middle
        ("Condition.onset.start", {"onsetPeriod": [{"start": "2020"}, {"end": "2021"}]}, ["2020"]),
    ],
)  # fmt: skip
def test_two_step_paths(expression, resource, expected):
    """Two-name paths have their own walker; it must agree with the general one (lists flattened, non-objects
    skipped, choice elements found under their typed names) and hand back a list of its own."""
    before = copy.deepcopy(resource)
    found = compile_expression(expression)(resource)
    assert found == expected
    found.append("extra")
    assert resource == before


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


@pytest.mark.parametrize(
    ("expression", "needs"),
    [
        ("Patient.gender", ["gender"]),
        ("(Observation.value as Quantity)", ["valueQuantity"]),
        ("Observation.value.as(CodeableConcept)", ["valueCodeableConcept"]),
        ("Observation.effective", [None]),  # choice stem: effectivePeriod, effectiveDateTime, ...
        ("Observation.code | Observation.component.code", [None, "component"]),  # `code` is a choice stem elsewhere
        ("Patient.deceased.exists() and Patient.deceased != false", [None]),  # absent -> false
        ("name | alias", [None, None]),  # fhirpathpy
    ],
)
def test_presence_precheck_keys(expression, needs):
    from gateway.search.extract import _compile_parts

    assert [part.needs for part in _compile_parts(expression)] == needs


@pytest.mark.parametrize(
    ("resource", "kind", "expected"),
    [
        # choice element present only under its typed name
        ({"resourceType": "Observation", "effectiveDateTime": "2020"}, "date", {"param": "date"}),
        # union: only the second branch's root is present
        ({"resourceType": "AllergyIntolerance", "reaction": [{"substance": {"text": "Penicillin"}}]}, "token",
         {"param": "code", "system": None, "code": None, "text": "penicillin"}),
        ({"resourceType": "Observation", "component": [{"valueQuantity": {"value": 120, "code": "mm[Hg]"}}]},
         "quantity", {"param": "component-value-quantity", "system": None, "code": "mm[Hg]", "low": 120.0,
                      "high": 120.0}),
        ({"resourceType": "Observation", "valueQuantity": {"value": 5, "unit": "mg"}}, "quantity",
         {"param": "value-quantity", "code": "mg", "low": 5.0}),
        # fhirpathpy union: only the second branch's element is present
        ({"resourceType": "InsurancePlan", "alias": ["Gold Plan"]}, "string",
         {"param": "name", "value": "gold plan", "exact": "Gold Plan"}),
        # `exists() and != false` yields a row when the element is absent
        ({"resourceType": "Patient"}, "token", {"param": "deceased", "system": None, "code": "false", "text": None}),
    ],
)  # fmt: skip
def test_parameters_whose_elements_are_absent_are_skipped_but_not_these(resource, kind, expected):
    rows = Indexer(default_registry()).extract(resource).rows
    assert any(expected.items() <= row.items() for row in rows.get(kind, [])), rows


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("string", "Ana", [("ana", "Ana")]),
        ("string", {"family": "Ng", "given": ["A", 3, "B"]}, [("ng", "Ng"), ("a", "A"), ("b", "B")]),
        ("string", 5, []),
        ("token", True, [(None, "true", None)]),
        ("token", 7, [(None, "7", None)]),
        ("token", {"coding": [{"system": "s", "code": "c", "display": "D"}, "x"], "text": "T"},
         [("s", "c", "d"), (None, None, "t")]),
        ("token", {"text": "only"}, [(None, None, "only")]),
        ("token", {"system": "s", "value": "v", "type": {"text": "MR"}}, [("s", "v", "mr")]),
        ("token", {"display": "d"}, []),
        ("token", [1], []),
        ("date", "2020", [(1577836800000000, 1609459199999999)]),
        ("date", "bad", []),
        ("date", {"event": ["2020", 3], "repeat": {"boundsPeriod": {"start": "2021"}}},
         [(1577836800000000, 1609459199999999), (1609459200000000, MAX_TIME)]),
        ("number", True, []),
        ("number", 2, [(2.0, 2.0)]),
        ("quantity", {"value": 1, "unit": "mg"}, [(None, "mg", 1.0, 1.0)]),
        ("quantity", {"value": "1"}, []),
        ("uri", "http://x", [("http://x",)]),
        ("uri", {}, []),
        ("reference", {"reference": "Patient/p"}, [("Patient", "p", None)]),
        ("reference", "urn:uuid:1", [(None, None, "urn:uuid:1")]),
        ("reference", {"reference": "#c"}, []),
        ("reference", {"display": "x"}, []),
    ],
)  # fmt: skip
def test_cells_by_parameter_type(kind, value, expected):
    """The cells (a row's values after ``param``) each parameter type makes of each JSON shape."""
    from gateway.search.extract import _ROWS

    cells_of, _ = _ROWS[kind]
    assert list(cells_of(value)) == expected
