"""One synthetic home-care patient record as a transaction Bundle (pure, seeded).

Shared parties (agencies, physicians, the payer) are conditional creates keyed by their NPI, with a
fullUrl derived from that identifier, so any number of Bundles can be loaded, or merged into one,
without duplicating them. Everything else gets a fresh ``urn:uuid:`` and is referenced by it.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, timedelta
from typing import Any

from gateway.synth import vocab as v

ANCHOR = date(2024, 6, 1)  # fixed, so a seed always produces the same records
HH = {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "HH", "display": "home health"}
VITAL_CATEGORY = [
    {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}]}
]


def _cc(system: str, code: str, display: str) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code, "display": display}], "text": display}


class PatientRecord:
    """Builds the entries of one patient's Bundle; ``rng`` decides everything."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.entries: list[dict[str, Any]] = []

    def _new_url(self) -> str:
        return f"urn:uuid:{uuid.UUID(int=self.rng.getrandbits(128), version=4)}"

    def add(self, resource: dict[str, Any], *, url: str | None = None, if_none_exist: str | None = None) -> str:
        full_url = url or self._new_url()
        request = {"method": "POST", "url": resource["resourceType"]}
        if if_none_exist:
            request["ifNoneExist"] = if_none_exist
        self.entries.append({"fullUrl": full_url, "resource": resource, "request": request})
        return full_url

    def shared(self, resource: dict[str, Any], system: str, value: str) -> str:
        url = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{system}|{value}')}"
        if any(e["fullUrl"] == url for e in self.entries):
            return url  # the same physician can both refer and visit
        resource["identifier"] = [{"system": system, "value": value}]
        return self.add(resource, url=url, if_none_exist=f"identifier={system}|{value}")

    def day(self, offset: int) -> date:
        return ANCHOR - timedelta(days=offset)

    def instant(self, d: date) -> str:
        at = datetime(d.year, d.month, d.day, self.rng.randint(8, 17), self.rng.choice((0, 15, 30, 45)))
        return at.strftime("%Y-%m-%dT%H:%M:00-05:00")

    # -- parties ------------------------------------------------------------------------------
    def agency(self) -> str:
        i = self.rng.randrange(len(v.AGENCIES))
        org = {
            "resourceType": "Organization",
            "active": True,
            "type": [_cc("http://terminology.hl7.org/CodeSystem/organization-type", "prov", "Healthcare Provider")],
            "name": v.AGENCIES[i],
            "telecom": [{"system": "phone", "value": f"555-01{i:02d}", "use": "work"}],
        }
        return self.shared(org, v.NPI, f"19{i:08d}")

    def payer(self) -> str:
        org = {"resourceType": "Organization", "active": True, "name": "Medicare Part A"}
        return self.shared(org, v.NPI, "1000000001")

    def physician(self) -> str:
        i = self.rng.randrange(40)
        rng = random.Random(i)  # the same physician always has the same name
        doc = {
            "resourceType": "Practitioner",
            "active": True,
            "name": [{"family": rng.choice(v.FAMILY), "given": [rng.choice(v.GIVEN_F + v.GIVEN_M)], "prefix": ["Dr."]}],
            "qualification": [
                {"code": _cc("http://terminology.hl7.org/CodeSystem/v2-0360", "MD", "Doctor of Medicine")}
            ],
        }
        return self.shared(doc, v.NPI, f"12{i:08d}")

    def patient(self, index: int, agency: str) -> str:
        rng = self.rng
        female = rng.random() < 0.6
        street = f"{rng.randint(10, 9999)} {rng.choice(v.STREETS)}"
        city, state, zip3 = rng.choice(v.CITIES)
        born = ANCHOR - timedelta(days=rng.randint(65 * 365, 97 * 365))
        return self.add(
            {
                "resourceType": "Patient",
                "identifier": [{"system": v.MRN_SYSTEM, "value": f"MRN{index:08d}"}],
                "active": True,
                "name": [
                    {
                        "use": "official",
                        "family": rng.choice(v.FAMILY),
                        "given": [rng.choice(v.GIVEN_F if female else v.GIVEN_M)],
                    }
                ],
                "telecom": [
                    {
                        "system": "phone",
                        "value": f"555-{rng.randint(200, 999)}-{rng.randint(1000, 9999)}",
                        "use": "home",
                    }
                ],
                "gender": "female" if female else "male",
                "birthDate": born.isoformat(),
                "address": [
                    {
                        "use": "home",
                        "line": [street],
                        "city": city,
                        "state": state,
                        "postalCode": f"{zip3}{rng.randint(10, 99)}",
                    }
                ],
                "managingOrganization": {"reference": agency},
            }
        )

    # -- clinical -----------------------------------------------------------------------------
    def coverage(self, patient: str, payer: str) -> str:
        mbi = "".join(self.rng.choice("ACDEFGHJKMNPQRTUVWXY0123456789") for _ in range(11))
        return self.add(
            {
                "resourceType": "Coverage",
                "status": "active",
                "type": _cc(
                    "http://terminology.hl7.org/CodeSystem/v3-ActCode", "SUBSIDIZ", "subsidized health program"
                ),
                "subscriberId": mbi,
                "beneficiary": {"reference": patient},
                "relationship": _cc("http://terminology.hl7.org/CodeSystem/subscriber-relationship", "self", "Self"),
                "payor": [{"reference": payer}],
            }
        )

    def conditions(self, patient: str, start: date) -> list[str]:
        picked = self.rng.sample(v.CONDITIONS, self.rng.randint(2, 4))
        return [
            self.add(
                {
                    "resourceType": "Condition",
                    "clinicalStatus": _cc(
                        "http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active"
                    ),
                    "verificationStatus": _cc(
                        "http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", "Confirmed"
                    ),
                    "category": [
                        _cc(
                            "http://terminology.hl7.org/CodeSystem/condition-category",
                            "problem-list-item",
                            "Problem List Item",
                        )
                    ],
                    "code": _cc(v.ICD10, code, display),
                    "subject": {"reference": patient},
                    "onsetDateTime": (start - timedelta(days=self.rng.randint(30, 3000))).isoformat(),
                }
            )
            for code, display in picked
        ]

    def service_request(self, patient: str, doctor: str, agency: str, reasons: list[str], start: date) -> str:
        code, display, text = self.rng.choice(v.SERVICES)
        return self.add(
            {
                "resourceType": "ServiceRequest",
                "status": "active",
                "intent": "order",
                "category": [_cc(v.SNOMED, "409063005", "Counselling")],
                "code": {"coding": [{"system": v.SNOMED, "code": code, "display": display}], "text": text},
                "subject": {"reference": patient},
                "authoredOn": self.instant(start),
                "requester": {"reference": doctor},
                "performer": [{"reference": agency}],
                "reasonReference": [{"reference": r} for r in reasons[:2]],
                "occurrencePeriod": {"start": start.isoformat(), "end": (start + timedelta(days=60)).isoformat()},
                "note": [{"text": "Homebound: leaving home requires a considerable and taxing effort."}],
            }
        )

    def goals(self, patient: str, conditions: list[str], start: date) -> list[str]:
        return [
            self.add(
                {
                    "resourceType": "Goal",
                    "lifecycleStatus": "active",
                    "description": {"text": text},
                    "subject": {"reference": patient},
                    "startDate": start.isoformat(),
                    "target": [{"dueDate": (start + timedelta(days=30)).isoformat()}],
                    "addresses": [{"reference": conditions[0]}],
                }
            )
            for text in self.rng.sample(v.GOALS, self.rng.randint(1, 2))
        ]

    def care_plan(self, patient: str, conditions: list[str], goals: list[str], order: str, start: date) -> str:
        return self.add(
            {
                "resourceType": "CarePlan",
                "status": "active",
                "intent": "plan",
                "category": [_cc(v.SNOMED, "736353004", "Inpatient care plan")],
                "title": "Home health plan of care",
                "subject": {"reference": patient},
                "period": {"start": start.isoformat(), "end": (start + timedelta(days=60)).isoformat()},
                "addresses": [{"reference": c} for c in conditions],
                "goal": [{"reference": g} for g in goals],
                "activity": [{"reference": {"reference": order}}],
            }
        )

    def medications(self, patient: str, doctor: str, start: date) -> None:
        for code, display, sig in self.rng.sample(v.MEDICATIONS, self.rng.randint(1, 3)):
            self.add(
                {
                    "resourceType": "MedicationRequest",
                    "status": "active",
                    "intent": "order",
                    "medicationCodeableConcept": _cc(v.RXNORM, code, display),
                    "subject": {"reference": patient},
                    "authoredOn": start.isoformat(),
                    "requester": {"reference": doctor},
                    "dosageInstruction": [{"text": sig}],
                }
            )

    def device(self, patient: str) -> None:
        if self.rng.random() < 0.5:
            code, display = self.rng.choice(v.DEVICES)
            self.add(
                {
                    "resourceType": "Device",
                    "status": "active",
                    "type": _cc(v.SNOMED, code, display),
                    "patient": {"reference": patient},
                }
            )

    def visits(self, patient: str, nurse: str, agency: str, order: str, start: date) -> None:
        for n in range(self.rng.randint(2, 5)):
            when = self.instant(start + timedelta(days=3 * n + self.rng.randint(0, 2)))
            encounter = self.add(
                {
                    "resourceType": "Encounter",
                    "status": "finished",
                    "class": HH,
                    "type": [_cc(v.SNOMED, "439708006", "Home visit")],
                    "subject": {"reference": patient},
                    "participant": [{"individual": {"reference": nurse}}],
                    "period": {"start": when, "end": when},
                    "basedOn": [{"reference": order}],
                    "serviceProvider": {"reference": agency},
                }
            )
            self.vitals(patient, encounter, when)

    def vitals(self, patient: str, encounter: str, when: str) -> None:
        base = {
            "resourceType": "Observation",
            "status": "final",
            "category": VITAL_CATEGORY,
            "subject": {"reference": patient},
            "encounter": {"reference": encounter},
            "effectiveDateTime": when,
        }
        for code, display, unit, low, high, decimals in v.VITALS:
            value = round(self.rng.uniform(low, high), decimals) if decimals else self.rng.randint(low, high)
            self.add(
                {
                    **base,
                    "code": _cc(v.LOINC, code, display),
                    "valueQuantity": {"value": value, "unit": unit, "system": v.UCUM, "code": unit},
                }
            )
        components = [
            {
                "code": _cc(v.LOINC, code, display),
                "valueQuantity": {
                    "value": self.rng.randint(low, high),
                    "unit": "mm[Hg]",
                    "system": v.UCUM,
                    "code": "mm[Hg]",
                },
            }
            for code, display, low, high in (v.SYSTOLIC, v.DIASTOLIC)
        ]
        self.add({**base, "code": _cc(v.LOINC, *v.BLOOD_PRESSURE), "component": components})


def patient_bundle(index: int, rng: random.Random) -> dict[str, Any]:
    """A referral-to-discharge home-care record for one patient, as one transaction Bundle."""
    r = PatientRecord(rng)
    agency, payer, doctor, nurse = r.agency(), r.payer(), r.physician(), r.physician()
    start = r.day(rng.randint(0, 700))
    patient = r.patient(index, agency)
    r.coverage(patient, payer)
    conditions = r.conditions(patient, start)
    order = r.service_request(patient, doctor, agency, conditions, start)
    goals = r.goals(patient, conditions, start)
    r.care_plan(patient, conditions, goals, order, start)
    r.medications(patient, doctor, start)
    r.device(patient)
    r.visits(patient, nurse, agency, order, start)
    return {"resourceType": "Bundle", "type": "transaction", "entry": r.entries}
