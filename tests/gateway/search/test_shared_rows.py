"""Parameters that read other parameters' index rows (``combo-code`` = ``code | component-code``,
``phonetic`` = ``name``, Coverage ``patient`` = ``beneficiary``, ``patient`` = ``subject`` pointing at
a Patient) answer every kind of search as if they had rows of their own, on both backends."""

from __future__ import annotations

import orjson
import pytest

from gateway.fhir.factory import default_registry
from gateway.search.extract import Indexer
from gateway.search.params import SearchParam, _branches, _share_rows
from tests.gateway.fhir.helpers import FHIR, ids, put_all

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"


def _param(code: str, expression: str, kind: str = "token", targets: tuple[str, ...] = ()) -> SearchParam:
    return SearchParam(code, kind, ("Observation",), expression, f"urn:sp:{code}", targets)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # the same expression: the first code (by order) keeps the rows
        ([_param("name", "X.name", "string"), _param("phonetic", "X.name", "string")],
         {"phonetic": (("name",), None)}),
        # a union of two others, parentheses and spacing aside
        ([_param("code", "X.code"), _param("component-code", "X.component.code"),
          _param("combo-code", "X.code | (X.component.code)")], {"combo-code": (("code", "component-code"), None)}),
        # only part of the union is another parameter's: rows of its own
        ([_param("code", "X.code"), _param("combo-code", "X.code | X.component.code")], {}),
        # same expression, different parameter type or targets: rows of its own
        ([_param("a", "X.code"), _param("b", "X.code", "string")], {}),
        ([_param("a", "X.subject", "reference", ("Patient",)),
          _param("b", "X.subject", "reference", ("Group",))], {}),
        # a `|` inside a function argument is not a union branch
        ([_param("a", "X.where(y | z)"), _param("b", "X.where(y")], {}),
        # a reference narrowed to one target type reads the wider parameter's rows of that type
        ([_param("subject", "X.subject", "reference", ("Group", "Patient")),
          _param("patient", "X.subject.where(resolve() is Patient)", "reference", ("Patient",))],
         {"patient": (("subject",), "Patient")}),
        # ... but keeps its own rows when a union reads them
        ([_param("subject", "X.subject", "reference"), _param("other", "X.other", "reference"),
          _param("patient", "X.subject.where(resolve() is Patient)", "reference"),
          _param("both", "X.subject.where(resolve() is Patient) | X.other", "reference")],
         {"both": (("other", "patient"), None)}),
    ],
)  # fmt: skip
def test_which_parameters_share_rows(params, expected):
    shared = _share_rows({p.code: p for p in params})
    assert {code: (p.stored_as, p.only_type) for code, p in shared.items()} == expected


@pytest.mark.parametrize(
    ("expression", "branches"),
    [
        ("A.b", {"A.b"}),
        ("(A.value as Quantity) | (A.value as SampledData)", {"A.value as Quantity", "A.value as SampledData"}),
        ("A.where(b | c) | D", {"A.where(b | c)", "D"}),
        ("(A) | B)", set()),
        ("A |", set()),
    ],
)
def test_union_branches(expression, branches):
    assert _branches(expression) == branches


def test_the_r4_parameters_that_share_rows_and_write_none():
    registry = default_registry()
    assert registry.get("Observation", "combo-code").row_codes == ("code", "component-code")
    quantity = registry.get("Observation", "combo-value-quantity")
    assert quantity.row_codes == ("component-value-quantity", "value-quantity")
    assert registry.get("Patient", "phonetic").row_codes == ("name",)
    assert registry.get("Coverage", "patient").row_codes == ("beneficiary",)
    assert registry.get("Observation", "code").row_codes == ("code",)
    narrowed = registry.get("Observation", "patient")
    assert (narrowed.row_codes, narrowed.only_type) == (("subject",), "Patient")
    narrowed = registry.get("Encounter", "practitioner")
    assert (narrowed.row_codes, narrowed.only_type) == (("participant",), "Practitioner")
    rows = Indexer(registry).extract(BP).rows
    written = {row["param"] for kind_rows in rows.values() for row in kind_rows}
    assert {"code", "component-code", "component-value-quantity"} <= written
    assert not {"combo-code", "combo-value-quantity", "patient"} & written


BP = {
    "resourceType": "Observation",
    "id": "bp",
    "status": "final",
    "code": {"coding": [{"system": LOINC, "code": "85354-9"}]},
    "subject": {"reference": "Patient/p1"},
    "component": [
        {"code": {"coding": [{"system": LOINC, "code": "8480-6"}]},
         "valueQuantity": {"value": 128, "system": UCUM, "code": "mm[Hg]"}},
        {"code": {"coding": [{"system": LOINC, "code": "8462-4"}]},
         "valueQuantity": {"value": 82, "system": UCUM, "code": "mm[Hg]"}},
    ],
}  # fmt: skip
DATA = [
    {"resourceType": "Patient", "id": "p1", "name": [{"family": "Okafor", "given": ["Ada"]}]},
    {"resourceType": "Patient", "id": "p2", "name": [{"family": "Lindqvist", "given": ["Bo"]}]},
    {"resourceType": "Organization", "id": "payer", "name": "Medicare"},
    BP,
    {
        "resourceType": "Observation",
        "id": "hr",
        "status": "final",
        "code": {"coding": [{"system": LOINC, "code": "8867-4"}]},
        "subject": {"reference": "Patient/p2"},
        "valueQuantity": {"value": 64, "system": UCUM, "code": "/min"},
    },
    {"resourceType": "Group", "id": "g1", "type": "person", "actual": True},
    {"resourceType": "Observation", "id": "grp", "status": "final", "code": {"text": "household size"},
     "subject": {"reference": "Group/g1"}, "valueQuantity": {"value": 3}},
    {"resourceType": "Coverage", "id": "c1", "status": "active", "beneficiary": {"reference": "Patient/p1"},
     "payor": [{"reference": "Organization/payer"}]},
]  # fmt: skip


@pytest.fixture
def loaded(client):
    return put_all(client, DATA)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (f"Observation?combo-code={LOINC}|85354-9", ["bp"]),  # the code
        (f"Observation?combo-code={LOINC}|8480-6", ["bp"]),  # a component's code
        ("Observation?combo-code=8867-4,8462-4", ["bp", "hr"]),
        ("Observation?combo-code:missing=false", ["bp", "grp", "hr"]),
        ("Observation?combo-code:not=8480-6", ["grp", "hr"]),
        (f"Observation?combo-value-quantity=gt100|{UCUM}|mm[Hg]", ["bp"]),  # a component's value
        ("Observation?combo-value-quantity=64", ["hr"]),  # the value
        ("Observation?combo-value-quantity=lt60", ["grp"]),
        ("Patient?phonetic=okaf", ["p1"]),
        ("Patient?phonetic:exact=Lindqvist", ["p2"]),
        ("Coverage?patient=Patient/p1", ["c1"]),
        ("Coverage?patient=p2", []),
        ("Coverage?patient.name=okafor", ["c1"]),  # chained through a shared reference parameter
        ("Patient?_has:Coverage:patient:status=active", ["p1"]),
        ("Patient?_has:Observation:subject:combo-code=8462-4", ["p1"]),
        # `patient` is `subject` narrowed to Patients
        ("Observation?patient=p1", ["bp"]),
        ("Observation?patient=Patient/p2", ["hr"]),
        ("Observation?patient=g1", []),
        ("Observation?subject=Group/g1", ["grp"]),
        ("Observation?patient:missing=true", ["grp"]),
        ("Observation?patient:missing=false", ["bp", "hr"]),
        ("Observation?patient.name=okafor", ["bp"]),
        ("Observation?patient.name=lindqvist,okafor", ["bp", "hr"]),
        ("Patient?_has:Observation:patient:combo-code=8462-4", ["p1"]),
        ("Group?_has:Observation:patient:status=final", []),
        ("Group?_has:Observation:subject:status=final", ["g1"]),
    ],
)
def test_search_on_shared_rows(loaded, query, expected):
    r = loaded.get(f"/fhir/{query}")
    assert r.status_code == 200, r.text
    assert ids(r.json()) == expected


def test_sort_and_includes_on_shared_rows(loaded):
    b = loaded.get("/fhir/Observation?_sort=-combo-value-quantity").json()
    assert [e["resource"]["id"] for e in b["entry"]] == ["bp", "hr", "grp"]  # 128 mm[Hg], 64 /min, 3
    b = loaded.get("/fhir/Coverage?_include=Coverage:patient").json()
    assert ids(b, "include") == ["p1"]
    b = loaded.get("/fhir/Patient?_revinclude=Coverage:patient").json()
    assert ids(b, "include") == ["c1"]
    b = loaded.get("/fhir/Observation?_include=Observation:patient").json()
    assert ids(b, "include") == ["p1", "p2"]  # not the Group
    b = loaded.get("/fhir/Observation?_include=Observation:subject").json()
    assert ids(b, "include") == ["g1", "p1", "p2"]
    b = loaded.get("/fhir/Patient?_revinclude=Observation:patient").json()
    assert ids(b, "include") == ["bp", "hr"]


def test_conditional_create_on_a_shared_parameter_finds_the_match(loaded):
    body = orjson.dumps({**BP, "id": None})
    headers = {**FHIR, "If-None-Exist": f"combo-code={LOINC}|8462-4"}
    r = loaded.post("/fhir/Observation", content=body.replace(b'"id":null,', b""), headers=headers)
    assert r.status_code == 200, r.text  # found, not created
    assert r.headers.get("Location", "").split("/Observation/")[1].startswith("bp")
