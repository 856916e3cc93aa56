"""Domain examples shared by the API and mapping tests."""

from __future__ import annotations

from typing import Any


def referral(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "patient": {
            "name": "Ana María Rivera",
            "birth_date": "1941-07-09",
            "sex": "female",
            "phone": "617-555-0100",
            "address": {"line": ["12 Elm St", "Apt 3"], "city": "Boston", "state": "MA", "postal_code": "02101"},
            "mrn": "MRN-100",
            "language": "es",
        },
        "service_type": "physical-therapy",
        "reason": "Gait training after right hip fracture",
        "diagnoses": [{"system": "icd-10-cm", "code": "S72.001D", "display": "Fracture of right femur, subsequent"}],
        "referring_provider": {
            "name": "Dr. Meredith Grey",
            "npi": "1234567893",
            "organization": "Seattle Grace Orthopedics",
            "phone": "206-555-0199",
        },
        "insurance": {"payer": "Medicare", "plan": "medicare-part-a", "member_id": "1EG4TE5MK73"},
        "homebound": True,
        "priority": "routine",
        "requested_start": "2024-03-04",
        "frequency": "3x/week for 4 weeks",
        "notes": "Dog in the house; ring twice.",
    }
    body.update(overrides)
    return body


def care_plan(patient: str, physician: str, referral_id: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "patient": {"reference": patient},
        "discipline": "physical-therapy",
        "status": "active",
        "goals": [
            {
                "description": "Walk 150 ft with a walker",
                "target_measure": "Distance walked",
                "target_value": "150 ft",
                "due_date": "2024-04-01",
            },
            {"description": "Transfer bed to chair on her own", "due_date": "2024-03-25"},
        ],
        "visit_frequency": "3x/week for 4 weeks",
        "interventions": ["Gait training", "Balance training", "Home safety education"],
        "home_exercise_program": [
            {
                "exercise": "Sit to stand",
                "sets": 3,
                "reps": 10,
                "frequency": "2x/day",
                "progression_notes": "Lower the chair height when 3x10 is easy",
            },
            {"exercise": "Heel raises", "sets": 2, "reps": 15, "hold_seconds": 3, "frequency": "1x/day"},
        ],
        "certifying_physician": {"reference": physician},
        "certification_period": {"start": "2024-03-01", "end": "2024-04-29"},
    }
    if referral_id:
        body["referral"] = {"reference": f"ServiceRequest/{referral_id}"}
    return body


def infusion_order(patient: str, prescriber: str) -> dict[str, Any]:
    return {
        "patient": {"reference": patient},
        "medication": {"name": "Vancomycin", "rxnorm": "11124"},
        "dose_value": 1,
        "dose_unit": "g",
        "route": "IV",
        "rate": "250 mL/h",
        "frequency": "every 12 hours",
        "start": "2024-03-01",
        "stop": "2024-03-14",
        "total_doses": 28,
        "vascular_access": "PICC",
        "pump": "elastomeric",
        "prescriber": {"reference": prescriber},
        "nursing_visits": "1x/week",
        "status": "active",
    }


def visit(patient: str, clinician: str, referral_id: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "patient": {"reference": patient},
        "clinician": {"reference": clinician},
        "discipline": "skilled-nursing",
        "visit_type": "infusion",
        "status": "finished",
        "start": "2024-03-01T09:00:00-05:00",
        "end": "2024-03-01T10:00:00-05:00",
        "vitals": {"systolic": 128, "diastolic": 82, "heart_rate": 72, "temperature_c": 37.1},
    }
    if referral_id:
        body["referral"] = {"reference": f"ServiceRequest/{referral_id}"}
    return body
