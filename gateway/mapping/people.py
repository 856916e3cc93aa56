"""Patients, practitioners, organizations and coverage: the parties every domain object points at."""

from __future__ import annotations

from typing import Any

from gateway.domain.common import Address, PatientInfo
from gateway.domain.referral import Insurance, ReferringProvider
from gateway.mapping.bundle import coding_code, first
from gateway.mapping.codes import NPI, PROFILE, SID_MEMBER, SID_MRN, SID_ROLE, table

US_CORE = "http://hl7.org/fhir/us/core/StructureDefinition"
SOPT = "urn:oid:2.16.840.1.113883.3.221.5"
PLAN_SOPT = {
    "medicare-part-a": "121",
    "medicare-part-b": "121",
    "medicare-part-d": "122",
    "medicaid": "2",
    "commercial": "5",
}
COVERAGE_CLASS = "http://terminology.hl7.org/CodeSystem/coverage-class"
_PREFIXES = ("dr.", "dr", "mr.", "mrs.", "ms.", "miss")
_SUFFIXES = ("md", "m.d.", "do", "d.o.", "np", "pa", "pt", "dpt", "rn", "jr.", "sr.", "ii", "iii")


def human_name(text: str) -> dict[str, Any]:
    """Structured name from free text; `text` keeps exactly what was written."""
    words = text.replace(",", " ").split()
    prefix = [w for w in words[:1] if w.lower() in _PREFIXES]
    words = words[len(prefix) :]
    suffix = []
    while len(words) > 1 and words[-1].lower() in _SUFFIXES:
        suffix.insert(0, words.pop())
    name: dict[str, Any] = {"use": "official", "text": text}
    if words:
        name["family"] = words[-1]
        if words[:-1]:
            name["given"] = words[:-1]
    if prefix:
        name["prefix"] = prefix
    if suffix:
        name["suffix"] = suffix
    return name


def name_text(names: list[dict[str, Any]] | None) -> str:
    name = first(names) or {}
    if name.get("text"):
        return name["text"]
    return " ".join(
        [*name.get("prefix", []), *name.get("given", []), name.get("family", ""), *name.get("suffix", [])]
    ).strip()


def _address(address: Address) -> dict[str, Any]:
    out: dict[str, Any] = {"use": "home", "line": address.line}
    for key, value in (("city", address.city), ("state", address.state), ("postalCode", address.postal_code)):
        if value is not None:
            out[key] = value
    return out


def patient_resource(p: PatientInfo) -> dict[str, Any]:
    res: dict[str, Any] = {
        "resourceType": "Patient",
        "meta": {"profile": [f"{PROFILE}/home-patient"]},
        "identifier": [
            {
                "use": "usual",
                "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MR"}]},
                "system": SID_MRN,
                "value": p.mrn,
            }
        ],
        "name": [human_name(p.name)],
    }
    telecom = []
    if p.phone:
        telecom.append({"system": "phone", "value": p.phone, "use": "home"})
    if p.email:
        telecom.append({"system": "email", "value": p.email})
    if telecom:
        res["telecom"] = telecom
    res["gender"] = p.sex
    if p.birth_date:
        res["birthDate"] = p.birth_date.isoformat()
    res["address"] = [_address(p.address)]
    if p.language:
        res["communication"] = [{"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": p.language}]}}]
    return res


def patient_info(res: dict[str, Any]) -> PatientInfo:
    telecom = res.get("telecom", [])
    address = first(res.get("address")) or {}
    language = first(res.get("communication"))
    return PatientInfo(
        name=name_text(res.get("name")),
        birth_date=res.get("birthDate"),
        sex=res.get("gender"),
        phone=next((t["value"] for t in telecom if t.get("system") == "phone"), None),
        email=next((t["value"] for t in telecom if t.get("system") == "email"), None),
        address=Address(
            line=address.get("line", []),
            city=address.get("city"),
            state=address.get("state"),
            postal_code=address.get("postalCode"),
        ),
        mrn=_identifier(res, SID_MRN),
        language=coding_code(language["language"], "urn:ietf:bcp:47") if language else None,
    )


def _identifier(res: dict[str, Any], system: str) -> str | None:
    """Our identifier when present; otherwise the first one (e.g. the EHR's own MRN on an inbound referral)."""
    values = [(i.get("system"), i.get("value")) for i in res.get("identifier", []) if i.get("value")]
    return next((v for s, v in values if s == system), values[0][1] if values else None)


def practitioner_resource(provider: ReferringProvider) -> dict[str, Any]:
    res: dict[str, Any] = {
        "resourceType": "Practitioner",
        "meta": {"profile": [f"{US_CORE}/us-core-practitioner"]},
        "identifier": [{"system": NPI, "value": provider.npi}],
        "name": [human_name(provider.name)],
    }
    if provider.phone and not provider.organization:
        res["telecom"] = [{"system": "phone", "value": provider.phone, "use": "work"}]
    return res


def organization_resource(name: str) -> dict[str, Any]:
    return {"resourceType": "Organization", "active": True, "name": name}


def role_resource(provider: ReferringProvider, practitioner: str, organization: str) -> dict[str, Any]:
    res: dict[str, Any] = {
        "resourceType": "PractitionerRole",
        "identifier": [{"system": SID_ROLE, "value": role_key(provider)}],
        "active": True,
        "practitioner": {"reference": practitioner},
        "organization": {"reference": organization},
    }
    if provider.phone:
        res["telecom"] = [{"system": "phone", "value": provider.phone, "use": "work"}]
    return res


def role_key(provider: ReferringProvider) -> str:
    org = "".join(ch for ch in (provider.organization or "").lower() if ch.isalnum())[:40]
    return f"{provider.npi}-{org}"


def provider_from(requester: dict[str, Any], resolve: Any) -> ReferringProvider:
    """The referring provider behind a requester (a PractitionerRole or a Practitioner)."""
    target = resolve(requester["reference"]) or {}
    role, practitioner, organization = None, target, None
    if target.get("resourceType") == "PractitionerRole":
        role = target
        practitioner = resolve(target["practitioner"]["reference"]) or {}
        organization = resolve(target["organization"]["reference"]) if target.get("organization") else None
    telecom = (role or practitioner).get("telecom", [])
    return ReferringProvider(
        name=name_text(practitioner.get("name")),
        npi=_identifier(practitioner, NPI),
        organization=(organization or {}).get("name"),
        phone=next((t["value"] for t in telecom if t.get("system") == "phone"), None),
    )


def coverage_resource(insurance: Insurance, patient: str, payer: str) -> dict[str, Any]:
    sopt = PLAN_SOPT[insurance.plan]
    display = next(c["display"] for c in table("payer-type")["concepts"] if c["code"] == sopt)
    res: dict[str, Any] = {
        "resourceType": "Coverage",
        "meta": {"profile": [f"{PROFILE}/home-coverage"]},
        "status": "active",
        "type": {"coding": [{"system": SOPT, "code": sopt, "display": display}]},
        "subscriberId": insurance.member_id,
        "beneficiary": {"reference": patient},
        "relationship": {
            "coding": [{"system": "http://terminology.hl7.org/CodeSystem/subscriber-relationship", "code": "self"}]
        },
        "payor": [{"reference": payer}],
        "class": [{"type": {"coding": [{"system": COVERAGE_CLASS, "code": "plan"}]}, "value": insurance.plan}],
    }
    res["identifier"] = [
        {
            "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MB"}]},
            "system": SID_MEMBER,
            "value": insurance.member_id,
        }
    ]
    return res


def insurance_from(coverage: dict[str, Any], resolve: Any) -> Insurance:
    payer = resolve(coverage["payor"][0]["reference"]) or {}
    plan = next(c["value"] for c in coverage.get("class", []) if coding_code(c.get("type"), COVERAGE_CLASS) == "plan")
    return Insurance(
        payer=payer.get("name", ""),
        plan=plan,
        member_id=next(i["value"] for i in coverage.get("identifier", []) if i.get("system") == SID_MEMBER),
    )
