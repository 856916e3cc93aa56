"""Plan of care <-> FHIR: a ``home-careplan`` CarePlan with ``home-goal`` Goals and activities.

Activities are ``CarePlan.activity.detail`` (R4 shape): one for the visit schedule, one per
intervention and one per home-exercise-program exercise, each coded with the discipline. An
exercise's sets, reps and hold time have no FHIR element, so they ride in the documented
``hep-exercise-dose`` extension; the frequency is a Timing whose ``code.text`` keeps the words used.
"""

from __future__ import annotations

from typing import Any

from gateway.domain.careplan import CarePlan, Exercise, Goal
from gateway.domain.common import Period, Reference
from gateway.mapping.bundle import Resolver, TransactionBuilder, extension, ref
from gateway.mapping.codes import EXT_HEP_DOSE, PROFILE, UCUM, discipline_concept, discipline_from
from gateway.mapping.timing import FrequencyError, parse_frequency

KIND_VISITS, KIND_INTERVENTION, KIND_EXERCISE = "visits", "intervention", "home-exercise"
KIND_SYSTEM = "http://homecare.example.org/fhir/CodeSystem/careplan-activity-kind"
GOAL_STATUS = "active"


def timing(text: str) -> dict[str, Any]:
    try:
        parsed = parse_frequency(text)
    except FrequencyError:
        parsed = {}
    parsed["code"] = {**parsed.get("code", {}), "text": text}
    return parsed


def _goal_resource(goal: Goal, patient: str) -> dict[str, Any]:
    target: dict[str, Any] = {}
    if goal.target_measure:
        target["measure"] = {"text": goal.target_measure}
    if goal.target_value:
        target["detailString"] = goal.target_value
    if goal.due_date:
        target["dueDate"] = goal.due_date.isoformat()
    res: dict[str, Any] = {
        "resourceType": "Goal",
        "meta": {"profile": [f"{PROFILE}/home-goal"]},
        "lifecycleStatus": GOAL_STATUS,
        "description": {"text": goal.description},
        "subject": ref(patient),
        "target": [target],
    }
    return res


def _goal(res: dict[str, Any]) -> Goal:
    target = (res.get("target") or [{}])[0]
    return Goal(
        description=res["description"]["text"],
        target_measure=(target.get("measure") or {}).get("text"),
        target_value=target.get("detailString"),
        due_date=target.get("dueDate"),
    )


def _kind(kind: str) -> dict[str, Any]:
    return {"coding": [{"system": KIND_SYSTEM, "code": kind}]}


def _activity(kind: str, discipline: str, description: str, goals: list[str], freq: str | None) -> dict[str, Any]:
    detail: dict[str, Any] = {
        "kind": "ServiceRequest",
        "code": discipline_concept(discipline),
        "reasonCode": [_kind(kind)],
        "status": "scheduled",
        "description": description,
    }
    if goals:
        detail["goal"] = [ref(g) for g in goals]
    if freq:
        detail["scheduledTiming"] = timing(freq)
    return {"detail": detail}


def _dose_extension(ex: Exercise) -> list[dict[str, Any]]:
    parts: list[dict[str, Any]] = []
    if ex.sets is not None:
        parts.append({"url": "sets", "valueInteger": ex.sets})
    if ex.reps is not None:
        parts.append({"url": "reps", "valueInteger": ex.reps})
    if ex.hold_seconds is not None:
        parts.append(
            {"url": "hold", "valueQuantity": {"value": ex.hold_seconds, "unit": "s", "system": UCUM, "code": "s"}}
        )
    if ex.progression_notes:
        parts.append({"url": "progression", "valueString": ex.progression_notes})
    return [{"url": EXT_HEP_DOSE, "extension": parts}] if parts else []


def careplan_to_bundle(plan: CarePlan, builder: TransactionBuilder | None = None) -> dict[str, Any]:
    b = builder or TransactionBuilder()
    patient = plan.patient.reference
    goals = [b.add(_goal_resource(g, patient)) for g in plan.goals]
    activities = [_activity(KIND_VISITS, plan.discipline, f"{plan.discipline} visits", goals, plan.visit_frequency)]
    activities += [_activity(KIND_INTERVENTION, plan.discipline, text, goals, None) for text in plan.interventions]
    for ex in plan.home_exercise_program:
        act = _activity(KIND_EXERCISE, plan.discipline, ex.exercise, [], ex.frequency)
        if dose := _dose_extension(ex):
            act["detail"]["extension"] = dose
        activities.append(act)
    period: dict[str, Any] = {"start": plan.certification_period.start.isoformat()}
    if plan.certification_period.end:
        period["end"] = plan.certification_period.end.isoformat()
    cp: dict[str, Any] = {
        "resourceType": "CarePlan",
        "meta": {"profile": [f"{PROFILE}/home-careplan"]},
        "text": {"status": "generated", "div": _narrative(plan)},
        "status": plan.status,
        "intent": "plan",
        "category": [
            {"coding": [{"system": "http://hl7.org/fhir/us/core/CodeSystem/careplan-category", "code": "assess-plan"}]}
        ],
        "title": f"Home {plan.discipline.replace('-', ' ')} plan of care",
        "subject": ref(patient),
        "period": period,
        "goal": [ref(g) for g in goals],
        "activity": activities,
    }
    if plan.certifying_physician:
        cp["author"] = ref(plan.certifying_physician.reference)
    if plan.referral:  # R4 basedOn only points at CarePlans; the referral is supporting information
        cp["supportingInfo"] = [ref(plan.referral.reference)]
    b.add(cp)
    return b.bundle()


def _narrative(plan: CarePlan) -> str:
    from html import escape

    goals = "".join(f"<li>{escape(g.description)}</li>" for g in plan.goals)
    return (
        f'<div xmlns="http://www.w3.org/1999/xhtml"><p>{escape(plan.discipline)} plan of care</p><ul>{goals}</ul></div>'
    )


def _exercise(detail: dict[str, Any]) -> Exercise:
    dose = extension(detail, EXT_HEP_DOSE) or {}
    parts = {p["url"]: p for p in dose.get("extension", [])}
    return Exercise(
        exercise=detail["description"],
        sets=parts["sets"]["valueInteger"] if "sets" in parts else None,
        reps=parts["reps"]["valueInteger"] if "reps" in parts else None,
        hold_seconds=int(parts["hold"]["valueQuantity"]["value"]) if "hold" in parts else None,
        frequency=(detail.get("scheduledTiming", {}).get("code") or {}).get("text"),
        progression_notes=parts["progression"]["valueString"] if "progression" in parts else None,
    )


def careplan_from_fhir(cp: dict[str, Any], resolve: Resolver) -> CarePlan:
    visits, interventions, exercises = None, [], []
    for activity in cp.get("activity", []):
        detail = activity.get("detail", {})
        kind = next((c.get("code") for r in detail.get("reasonCode", []) for c in r.get("coding", [])
                     if c.get("system") == KIND_SYSTEM), None)  # fmt: skip
        if kind == KIND_VISITS:
            visits = (detail.get("scheduledTiming", {}).get("code") or {}).get("text")
        elif kind == KIND_INTERVENTION:
            interventions.append(detail["description"])
        elif kind == KIND_EXERCISE:
            exercises.append(_exercise(detail))
    first_detail = (cp.get("activity") or [{}])[0].get("detail", {})
    period = cp["period"]
    return CarePlan(
        patient=Reference(reference=cp["subject"]["reference"]),
        discipline=discipline_from(first_detail.get("code")) or "physical-therapy",
        status=cp["status"],
        goals=[_goal(resolve(g["reference"]) or {}) for g in cp.get("goal", [])],
        visit_frequency=visits,
        interventions=interventions,
        home_exercise_program=exercises,
        certifying_physician=Reference(reference=cp["author"]["reference"]) if cp.get("author") else None,
        certification_period=Period(start=period["start"], end=period.get("end")),
        referral=Reference(reference=cp["supportingInfo"][0]["reference"]) if cp.get("supportingInfo") else None,
    )
