"""The code tables mapping reads, loaded from ``fhir_profiles/codes/`` (data, not code)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

CODES_DIR = Path(__file__).resolve().parents[2] / "fhir_profiles" / "codes"

HOMECARE = "http://homecare.example.org/fhir"
SID_MRN = f"{HOMECARE}/sid/mrn"
SID_MEMBER = f"{HOMECARE}/sid/member-id"
SID_ROLE = f"{HOMECARE}/sid/practitioner-role"
NPI = "http://hl7.org/fhir/sid/us-npi"
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PROFILE = f"{HOMECARE}/StructureDefinition"
EXT_HOMEBOUND = f"{PROFILE}/homebound-status"
EXT_VASCULAR_ACCESS = f"{PROFILE}/vascular-access-device"
EXT_REFERRAL_STATUS = f"{PROFILE}/referral-workflow-status"
EXT_HEP_DOSE = f"{PROFILE}/hep-exercise-dose"
CS_HOMEBOUND = f"{HOMECARE}/CodeSystem/homebound-status"
CS_VASCULAR = f"{HOMECARE}/CodeSystem/vascular-access-device"
CS_PUMP = f"{HOMECARE}/CodeSystem/infusion-pump-type"


@cache
def table(name: str) -> dict[str, Any]:
    return json.loads((CODES_DIR / f"{name}.json").read_text())


def discipline(code: str) -> dict[str, Any]:
    return next(c for c in table("disciplines")["concepts"] if c["code"] == code)


def discipline_concept(code: str) -> dict[str, Any]:
    """CodeableConcept for a discipline: our code, with SNOMED and HCPCS equivalents where known."""
    t = table("disciplines")
    c = discipline(code)
    codings = [{"system": t["system"], "code": c["code"], "display": c["display"]}]
    if c.get("snomed"):
        codings.append({"system": t["snomedSystem"], "code": c["snomed"], "display": c["snomedDisplay"]})
    if c.get("hcpcs"):
        codings.append({"system": t["hcpcsSystem"], "code": c["hcpcs"], "display": c["hcpcsDisplay"]})
    return {"coding": codings, "text": c["display"]}


def discipline_from(concept: dict[str, Any] | None) -> str | None:
    system = table("disciplines")["system"]
    for coding in (concept or {}).get("coding", []):
        if coding.get("system") == system:
            return coding.get("code")
    return None


def route_concept(abbreviation: str) -> dict[str, Any]:
    t = table("infusion-routes")
    c = next(c for c in t["concepts"] if c["abbreviation"] == abbreviation.upper())
    return {"coding": [{"system": t["system"], "code": c["snomed"], "display": c["display"]}], "text": abbreviation}


def route_from(concept: dict[str, Any]) -> str:
    t = table("infusion-routes")
    codes = {c["snomed"]: c["abbreviation"] for c in t["concepts"]}
    for coding in concept.get("coding", []):
        if coding.get("code") in codes:
            abbreviation = codes[coding["code"]]
            return "epidural" if abbreviation == "EPIDURAL" else abbreviation
    raise ValueError("route is not one of the home infusion routes")


def visit_type_concept(code: str) -> dict[str, Any]:
    t = table("visit-types")
    c = next(c for c in t["concepts"] if c["code"] == code)
    return {"coding": [{"system": t["system"], "code": code, "display": c["display"]}]}


def vital(name: str) -> dict[str, Any]:
    return next(c for c in table("vital-signs")["concepts"] if c["name"] == name)
