"""Every resource the care-plan, infusion and visit mappings produce passes the real validator."""

from __future__ import annotations

import pytest

from gateway.domain.careplan import CarePlan
from gateway.domain.infusion import InfusionOrder
from gateway.domain.visit import Visit
from gateway.mapping.careplan import careplan_to_bundle
from gateway.mapping.infusion import infusion_to_bundle
from gateway.mapping.visit import visit_to_bundle
from gateway.validation.validator import ProfileValidator
from tests.gateway.api.examples import care_plan, infusion_order, visit

CASES = [
    ("care plan", careplan_to_bundle, CarePlan.model_validate(care_plan("Patient/p1", "Practitioner/d1", "sr1"))),
    ("infusion", infusion_to_bundle, InfusionOrder.model_validate(infusion_order("Patient/p1", "Practitioner/d1"))),
    ("visit", visit_to_bundle, Visit.model_validate(visit("Patient/p1", "Practitioner/n1", "sr1"))),
]


@pytest.mark.parametrize(("to_bundle", "domain"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_mapped_resources_validate(to_bundle, domain):
    bundle = to_bundle(domain)
    validator = ProfileValidator()
    profiled = 0
    for entry in bundle["entry"]:
        resource = entry["resource"]
        profiled += bool(resource.get("meta", {}).get("profile"))
        errors = [i for i in validator.validate(resource) if i.severity == "error"]
        assert errors == [], (resource["resourceType"], errors)
    assert profiled >= 1


def test_a_finished_visit_without_end_breaks_the_profile():
    """The domain model refuses it first; an EHR's Encounter is still checked by the profile."""
    with pytest.raises(ValueError):
        Visit.model_validate({**visit("Patient/p1", "Practitioner/n1"), "end": None})
    bundle = visit_to_bundle(Visit.model_validate(visit("Patient/p1", "Practitioner/n1")))
    encounter = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Encounter")
    del encounter["period"]["end"]
    errors = [i for i in ProfileValidator().validate(encounter) if i.severity == "error"]
    assert any("hc-visit-1" in i.diagnostics for i in errors), errors
