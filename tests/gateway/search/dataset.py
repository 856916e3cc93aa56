"""A small, hand-written data set whose search results are known by construction."""

from __future__ import annotations

from typing import Any

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
MRN = "urn:oid:1.2.36.146.595.217.0.1"


def _patient(pid: str, family: str, given: str, **extra: Any) -> dict[str, Any]:
    return {"resourceType": "Patient", "id": pid, "name": [{"family": family, "given": [given]}], **extra}


RESOURCES: list[dict[str, Any]] = [
    _patient(
        "p1",
        "Rivera",
        "Ana",
        gender="female",
        birthDate="1950-03-04",
        active=True,
        identifier=[{"system": MRN, "value": "M1"}],
        telecom=[{"system": "phone", "value": "555-0100"}],
        address=[{"line": ["12 Elm St"], "city": "Boston", "state": "MA", "postalCode": "02101"}],
        meta={"profile": ["http://example.org/fhir/StructureDefinition/vip-patient"]},
    ),
    _patient(
        "p2",
        "Rivers",
        "Tom",
        gender="male",
        birthDate="1950-12-31",
        active=False,
        identifier=[{"system": MRN, "value": "M2"}],
    ),
    _patient("p3", "Smith", "Lee", birthDate="1951-01-01", identifier=[{"system": "urn:other", "value": "M1"}]),
    _patient("p4", "Ólafsdóttir", "Björk", gender="female", birthDate="1949"),
    _patient("p5", "Nguyen", "Mai", identifier=[{"value": "M9"}]),
    {"resourceType": "Practitioner", "id": "pr1", "name": [{"family": "Grey", "given": ["Meredith"]}]},
    {
        "resourceType": "Observation",
        "id": "o1",
        "status": "final",
        "category": [
            {
                "coding": [
                    {"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}
                ]
            }
        ],
        "code": {"coding": [{"system": LOINC, "code": "8867-4", "display": "Heart rate"}]},
        "subject": {"reference": "Patient/p1"},
        "effectiveDateTime": "2024-03-01T10:00:00-05:00",
        "valueQuantity": {"value": 72, "unit": "beats/min", "system": UCUM, "code": "/min"},
    },
    {
        "resourceType": "Observation",
        "id": "o2",
        "status": "preliminary",
        "code": {"coding": [{"system": LOINC, "code": "8310-5", "display": "Body temperature"}]},
        "subject": {"reference": "Patient/p1"},
        "effectiveDateTime": "2024-03-02",
        "valueQuantity": {"value": 38.5, "unit": "C", "system": UCUM, "code": "Cel"},
    },
    {
        "resourceType": "Observation",
        "id": "o3",
        "status": "final",
        "code": {"coding": [{"system": LOINC, "code": "8867-4", "display": "Heart rate"}]},
        "subject": {"reference": "Patient/p2"},
        "effectivePeriod": {"start": "2024-03-01T00:00:00Z", "end": "2024-03-05T00:00:00Z"},
        "valueQuantity": {"value": 100, "unit": "beats/min", "system": UCUM, "code": "/min"},
    },
    {
        "resourceType": "ServiceRequest",
        "id": "sr1",
        "status": "active",
        "intent": "order",
        "code": {"text": "Physical therapy evaluation"},
        "subject": {"reference": "Patient/p1"},
        "requester": {"reference": "Practitioner/pr1"},
        "authoredOn": "2024-02-20",
    },
    {
        "resourceType": "Encounter",
        "id": "e1",
        "status": "finished",
        "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "HH"},
        "subject": {"reference": "Patient/p1"},
        "period": {"start": "2024-03-01T09:00:00Z", "end": "2024-03-01T10:00:00Z"},
    },
    {
        "resourceType": "RiskAssessment",
        "id": "ra1",
        "status": "final",
        "subject": {"reference": "Patient/p1"},
        "prediction": [{"probabilityDecimal": 0.25}],
    },
]
