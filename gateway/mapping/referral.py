"""Referral <-> FHIR: Patient, Practitioner (+PractitionerRole, Organization), Coverage, Conditions
and a ``home-referral`` ServiceRequest, sent as one transaction with conditional creates on the
identifiers (MRN, NPI, member id) so a repeat referral reuses the Patient.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from gateway.domain.referral import Diagnosis, Referral
from gateway.mapping.bundle import Resolver, TransactionBuilder, extension, first, ref
from gateway.mapping.codes import (
    CS_HOMEBOUND,
    EXT_HOMEBOUND,
    EXT_REFERRAL_STATUS,
    ICD10CM,
    NPI,
    PROFILE,
    SID_MEMBER,
    SID_MRN,
    SID_ROLE,
    SNOMED,
    discipline_concept,
    discipline_from,
)
from gateway.mapping.people import (
    coverage_resource,
    insurance_from,
    organization_resource,
    patient_info,
    patient_resource,
    practitioner_resource,
    provider_from,
    role_key,
    role_resource,
)
from gateway.mapping.timing import FrequencyError, parse_frequency

STATUS_TO_FHIR = {
    "draft": "draft",
    "received": "active",
    "accepted": "active",
    "declined": "revoked",
    "completed": "completed",
    "cancelled": "revoked",
}
FHIR_TO_STATUS = {"draft": "draft", "active": "received", "revoked": "cancelled", "completed": "completed"}
DIAGNOSIS_SYSTEMS = {"icd-10-cm": ICD10CM, "snomed": SNOMED}
HOMEBOUND = {True: ("homebound", "Homebound"), False: ("not-homebound", "Not homebound")}
_WEEKS = {"d": 1, "wk": 7}


def _occurrence(frequency: str | None, start: date | None) -> dict[str, Any] | None:
    """Timing for the requested schedule; the text as written is kept in Timing.code.text."""
    if frequency is None and start is None:
        return None
    timing: dict[str, Any] = {}
    if frequency:
        try:
            timing = parse_frequency(frequency)
        except FrequencyError:
            timing = {}
        timing["code"] = {**timing.get("code", {}), "text": frequency}
    if start:
        repeat = timing.setdefault("repeat", {})
        bounds = repeat.pop("boundsDuration", None)
        period = {"start": start.isoformat()}
        if bounds and bounds["code"] in _WEEKS:
            period["end"] = (start + timedelta(days=bounds["value"] * _WEEKS[bounds["code"]])).isoformat()
        repeat["boundsPeriod"] = period
        timing["repeat"] = {"boundsPeriod": period, **{k: v for k, v in repeat.items() if k != "boundsPeriod"}}
    return timing


def _condition(d: Diagnosis, patient: str) -> dict[str, Any]:
    coding = {"system": DIAGNOSIS_SYSTEMS[d.system], "code": d.code}
    if d.display:
        coding["display"] = d.display
    return {
        "resourceType": "Condition",
        "clinicalStatus": {
            "coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]
        },
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/condition-category",
                        "code": "encounter-diagnosis",
                    }
                ]
            }
        ],
        "code": {"coding": [coding]},
        "subject": ref(patient),
    }


def referral_to_bundle(referral: Referral, builder: TransactionBuilder | None = None) -> dict[str, Any]:
    b = builder or TransactionBuilder()
    p = referral.patient
    patient = b.add(patient_resource(p), if_none_exist=f"identifier={SID_MRN}|{p.mrn}")

    provider = referral.referring_provider
    practitioner = b.add(practitioner_resource(provider), if_none_exist=f"identifier={NPI}|{provider.npi}")
    requester = practitioner
    organizations: dict[str, str] = {}

    def organization(name: str) -> str:
        # one entry per name: a health system can be both the referrer's employer and the payer
        if name not in organizations:
            organizations[name] = b.add(organization_resource(name), if_none_exist=f"name:exact={name}")
        return organizations[name]

    if provider.organization:
        org = organization(provider.organization)
        role = role_resource(provider, practitioner, org)
        requester = b.add(role, if_none_exist=f"identifier={SID_ROLE}|{role_key(provider)}")

    coverage = None
    if referral.insurance:
        ins = referral.insurance
        payer = organization(ins.payer)
        coverage = b.add(
            coverage_resource(ins, patient, payer), if_none_exist=f"identifier={SID_MEMBER}|{ins.member_id}"
        )

    conditions = [b.add(_condition(d, patient)) for d in referral.diagnoses]

    sr: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "meta": {"profile": [f"{PROFILE}/home-referral"]},
        "extension": [{"url": EXT_REFERRAL_STATUS, "valueCode": referral.status}],
        "status": STATUS_TO_FHIR[referral.status],
        "intent": "order",
        "priority": referral.priority,
        "code": discipline_concept(referral.service_type),
        "subject": ref(patient, p.name),
        "requester": ref(requester, provider.name),
        "reasonCode": [{"text": referral.reason}],
    }
    if referral.homebound is not None:
        code, display = HOMEBOUND[referral.homebound]
        sr["extension"].append(
            {
                "url": EXT_HOMEBOUND,
                "valueCodeableConcept": {"coding": [{"system": CS_HOMEBOUND, "code": code, "display": display}]},
            }
        )
    occurrence = _occurrence(referral.frequency, referral.requested_start)
    if occurrence:
        sr["occurrenceTiming"] = occurrence
    if conditions:
        sr["reasonReference"] = [ref(c) for c in conditions]
    if coverage:
        sr["insurance"] = [ref(coverage)]
    if referral.notes:
        sr["note"] = [{"text": referral.notes}]
    b.add(sr)
    return b.bundle()


def referral_from_fhir(sr: dict[str, Any], resolve: Resolver) -> Referral:
    """The domain referral behind a ServiceRequest; ``resolve`` fetches what it references."""
    patient = resolve(sr["subject"]["reference"]) or {}
    status_ext = extension(sr, EXT_REFERRAL_STATUS)
    homebound_ext = extension(sr, EXT_HOMEBOUND)
    homebound = None
    if homebound_ext:
        code = first(homebound_ext.get("valueCodeableConcept", {}).get("coding", [])) or {}
        homebound = {"homebound": True, "not-homebound": False}.get(code.get("code", ""))
    timing = sr.get("occurrenceTiming") or {}
    start = ((timing.get("repeat") or {}).get("boundsPeriod") or {}).get("start")
    coverage = resolve(sr["insurance"][0]["reference"]) if sr.get("insurance") else None
    diagnoses = []
    for reason in sr.get("reasonReference", []):
        condition = resolve(reason["reference"]) or {}
        coding = first(condition.get("code", {}).get("coding", [])) or {}
        system = {v: k for k, v in DIAGNOSIS_SYSTEMS.items()}.get(coding.get("system", ""), "icd-10-cm")
        diagnoses.append(Diagnosis(system=system, code=coding.get("code", ""), display=coding.get("display")))
    return Referral(
        patient=patient_info(patient),
        service_type=discipline_from(sr.get("code")) or "skilled-nursing",
        reason=" ".join(r.get("text", "") for r in sr.get("reasonCode", [])).strip() or "unspecified",
        diagnoses=diagnoses,
        referring_provider=provider_from(sr["requester"], resolve),
        insurance=insurance_from(coverage, resolve) if coverage else None,
        homebound=homebound,
        priority=sr.get("priority", "routine"),
        requested_start=start,
        frequency=(timing.get("code") or {}).get("text"),
        notes="\n".join(n.get("text", "") for n in sr.get("note", [])) or None,
        status=status_ext["valueCode"] if status_ext else FHIR_TO_STATUS.get(sr.get("status", ""), "received"),
    )
