"""Property: domain -> FHIR -> domain is the identity on every field, for all four domain nouns."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import get_args

from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.domain.careplan import CarePlan
from gateway.domain.common import Discipline
from gateway.domain.infusion import InfusionOrder
from gateway.domain.referral import Referral
from gateway.domain.visit import Visit
from gateway.mapping.bundle import bundle_resolver
from gateway.mapping.careplan import careplan_from_fhir, careplan_to_bundle
from gateway.mapping.infusion import infusion_from_fhir, infusion_to_bundle
from gateway.mapping.referral import referral_from_fhir, referral_to_bundle
from gateway.mapping.visit import visit_from_fhir, visit_to_bundle

DISCIPLINES = list(get_args(Discipline))
words = (
    st.text(st.characters(whitelist_categories=("L", "N"), whitelist_characters=" -'."), min_size=1, max_size=30)
    .map(str.strip)
    .filter(bool)
)
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1))
frequencies = st.sampled_from(
    ["3x/week for 4 weeks", "BID", "every 12 hours", "daily x 14 days", "twice a week", "as tolerated", "q8h", "weekly"]
)


def _ref(rtype: str) -> st.SearchStrategy[dict[str, str]]:
    return st.uuids().map(lambda u: {"reference": f"{rtype}/{u}"})


patients = st.fixed_dictionaries(
    {
        "name": words,
        "sex": st.sampled_from(["female", "male", "other", "unknown"]),
        "address": st.fixed_dictionaries(
            {"line": st.lists(words, min_size=1, max_size=2)},
            optional={"city": words, "state": st.sampled_from(["MA", "TX", "CA"]), "postal_code": st.just("02101")},
        ),
        "mrn": words,
    },
    optional={
        "birth_date": dates.map(date.isoformat),
        "phone": st.just("617-555-0100"),
        "email": st.just("ana@example.org"),
        "language": st.sampled_from(["en", "es", "zh"]),
    },
)
referrals = st.fixed_dictionaries(
    {
        "patient": patients,
        "service_type": st.sampled_from(DISCIPLINES),
        "reason": words,
        "referring_provider": st.fixed_dictionaries(
            {"name": words, "npi": st.from_regex(r"\A\d{10}\Z")},
            optional={"organization": words, "phone": st.just("555-0100")},
        ),
        "status": st.sampled_from(["draft", "received", "accepted", "declined", "completed", "cancelled"]),
        "priority": st.sampled_from(["routine", "urgent", "asap", "stat"]),
    },
    optional={
        "diagnoses": st.lists(
            st.fixed_dictionaries(
                {"system": st.sampled_from(["icd-10-cm", "snomed"]), "code": words}, optional={"display": words}
            ),
            max_size=3,
        ),
        "insurance": st.fixed_dictionaries(
            {
                "payer": words,
                "plan": st.sampled_from(
                    ["medicare-part-a", "medicare-part-b", "medicare-part-d", "medicaid", "commercial"]
                ),
                "member_id": words,
            }
        ),
        "homebound": st.one_of(st.none(), st.booleans()),
        "requested_start": dates.map(date.isoformat),
        "frequency": frequencies,
        "notes": words,
    },
)


@settings(max_examples=60, deadline=None)
@given(referrals)
def test_referral_round_trip(data):
    domain = Referral.model_validate(data)
    bundle = referral_to_bundle(domain)
    sr = bundle["entry"][-1]["resource"]
    assert referral_from_fhir(sr, bundle_resolver(bundle)) == domain


careplans = st.fixed_dictionaries(
    {
        "patient": _ref("Patient"),
        "discipline": st.sampled_from(DISCIPLINES),
        "status": st.sampled_from(["draft", "active", "on-hold", "revoked", "completed"]),
        "certification_period": st.builds(
            lambda s, days: {"start": s.isoformat(), "end": (s + timedelta(days=days)).isoformat()},
            dates.filter(lambda d: d.year < 2099),
            st.integers(1, 120),
        ),
    },
    optional={
        "goals": st.lists(
            st.fixed_dictionaries(
                {"description": words},
                optional={"target_measure": words, "target_value": words, "due_date": dates.map(date.isoformat)},
            ).filter(
                lambda g: (
                    ("target_measure" in g or "due_date" in g) and ("target_value" not in g or "target_measure" in g)
                )
            ),
            max_size=3,
        ),
        "visit_frequency": frequencies,
        "interventions": st.lists(words, max_size=3),
        "home_exercise_program": st.lists(
            st.fixed_dictionaries(
                {"exercise": words},
                optional={
                    "sets": st.integers(1, 20),
                    "reps": st.integers(1, 200),
                    "hold_seconds": st.integers(1, 600),
                    "frequency": frequencies,
                    "progression_notes": words,
                },
            ),
            max_size=3,
        ),
        "certifying_physician": _ref("Practitioner"),
        "referral": _ref("ServiceRequest"),
    },
)


@settings(max_examples=60, deadline=None)
@given(careplans)
def test_careplan_round_trip(data):
    domain = CarePlan.model_validate(data)
    bundle = careplan_to_bundle(domain)
    cp = bundle["entry"][-1]["resource"]
    assert careplan_from_fhir(cp, bundle_resolver(bundle)) == domain


infusions = st.fixed_dictionaries(
    {
        "patient": _ref("Patient"),
        "medication": st.fixed_dictionaries({"name": words}, optional={"rxnorm": st.from_regex(r"\A\d{1,8}\Z")}),
        "dose_value": st.floats(0.01, 5000, allow_nan=False).map(lambda x: round(x, 2)).filter(lambda x: x > 0),
        "dose_unit": st.sampled_from(["g", "mg", "mL", "[iU]", "mg/kg"]),
        "route": st.sampled_from(["IV", "SC", "IM", "epidural"]),
        "frequency": frequencies,
        "start": dates.map(date.isoformat),
        "prescriber": _ref("Practitioner"),
        "status": st.sampled_from(["draft", "active", "on-hold", "completed", "cancelled", "stopped"]),
    },
    optional={
        "rate": st.sampled_from(["125 mL/h", "over 60 minutes", "2 mL/min", "10 mg/h"]),
        "stop": dates.map(date.isoformat),
        "total_doses": st.integers(1, 200),
        "vascular_access": st.sampled_from(["PICC", "port", "peripheral", "midline"]),
        "pump": st.sampled_from(["elastomeric", "electronic", "gravity", "syringe"]),
        "dispensing_pharmacy": _ref("Organization"),
        "nursing_visits": frequencies,
    },
)


@settings(max_examples=60, deadline=None)
@given(infusions.filter(lambda d: "stop" not in d or d["stop"] >= d["start"]))
def test_infusion_round_trip(data):
    domain = InfusionOrder.model_validate(data)
    bundle = infusion_to_bundle(domain)
    mr = bundle["entry"][-1]["resource"]
    assert infusion_from_fhir(mr, bundle_resolver(bundle)) == domain


instants = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)).map(
    lambda d: d.replace(microsecond=0).isoformat()
)
visits = st.fixed_dictionaries(
    {
        "patient": _ref("Patient"),
        "clinician": _ref("Practitioner"),
        "discipline": st.sampled_from(DISCIPLINES),
        "visit_type": st.sampled_from(["start-of-care", "routine", "reassessment", "discharge", "infusion"]),
        "status": st.sampled_from(["planned", "arrived", "in-progress", "cancelled"]),
        "start": instants,
    },
    optional={
        "end": instants,
        "referral": _ref("ServiceRequest"),
        "care_plan": _ref("CarePlan"),
        "vitals": st.fixed_dictionaries(
            {},
            optional={
                "systolic": st.integers(40, 300),
                "diastolic": st.integers(20, 200),
                "heart_rate": st.integers(20, 250),
                "respiratory_rate": st.integers(4, 80),
                "temperature_c": st.floats(30, 45).map(lambda x: round(x, 1)),
                "weight_kg": st.floats(1, 500).map(lambda x: round(x, 1)),
            },
        ).filter(bool),
    },
)


@settings(max_examples=60, deadline=None)
@given(visits.filter(lambda d: "end" not in d or d["end"] >= d["start"]))
def test_visit_round_trip(data):
    domain = Visit.model_validate(data)
    bundle = visit_to_bundle(domain)
    enc = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Encounter")
    obs = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation"]
    assert visit_from_fhir(enc, obs) == domain
