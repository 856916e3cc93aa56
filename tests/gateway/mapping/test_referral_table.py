"""Real-world referrals, written out, map to the FHIR a partner EHR expects, and every mapped
resource passes its profile (and the base spec) in the real validator."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.domain.referral import Referral
from gateway.mapping.bundle import bundle_resolver
from gateway.mapping.referral import referral_from_fhir, referral_to_bundle
from gateway.validation.validator import ProfileValidator
from tests.gateway.api.examples import referral

HCPCS = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"
SOPT = "urn:oid:2.16.840.1.113883.3.221.5"


def _patient(name: str, mrn: str, **extra: Any) -> dict[str, Any]:
    base = referral()["patient"]
    return {**base, "name": name, "mrn": mrn, **extra}


# (description, overrides, expected: hcpcs, sopt, (frequency, period, unit) or None, conditions, has_role, homebound)
CASES: list[tuple[str, dict[str, Any], tuple[Any, ...]]] = [
    ("hip fracture PT, Medicare A", {}, ("G0151", "121", (3, 1, "wk"), 1, True, "homebound")),
    (
        "stroke OT with two diagnoses",
        {
            "patient": _patient("Walter O'Brien", "MRN-201", sex="male", language="en"),
            "service_type": "occupational-therapy",
            "reason": "ADL retraining after left MCA stroke",
            "diagnoses": [
                {"system": "icd-10-cm", "code": "I69.351", "display": "Hemiplegia following cerebral infarction"},
                {"system": "icd-10-cm", "code": "R26.89", "display": "Other abnormalities of gait"},
            ],
            "frequency": "2x/week for 6 weeks",
        },
        ("G0152", "121", (2, 1, "wk"), 2, True, "homebound"),
    ),
    (
        "dysphagia SLP, Part B, not homebound",
        {
            "patient": _patient("Mei Chen", "MRN-202", language="zh"),
            "service_type": "speech-language-therapy",
            "reason": "Dysphagia after radiation therapy",
            "diagnoses": [{"system": "icd-10-cm", "code": "R13.12", "display": "Dysphagia, oropharyngeal phase"}],
            "insurance": {"payer": "Medicare", "plan": "medicare-part-b", "member_id": "2KV9DE4RT56"},
            "homebound": False,
            "frequency": "1x/week for 8 weeks",
        },
        ("G0153", "121", (1, 1, "wk"), 1, True, "not-homebound"),
    ),
    (
        "wound care nursing, Medicaid, urgent",
        {
            "patient": _patient("Darnell Jackson", "MRN-203", sex="male"),
            "service_type": "skilled-nursing",
            "reason": "Stage 3 pressure injury, sacrum",
            "diagnoses": [
                {"system": "icd-10-cm", "code": "L89.153", "display": "Pressure ulcer of sacral region, stage 3"}
            ],
            "insurance": {"payer": "MassHealth", "plan": "medicaid", "member_id": "100234567890"},
            "priority": "urgent",
            "frequency": "daily x 14 days",
        },
        ("G0299", "2", (1, 1, "d"), 1, True, "homebound"),
    ),
    (
        "IV antibiotics home infusion, commercial",
        {
            "patient": _patient("Priya Natarajan", "MRN-204"),
            "service_type": "home-infusion",
            "reason": "Osteomyelitis: 6 weeks of IV antibiotics",
            "diagnoses": [
                {"system": "icd-10-cm", "code": "M86.171", "display": "Other acute osteomyelitis, right ankle"}
            ],
            "insurance": {"payer": "Blue Cross Blue Shield", "plan": "commercial", "member_id": "XKJ884512309"},
            "homebound": None,
            "frequency": "every 12 hours",
        },
        ("G0068", "5", (1, 12, "h"), 1, True, None),
    ),
    (
        "behavioral health with SNOMED diagnosis",
        {
            "patient": _patient("Gloria Esposito", "MRN-205", language="it"),
            "service_type": "behavioral-health",
            "reason": "Depression with social isolation after spouse's death",
            "diagnoses": [{"system": "snomed", "code": "35489007", "display": "Depressive disorder"}],
            "frequency": "1x/week for 12 weeks",
        },
        (None, "121", (1, 1, "wk"), 1, True, "homebound"),
    ),
    (
        "PT with no organization (solo practitioner)",
        {
            "patient": _patient("Henry Lindqvist", "MRN-206", sex="male"),
            "referring_provider": {"name": "Samuel Okoye MD", "npi": "1987654329", "phone": "555-0142"},
        },
        ("G0151", "121", (3, 1, "wk"), 1, False, "homebound"),
    ),
    (
        "no insurance on file yet",
        {"patient": _patient("Rosa Delgado", "MRN-207"), "insurance": None},
        ("G0151", None, (3, 1, "wk"), 1, True, "homebound"),
    ),
    (
        "no diagnoses coded yet, stat",
        {"patient": _patient("Tom Becker", "MRN-208", sex="male"), "diagnoses": [], "priority": "stat"},
        ("G0151", "121", (3, 1, "wk"), 0, True, "homebound"),
    ),
    (
        "frequency in words",
        {"patient": _patient("Ingrid Sato", "MRN-209"), "frequency": "twice a week for 3 weeks"},
        ("G0151", "121", (2, 1, "wk"), 1, True, "homebound"),
    ),
    (
        "free-text frequency kept as text",
        {"patient": _patient("Ali Hassan", "MRN-210", sex="male"), "frequency": "as tolerated, per therapist"},
        ("G0151", "121", None, 1, True, "homebound"),
    ),
    (
        "no requested start",
        {"patient": _patient("Beatrice Moreau", "MRN-211"), "requested_start": None, "frequency": "BID"},
        ("G0151", "121", (2, 1, "d"), 1, True, "homebound"),
    ),
    (
        "part D drug coverage for infusion",
        {
            "patient": _patient("Kwame Mensah", "MRN-212", sex="male"),
            "service_type": "home-infusion",
            "reason": "Subcutaneous immunoglobulin",
            "insurance": {"payer": "Medicare", "plan": "medicare-part-d", "member_id": "5AB6CD7EF89"},
            "frequency": "weekly",
        },
        ("G0068", "122", (1, 1, "wk"), 1, True, "homebound"),
    ),
    (
        "draft referral with notes only",
        {
            "patient": _patient("Olga Petrova", "MRN-213", language="ru"),
            "status": "draft",
            "notes": "Call daughter first",
        },
        ("G0151", "121", (3, 1, "wk"), 1, True, "homebound"),
    ),
    (
        "accents and suffixes in names",
        {
            "patient": _patient("José Álvarez-Núñez Jr.", "MRN-214", sex="male"),
            "referring_provider": {"name": "Dr. Zoë Ng DPT", "npi": "1112223339", "organization": "Clínica Ortopédica"},
        },
        ("G0151", "121", (3, 1, "wk"), 1, True, "homebound"),
    ),
    (
        "asap nursing, every 8 hours",
        {
            "patient": _patient("Lena Fischer", "MRN-215"),
            "service_type": "skilled-nursing",
            "priority": "asap",
            "reason": "Post-op drain care",
            "frequency": "q8h",
        },
        ("G0299", "121", (1, 8, "h"), 1, True, "homebound"),
    ),
]


def _resources(bundle: dict[str, Any], rtype: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == rtype]


@pytest.mark.parametrize(("overrides", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_referral_maps_as_expected(overrides, expected):
    hcpcs, sopt, timing, conditions, has_role, homebound = expected
    domain = Referral.model_validate(referral(**overrides))
    bundle = referral_to_bundle(domain)
    sr = _resources(bundle, "ServiceRequest")[0]

    codes = {c["system"]: c["code"] for c in sr["code"]["coding"]}
    assert codes.get(HCPCS) == hcpcs
    assert codes["http://homecare.example.org/fhir/CodeSystem/home-discipline"] == domain.service_type
    assert sr["priority"] == domain.priority
    assert sr["intent"] == "order"
    coverage = _resources(bundle, "Coverage")
    assert (coverage[0]["type"]["coding"][0]["code"] if coverage else None) == sopt
    repeat = sr.get("occurrenceTiming", {}).get("repeat", {})
    got = (repeat["frequency"], repeat["period"], repeat["periodUnit"]) if "frequency" in repeat else None
    assert got == timing
    assert len(_resources(bundle, "Condition")) == conditions
    assert bool(_resources(bundle, "PractitionerRole")) == has_role
    ext = next((e for e in sr.get("extension", []) if e["url"].endswith("homebound-status")), None)
    assert (ext["valueCodeableConcept"]["coding"][0]["code"] if ext else None) == homebound
    patient_entry = next(e for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient")
    assert patient_entry["request"]["ifNoneExist"].endswith(f"|{domain.patient.mrn}")

    assert referral_from_fhir(sr, bundle_resolver(bundle)) == domain


@pytest.mark.parametrize(("overrides", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_every_mapped_resource_passes_its_profile(overrides, expected):
    bundle = referral_to_bundle(Referral.model_validate(referral(**overrides)))
    validator = ProfileValidator()
    for entry in bundle["entry"]:
        errors = [i for i in validator.validate(entry["resource"]) if i.severity == "error"]
        assert errors == [], (entry["resource"]["resourceType"], errors)
