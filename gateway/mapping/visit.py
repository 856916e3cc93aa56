"""Visit <-> FHIR: a ``home-visit`` Encounter (class HH) at the patient's home, plus vital signs.

Vitals become Observations with LOINC codes and UCUM units (blood pressure as one panel with
systolic and diastolic components), each pointing at the Encounter.
"""

from __future__ import annotations

from typing import Any

from gateway.domain.common import Reference
from gateway.domain.visit import Visit, Vitals
from gateway.mapping.bundle import TransactionBuilder, coding_code, extension, ref
from gateway.mapping.codes import (
    ACT_CODE,
    LOINC,
    PROFILE,
    SNOMED,
    UCUM,
    discipline_concept,
    discipline_from,
    table,
    visit_type_concept,
    vital,
)

EXT_R5_BASED_ON = "http://hl7.org/fhir/5.0/StructureDefinition/extension-Encounter.basedOn"
VITALS_CATEGORY = {
    "coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}]
}
SIMPLE_VITALS = {
    "heart_rate": "heart-rate",
    "respiratory_rate": "respiratory-rate",
    "temperature_c": "body-temperature",
    "weight_kg": "body-weight",
}
US_CORE_VITALS = {
    "heart-rate": "us-core-heart-rate",
    "respiratory-rate": "us-core-respiratory-rate",
    "body-temperature": "us-core-body-temperature",
    "body-weight": "us-core-body-weight",
    "blood-pressure": "us-core-blood-pressure",
}
STATUS_TO_OBSERVATION = {"finished": "final", "in-progress": "preliminary"}


def _quantity(value: float, unit: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": UCUM, "code": unit}


def _observation(name: str, visit: Visit, patient: str, encounter: str) -> dict[str, Any]:
    v = vital(name)
    return {
        "resourceType": "Observation",
        "meta": {"profile": [f"http://hl7.org/fhir/us/core/StructureDefinition/{US_CORE_VITALS[name]}"]},
        "status": STATUS_TO_OBSERVATION.get(visit.status, "final"),
        "category": [VITALS_CATEGORY],
        "code": {"coding": [{"system": LOINC, "code": v["loinc"], "display": v["display"]}]},
        "subject": ref(patient),
        "encounter": ref(encounter),
        "effectiveDateTime": visit.start.isoformat(),
    }


def _vitals(visit: Visit, patient: str, encounter: str) -> list[dict[str, Any]]:
    vitals = visit.vitals
    if vitals is None:
        return []
    out = []
    for field, name in SIMPLE_VITALS.items():
        value = getattr(vitals, field)
        if value is not None:
            obs = _observation(name, visit, patient, encounter)
            obs["valueQuantity"] = _quantity(value, vital(name)["unit"])
            out.append(obs)
    if vitals.systolic is not None or vitals.diastolic is not None:
        obs = _observation("blood-pressure", visit, patient, encounter)
        components = []
        for comp in vital("blood-pressure")["components"]:
            value = getattr(vitals, comp["name"])
            if value is not None:
                components.append(
                    {
                        "code": {"coding": [{"system": LOINC, "code": comp["loinc"], "display": comp["display"]}]},
                        "valueQuantity": _quantity(value, comp["unit"]),
                    }
                )
        obs["component"] = components
        out.append(obs)
    return out


def visit_to_bundle(visit: Visit, builder: TransactionBuilder | None = None) -> dict[str, Any]:
    b = builder or TransactionBuilder()
    patient = visit.patient.reference
    pos = table("place-of-service")
    home = next(c for c in pos["concepts"] if c.get("default"))
    location = b.add(
        {
            "resourceType": "Location",
            "status": "active",
            "name": "Patient's home",
            "mode": "kind",
            "type": [{"coding": [{"system": pos["system"], "code": home["code"], "display": home["display"]}]}],
        },
        if_none_exist=f"type={pos['system']}|{home['code']}",
    )
    period: dict[str, Any] = {"start": visit.start.isoformat()}
    if visit.end:
        period["end"] = visit.end.isoformat()
    encounter: dict[str, Any] = {
        "resourceType": "Encounter",
        "meta": {"profile": [f"{PROFILE}/home-visit"]},
        "status": visit.status,
        "class": {"system": ACT_CODE, "code": "HH"},  # fixed by the profile, display included
        "type": [
            visit_type_concept(visit.visit_type),
            {"coding": [{"system": SNOMED, "code": "439708006", "display": "Home visit"}]},
        ],
        "serviceType": discipline_concept(visit.discipline),
        "subject": ref(patient),
        "participant": [{"individual": ref(visit.clinician.reference)}],
        "period": period,
        "location": [{"location": ref(location, "Patient's home")}],
    }
    if visit.referral:
        encounter["basedOn"] = [ref(visit.referral.reference)]
    if visit.care_plan:  # R4 basedOn takes only ServiceRequests; R5 allows CarePlan: its cross-version extension
        encounter["extension"] = [{"url": EXT_R5_BASED_ON, "valueReference": ref(visit.care_plan.reference)}]
    enc = b.add(encounter)
    for obs in _vitals(visit, patient, enc):
        b.add(obs)
    return b.bundle()


def visit_from_fhir(enc: dict[str, Any], observations: list[dict[str, Any]]) -> Visit:
    """The domain visit; ``observations`` are the vitals recorded in this Encounter."""
    visit_type = next(code for t in enc["type"] if (code := coding_code(t, table("visit-types")["system"])) is not None)
    referral = Reference(reference=enc["basedOn"][0]["reference"]) if enc.get("basedOn") else None
    plan_ext = extension(enc, EXT_R5_BASED_ON)
    care_plan = Reference(reference=plan_ext["valueReference"]["reference"]) if plan_ext else None
    return Visit(
        patient=Reference(reference=enc["subject"]["reference"]),
        clinician=Reference(reference=enc["participant"][0]["individual"]["reference"]),
        discipline=discipline_from(enc["serviceType"]) or "skilled-nursing",
        visit_type=visit_type,
        status=enc["status"],
        start=enc["period"]["start"],
        end=enc["period"].get("end"),
        referral=referral,
        care_plan=care_plan,
        vitals=_vitals_from(observations),
    )


def _vitals_from(observations: list[dict[str, Any]]) -> Vitals | None:
    by_loinc = {v["loinc"]: (field, v) for field, name in SIMPLE_VITALS.items() if (v := vital(name))}
    values: dict[str, Any] = {}
    bp = vital("blood-pressure")
    for obs in observations:
        code = coding_code(obs.get("code"), LOINC)
        if code in by_loinc:
            values[by_loinc[code][0]] = obs["valueQuantity"]["value"]
        elif code == bp["loinc"]:
            for comp in obs.get("component", []):
                comp_code = coding_code(comp.get("code"), LOINC)
                name = next(c["name"] for c in bp["components"] if c["loinc"] == comp_code)
                values[name] = comp["valueQuantity"]["value"]
    return Vitals(**values) if values else None
