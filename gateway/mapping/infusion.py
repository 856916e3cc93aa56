"""Infusion order <-> FHIR: a ``home-infusion-order`` MedicationRequest with its Medication and pump.

R4 MedicationRequest has no device element, so the pump Device is referenced from
``supportingInformation``; the rate is structured in ``doseAndRate`` when it reads as a rate and
repeated in ``dosageInstruction.text`` (US Core does not make ``rate[x]`` must-support). The
vascular access device uses the profile's documented extension. R4 has no element for the
nursing visits that go with an infusion, so they travel as a ``note`` with a fixed prefix; the
visits themselves are scheduled as Encounters.
"""

from __future__ import annotations

import re
from typing import Any

from gateway.domain.common import Reference
from gateway.domain.infusion import InfusionOrder, Medication
from gateway.mapping.bundle import Resolver, TransactionBuilder, coding_code, extension, ref
from gateway.mapping.codes import (
    CS_PUMP,
    CS_VASCULAR,
    EXT_VASCULAR_ACCESS,
    PROFILE,
    RXNORM,
    UCUM,
    route_concept,
    route_from,
)
from gateway.mapping.timing import FrequencyError, parse_frequency

ACCESS_CODES = {"PICC": "picc", "port": "implanted-port", "peripheral": "peripheral-iv", "midline": "midline"}
ACCESS_FROM = {v: k for k, v in ACCESS_CODES.items()}
PUMP_DISPLAY = {
    "elastomeric": "Elastomeric (ball) pump",
    "electronic": "Electronic ambulatory infusion pump",
    "gravity": "Gravity drip set",
    "syringe": "Syringe pump",
}
NURSING_PREFIX = "Nursing visits: "
_RATE = re.compile(r"^\s*(?P<value>\d+(?:\.\d+)?)\s*(?P<num>[A-Za-z\[\]]+)\s*/\s*(?P<den>h|hr|hour|min)\s*$")
_DEN = {"h": "h", "hr": "h", "hour": "h", "min": "min"}


def _rate(text: str) -> dict[str, Any] | None:
    m = _RATE.match(text)
    if not m:
        return None
    unit = f"{m.group('num')}/{_DEN[m.group('den')]}"
    return {"value": float(m.group("value")), "unit": unit, "system": UCUM, "code": unit}


def infusion_to_bundle(order: InfusionOrder, builder: TransactionBuilder | None = None) -> dict[str, Any]:
    b = builder or TransactionBuilder()
    patient = order.patient.reference
    med_code: dict[str, Any] = {"text": order.medication.name}
    if order.medication.rxnorm:
        med_code["coding"] = [{"system": RXNORM, "code": order.medication.rxnorm, "display": order.medication.name}]
    medication = b.add({"resourceType": "Medication", "code": med_code})

    try:
        timing = parse_frequency(order.frequency)
    except FrequencyError:
        timing = {}
    timing["code"] = {**timing.get("code", {}), "text": order.frequency}
    repeat = timing.setdefault("repeat", {})
    bounds: dict[str, Any] = {"start": order.start.isoformat()}
    if order.stop:
        bounds["end"] = order.stop.isoformat()
    repeat.pop("boundsDuration", None)
    timing["repeat"] = {"boundsPeriod": bounds, **repeat}
    if order.total_doses:
        timing["repeat"]["count"] = order.total_doses

    dose_and_rate: dict[str, Any] = {
        "doseQuantity": {"value": order.dose_value, "unit": order.dose_unit, "system": UCUM, "code": order.dose_unit}
    }
    text = f"{_number(order.dose_value)} {order.dose_unit} {order.route} {order.frequency}"
    if order.rate:
        if rate := _rate(order.rate):
            dose_and_rate["rateQuantity"] = rate
        text += f", rate {order.rate}"
    dosage: dict[str, Any] = {
        "text": text,
        "timing": timing,
        "route": route_concept(order.route),
        "doseAndRate": [dose_and_rate],
    }
    if order.rate:
        dosage["patientInstruction"] = f"Rate: {order.rate}"

    mr: dict[str, Any] = {
        "resourceType": "MedicationRequest",
        "meta": {"profile": [f"{PROFILE}/home-infusion-order"]},
        "status": order.status,
        "intent": "order",
        "medicationReference": ref(medication, order.medication.name),
        "subject": ref(patient),
        "authoredOn": order.start.isoformat(),
        "requester": ref(order.prescriber.reference),
        "dosageInstruction": [dosage],
    }
    if order.vascular_access:
        code = ACCESS_CODES[order.vascular_access]
        mr["extension"] = [
            {"url": EXT_VASCULAR_ACCESS, "valueCodeableConcept": {"coding": [{"system": CS_VASCULAR, "code": code}]}}
        ]
    if order.pump:
        pump = b.add(
            {
                "resourceType": "Device",
                "status": "active",
                "type": {"coding": [{"system": CS_PUMP, "code": order.pump, "display": PUMP_DISPLAY[order.pump]}]},
                "patient": ref(patient),
            }
        )
        mr["supportingInformation"] = [ref(pump)]
    if order.dispensing_pharmacy:
        mr["dispenseRequest"] = {"performer": ref(order.dispensing_pharmacy.reference)}
    if order.nursing_visits:
        mr["note"] = [{"text": NURSING_PREFIX + order.nursing_visits}]
    b.add(mr)
    return b.bundle()


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def infusion_from_fhir(mr: dict[str, Any], resolve: Resolver) -> InfusionOrder:
    medication = resolve(mr["medicationReference"]["reference"]) or {}
    dosage = mr["dosageInstruction"][0]
    timing = dosage.get("timing", {})
    repeat = timing.get("repeat", {})
    bounds = repeat.get("boundsPeriod", {})
    dose = dosage["doseAndRate"][0]["doseQuantity"]
    pump = None
    for info in mr.get("supportingInformation", []):
        device = resolve(info["reference"]) or {}
        if device.get("resourceType") == "Device":
            pump = coding_code(device.get("type"), CS_PUMP)
    access_ext = extension(mr, EXT_VASCULAR_ACCESS)
    access = coding_code(access_ext["valueCodeableConcept"], CS_VASCULAR) if access_ext else None
    nursing = next(
        (n["text"][len(NURSING_PREFIX) :] for n in mr.get("note", []) if n.get("text", "").startswith(NURSING_PREFIX)),
        None,
    )
    instruction = dosage.get("patientInstruction", "")
    return InfusionOrder(
        patient=Reference(reference=mr["subject"]["reference"]),
        medication=Medication(
            name=medication.get("code", {}).get("text", ""),
            rxnorm=coding_code(medication.get("code"), RXNORM),
        ),
        dose_value=dose["value"],
        dose_unit=dose["code"],
        route=route_from(dosage["route"]),
        rate=instruction[len("Rate: ") :] if instruction.startswith("Rate: ") else None,
        frequency=(timing.get("code") or {}).get("text", ""),
        start=bounds["start"],
        stop=bounds.get("end"),
        total_doses=repeat.get("count"),
        vascular_access=ACCESS_FROM.get(access or ""),
        pump=pump,
        prescriber=Reference(reference=mr["requester"]["reference"]),
        dispensing_pharmacy=Reference(reference=mr["dispenseRequest"]["performer"]["reference"])
        if mr.get("dispenseRequest", {}).get("performer")
        else None,
        nursing_visits=nursing,
        status=mr["status"],
    )
