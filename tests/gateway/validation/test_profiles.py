"""Each project profile: its example passes, and each broken variant fails with the expected issue and expression."""

from __future__ import annotations

import pytest

from gateway.validation.validator import ProfileValidator
from tests.gateway.validation.cases import DELETE, example, mutate

HC = "http://homecare.example.org/fhir"
DISC = {"coding": [{"system": f"{HC}/CodeSystem/home-discipline", "code": "occupational-therapy"}]}
BAD_DISC = {"coding": [{"system": f"{HC}/CodeSystem/home-discipline", "code": "massage"}]}
VALIDATOR = ProfileValidator()

EXAMPLES = [
    "Patient-home-patient-example",
    "Coverage-home-coverage-example",
    "ServiceRequest-home-referral-example",
    "CarePlan-home-careplan-example",
    "Goal-home-goal-example",
    "MedicationRequest-home-infusion-order-example",
    "Encounter-home-visit-example",
]

# (example, path, new value or DELETE, expected diagnostics fragment, expected expression)
BROKEN = [
    # home-patient
    ("Patient-home-patient-example", "address", DELETE, "Patient.address: minimum required = 1", "Patient.address"),
    ("Patient-home-patient-example", "address[0].line", DELETE, "minimum required = 1", "Patient.address[0].line"),
    (
        "Patient-home-patient-example",
        "identifier",
        DELETE,
        "Patient.identifier: minimum required",
        "Patient.identifier",
    ),
    ("Patient-home-patient-example", "name", DELETE, "Patient.name: minimum required", "Patient.name"),
    (
        "Patient-home-patient-example",
        "identifier[0].system",
        DELETE,
        "minimum required",
        "Patient.identifier[0].system",
    ),
    ("Patient-home-patient-example", "telecom[0].system", "pager?", "Code 'pager?'", "Patient.telecom[0].system"),
    (
        "Patient-home-patient-example",
        "extension[0].valueCodeableConcept.coding[0].code",
        "sometimes",
        "not in the value set",
        "Patient.extension[0].valueCodeableConcept",
    ),
    (
        "Patient-home-patient-example",
        "extension[0].valueString",
        "yes",
        "valueString is not allowed",
        "Patient.extension[0].valueString",
    ),
    (
        "Patient-home-patient-example",
        "extension[1]",
        {"url": f"{HC}/StructureDefinition/homebound-status", "valueBoolean": False},
        "slice 'homebound' allows at most 1, found 2",
        "Patient.extension",
    ),
    ("Patient-home-patient-example", "contact", [{"gender": "male"}], "pat-1", "Patient.contact[0]"),
    (
        "Patient-home-patient-example",
        "managingOrganization",
        {"reference": "Practitioner/1"},
        "Reference to Practitioner is not allowed",
        "Patient.managingOrganization",
    ),
    # home-coverage
    (
        "Coverage-home-coverage-example",
        "identifier",
        DELETE,
        "slice 'memberid' requires at least 1",
        "Coverage.identifier",
    ),
    (
        "Coverage-home-coverage-example",
        "identifier[0].value",
        DELETE,
        "minimum required",
        "Coverage.identifier[0].value",
    ),
    (
        "Coverage-home-coverage-example",
        "beneficiary",
        {"reference": "Group/1"},
        "Reference to Group",
        "Coverage.beneficiary",
    ),
    ("Coverage-home-coverage-example", "beneficiary", DELETE, "Coverage.beneficiary: minimum", "Coverage.beneficiary"),
    ("Coverage-home-coverage-example", "payor", DELETE, "Coverage.payor: minimum", "Coverage.payor"),
    (
        "Coverage-home-coverage-example",
        "relationship",
        DELETE,
        "Coverage.relationship: minimum",
        "Coverage.relationship",
    ),
    ("Coverage-home-coverage-example", "status", DELETE, "Coverage.status: minimum", "Coverage.status"),
    ("Coverage-home-coverage-example", "status", "pending", "Code 'pending'", "Coverage.status"),
    (
        "Coverage-home-coverage-example",
        "period",
        {"start": "2026-02-01", "end": "2026-01-01"},
        "per-1",
        "Coverage.period",
    ),
    (
        "Coverage-home-coverage-example",
        "class",
        [{"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/coverage-class", "code": "group"}]}}],
        "minimum required",
        "Coverage.class[0].value",
    ),
    ("Coverage-home-coverage-example", "payor[0]", {"reference": "Patient/1#x"}, "", "Coverage"),
    # home-referral
    ("ServiceRequest-home-referral-example", "code", BAD_DISC, "not in the value set", "ServiceRequest.code"),
    (
        "ServiceRequest-home-referral-example",
        "code",
        {"text": "PT please"},
        "No code from the required value set",
        "ServiceRequest.code",
    ),
    (
        "ServiceRequest-home-referral-example",
        "requester",
        DELETE,
        "ServiceRequest.requester: minimum",
        "ServiceRequest.requester",
    ),
    (
        "ServiceRequest-home-referral-example",
        "reasonCode",
        DELETE,
        "ServiceRequest.reasonCode: minimum",
        "ServiceRequest.reasonCode",
    ),
    (
        "ServiceRequest-home-referral-example",
        "subject",
        {"reference": "Group/g1"},
        "Reference to Group",
        "ServiceRequest.subject",
    ),
    ("ServiceRequest-home-referral-example", "intent", "plan", "pattern", "ServiceRequest.intent"),
    ("ServiceRequest-home-referral-example", "occurrencePeriod", {"end": "2027-01-01"}, "hc-ref-1", "ServiceRequest"),
    (
        "ServiceRequest-home-referral-example",
        "occurrencePeriod",
        {"start": "2027-02-01", "end": "2027-01-01"},
        "per-1",
        "ServiceRequest.occurrencePeriod",
    ),
    (
        "ServiceRequest-home-referral-example",
        "insurance[0]",
        {"reference": "Organization/payer"},
        "Reference to Organization",
        "ServiceRequest.insurance[0]",
    ),
    (
        "ServiceRequest-home-referral-example",
        "extension[0].valueDate",
        "2026-01-01",
        "valueDate is not allowed",
        "ServiceRequest.extension[0].valueDate",
    ),
    (
        "ServiceRequest-home-referral-example",
        "extension[0]",
        {"url": f"{HC}/StructureDefinition/homebound-status"},
        "minimum required",
        "ServiceRequest.extension[0].value[x]",
    ),
    ("ServiceRequest-home-referral-example", "status", "open", "Code 'open'", "ServiceRequest.status"),
    # home-careplan
    (
        "CarePlan-home-careplan-example",
        "category[0].coding[0].code",
        "other",
        "slice 'AssessPlan' requires at least 1",
        "CarePlan.category",
    ),
    ("CarePlan-home-careplan-example", "period", DELETE, "CarePlan.period: minimum", "CarePlan.period"),
    ("CarePlan-home-careplan-example", "period.start", DELETE, "minimum required", "CarePlan.period.start"),
    ("CarePlan-home-careplan-example", "goal", DELETE, "CarePlan.goal: minimum", "CarePlan.goal"),
    (
        "CarePlan-home-careplan-example",
        "goal[0]",
        {"reference": "Condition/c1"},
        "Reference to Condition",
        "CarePlan.goal[0]",
    ),
    ("CarePlan-home-careplan-example", "activity", DELETE, "CarePlan.activity: minimum", "CarePlan.activity"),
    (
        "CarePlan-home-careplan-example",
        "activity[0].detail.code",
        BAD_DISC,
        "not in the value set",
        "CarePlan.activity[0].detail.code",
    ),
    (
        "CarePlan-home-careplan-example",
        "activity[0].detail.code",
        DELETE,
        "minimum required",
        "CarePlan.activity[0].detail.code",
    ),
    ("CarePlan-home-careplan-example", "text.status", "extensions", "Code 'extensions'", "CarePlan.text.status"),
    ("CarePlan-home-careplan-example", "intent", "order-ish", "Code 'order-ish'", "CarePlan.intent"),
    (
        "CarePlan-home-careplan-example",
        "activity[0].detail.scheduledTiming.repeat.period",
        -1,
        "tim-5",
        "CarePlan.activity[0].detail.scheduledTiming.repeat",
    ),
    # home-goal
    ("Goal-home-goal-example", "target", DELETE, "Goal.target: minimum", "Goal.target"),
    ("Goal-home-goal-example", "target[0]", {"detailString": "better"}, "hc-goal-1", "Goal.target[0]"),
    ("Goal-home-goal-example", "description", DELETE, "Goal.description: minimum", "Goal.description"),
    ("Goal-home-goal-example", "subject", DELETE, "Goal.subject: minimum", "Goal.subject"),
    ("Goal-home-goal-example", "subject", {"reference": "Organization/o"}, "Reference to Organization", "Goal.subject"),
    ("Goal-home-goal-example", "lifecycleStatus", "done", "Code 'done'", "Goal.lifecycleStatus"),
    ("Goal-home-goal-example", "lifecycleStatus", DELETE, "Goal.lifecycleStatus: minimum", "Goal.lifecycleStatus"),
    (
        "Goal-home-goal-example",
        "target[0].detailQuantity.comparator",
        "~",
        "Code '~'",
        "Goal.target[0].detailQuantity.comparator",
    ),
    ("Goal-home-goal-example", "target[0].detailQuantity.system", DELETE, "qty-3", "Goal.target[0].detailQuantity"),
    ("Goal-home-goal-example", "startDate", "2026-12-01", "", "Goal"),
    (
        "Goal-home-goal-example",
        "target[0].dueDuration",
        {"value": 4, "unit": "wk"},
        "only one of",
        "Goal.target[0].dueDuration",
    ),
    # home-infusion-order
    (
        "MedicationRequest-home-infusion-order-example",
        "dosageInstruction",
        DELETE,
        "MedicationRequest.dosageInstruction: minimum",
        "MedicationRequest.dosageInstruction",
    ),
    (
        "MedicationRequest-home-infusion-order-example",
        "dosageInstruction[0].route",
        DELETE,
        "minimum required",
        "MedicationRequest.dosageInstruction[0].route",
    ),
    (
        "MedicationRequest-home-infusion-order-example",
        "dosageInstruction[0].route.coding[0].code",
        "26643006",
        "not in the value set",
        "MedicationRequest.dosageInstruction[0].route",
    ),
    (
        "MedicationRequest-home-infusion-order-example",
        "dosageInstruction[0].doseAndRate",
        DELETE,
        "minimum required",
        "MedicationRequest.dosageInstruction[0].doseAndRate",
    ),
    (
        "MedicationRequest-home-infusion-order-example",
        "extension[0].valueCodeableConcept.coding[0].code",
        "tube",
        "not in the value set",
        "MedicationRequest.extension[0].valueCodeableConcept",
    ),
    (
        "MedicationRequest-home-infusion-order-example",
        "requester",
        DELETE,
        "MedicationRequest.requester: minimum",
        "MedicationRequest.requester",
    ),
    ("MedicationRequest-home-infusion-order-example", "intent", "proposal", "pattern", "MedicationRequest.intent"),
    (
        "MedicationRequest-home-infusion-order-example",
        "subject",
        {"reference": "Device/d"},
        "Reference to Device",
        "MedicationRequest.subject",
    ),
    (
        "MedicationRequest-home-infusion-order-example",
        "medicationCodeableConcept",
        DELETE,
        "minimum required",
        "MedicationRequest.medication[x]",
    ),
    (
        "MedicationRequest-home-infusion-order-example",
        "dosageInstruction[0].doseAndRate[0].doseQuantity.system",
        DELETE,
        "qty-3",
        "MedicationRequest.dosageInstruction[0].doseAndRate[0].doseQuantity",
    ),
    # home-visit
    (
        "Encounter-home-visit-example",
        "class",
        {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB"},
        "Value must be exactly",
        "Encounter.class",
    ),
    ("Encounter-home-visit-example", "class.display", "home health", "Value must be exactly", "Encounter.class"),
    (
        "Encounter-home-visit-example",
        "type",
        [{"text": "visit"}],
        "slice 'visitType' requires at least 1",
        "Encounter.type",
    ),
    (
        "Encounter-home-visit-example",
        "type[0].coding[0].code",
        "social-call",
        "not in the value set",
        "Encounter.type[0]",
    ),
    ("Encounter-home-visit-example", "serviceType", DELETE, "Encounter.serviceType: minimum", "Encounter.serviceType"),
    ("Encounter-home-visit-example", "serviceType", BAD_DISC, "not in the value set", "Encounter.serviceType"),
    ("Encounter-home-visit-example", "period.end", DELETE, "hc-visit-1", "Encounter"),
    ("Encounter-home-visit-example", "period", DELETE, "Encounter.period: minimum", "Encounter.period"),
    ("Encounter-home-visit-example", "participant", DELETE, "Encounter.participant: minimum", "Encounter.participant"),
    (
        "Encounter-home-visit-example",
        "basedOn[0]",
        {"reference": "CarePlan/cp"},
        "Reference to CarePlan",
        "Encounter.basedOn[0]",
    ),
    ("Encounter-home-visit-example", "status", "done", "Code 'done'", "Encounter.status"),
    (
        "Encounter-home-visit-example",
        "type[1]",
        {"coding": [{"system": f"{HC}/CodeSystem/home-visit-type", "code": "routine"}]},
        "slice 'visitType' allows at most 1",
        "Encounter.type",
    ),
]
# Mutations that are valid on purpose (the empty fragment): they guard against false positives.
VALID_VARIANTS = [case for case in BROKEN if not case[3]]
BROKEN = [case for case in BROKEN if case[3]]


def errors(resource: dict) -> list:
    return [i for i in VALIDATOR.validate(resource) if i.severity in ("error", "fatal")]


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_passes_its_profile(name: str) -> None:
    assert errors(example(name)) == []


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_passes_on_write(name: str) -> None:
    assert [i for i in VALIDATOR(example(name)) if i.severity == "error"] == []


@pytest.mark.parametrize(("name", "path", "value", "fragment", "expression"), BROKEN)
def test_broken_variant_fails_with_issue_and_expression(
    name: str, path: str, value: object, fragment: str, expression: str
) -> None:
    found = errors(mutate(example(name), path, value))
    assert any(fragment in i.diagnostics and expression in i.expression for i in found), [
        (i.diagnostics, i.expression) for i in found
    ]


@pytest.mark.parametrize(("name", "path", "value", "fragment", "expression"), VALID_VARIANTS)
def test_harmless_variant_still_passes(name: str, path: str, value: object, fragment: str, expression: str) -> None:
    assert errors(mutate(example(name), path, value)) == []


def test_every_profile_has_at_least_ten_broken_variants() -> None:
    for name in EXAMPLES:
        assert sum(1 for case in BROKEN if case[0] == name) >= 10, name
