"""The profiles as data: snapshots are generated, code tables agree, base invariants hold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gateway.validation.definitions import PROFILES_DIR, structure_definition, type_definition
from gateway.validation.invariants import unsupported_invariants
from gateway.validation.snapshot import generate_snapshot
from gateway.validation.validator import ProfileValidator

SDS = sorted(PROFILES_DIR.glob("StructureDefinition-*.json"))


@pytest.mark.parametrize("path", SDS, ids=lambda p: p.stem)
def test_committed_snapshot_is_the_generated_one(path: Path) -> None:
    sd = json.loads(path.read_text())
    base = structure_definition(sd["baseDefinition"])
    assert base is not None
    assert generate_snapshot(sd, base, type_definition)["snapshot"] == sd["snapshot"]


@pytest.mark.parametrize("path", SDS, ids=lambda p: p.stem)
def test_every_differential_element_is_in_the_snapshot(path: Path) -> None:
    sd = json.loads(path.read_text())
    ids = {e["id"] for e in sd["snapshot"]["element"]}
    assert {e["id"] for e in sd["differential"]["element"]} <= ids


def test_discipline_code_table_matches_codesystem() -> None:
    table = json.loads((PROFILES_DIR / "codes" / "disciplines.json").read_text())
    cs = json.loads((PROFILES_DIR / "CodeSystem-home-discipline.json").read_text())
    from_cs = {c["code"]: {p["code"]: p["valueCode"] for p in c.get("property", [])} for c in cs["concept"]}
    from_table = {c["code"]: {k: c[k] for k in ("hcpcs", "snomed") if c.get(k)} for c in table["concepts"]}
    assert from_cs == from_table


def test_infusion_routes_table_matches_valueset() -> None:
    table = json.loads((PROFILES_DIR / "codes" / "infusion-routes.json").read_text())
    vs = json.loads((PROFILES_DIR / "ValueSet-home-infusion-route.json").read_text())
    assert [c["code"] for c in vs["compose"]["include"][0]["concept"]] == [c["snomed"] for c in table["concepts"]]


# (resource, invariant key, expression) - core R4 rules that hold for every write, profile or not
BASE_CASES = [
    ({"resourceType": "Patient", "contact": [{"gender": "male"}]}, "pat-1", "Patient.contact[0]"),
    ({"resourceType": "Patient", "contact": [{"name": {"family": "X"}}]}, None, None),
    (
        {
            "resourceType": "Encounter",
            "status": "planned",
            "class": {"code": "HH"},
            "period": {"start": "2026-02-01", "end": "2026-01-01"},
        },
        "per-1",
        "Encounter.period",
    ),
    ({"resourceType": "Patient", "extension": [{"url": "http://x.org/e"}]}, "ext-1", "Patient.extension[0]"),
    (
        {"resourceType": "Patient", "managingOrganization": {"reference": "#missing"}},
        "ref-1",
        "Patient.managingOrganization",
    ),
    (
        {
            "resourceType": "Observation",
            "status": "final",
            "code": {"text": "BP"},
            "valueString": "x",
            "dataAbsentReason": {"text": "n/a"},
        },
        "obs-6",
        "Observation",
    ),
    (
        {
            "resourceType": "Patient",
            "contained": [
                {"resourceType": "Patient", "id": "p", "contained": [{"resourceType": "Patient", "id": "q"}]}
            ],
        },
        "dom-2",
        "Patient",
    ),
]


@pytest.mark.parametrize(("resource", "key", "expression"), BASE_CASES)
def test_base_invariants(resource: dict, key: str | None, expression: str | None) -> None:
    errors = [i for i in ProfileValidator()(resource) if i.severity == "error"]
    if key is None:
        assert errors == []
    else:
        assert any(key in i.diagnostics and i.expression == [expression] for i in errors), errors


def test_core_invariants_compile() -> None:
    from gateway.validation.profiles import base_checker

    for rtype in ("Patient", "ServiceRequest", "CarePlan", "Goal", "MedicationRequest", "Encounter", "Coverage"):
        assert base_checker(rtype) is not None
    assert "pat-1" not in unsupported_invariants()
