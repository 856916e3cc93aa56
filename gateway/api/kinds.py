"""The four domain nouns and how each maps to FHIR and back."""

from __future__ import annotations

from typing import Any

from gateway.api.service import Kind, ReadContext
from gateway.mapping.careplan import careplan_from_fhir, careplan_to_bundle
from gateway.mapping.infusion import infusion_from_fhir, infusion_to_bundle
from gateway.mapping.referral import referral_from_fhir, referral_to_bundle
from gateway.mapping.visit import visit_from_fhir, visit_to_bundle


def _visit(enc: dict[str, Any], ctx: ReadContext) -> Any:
    observations = ctx.search("Observation", [("encounter", f"Encounter/{enc['id']}")])
    return visit_from_fhir(enc, observations)


REFERRALS = Kind("referrals", "ServiceRequest", referral_to_bundle, lambda r, ctx: referral_from_fhir(r, ctx.resolver))
CARE_PLANS = Kind("care-plans", "CarePlan", careplan_to_bundle, lambda r, ctx: careplan_from_fhir(r, ctx.resolver))
INFUSION_ORDERS = Kind(
    "infusion-orders", "MedicationRequest", infusion_to_bundle, lambda r, ctx: infusion_from_fhir(r, ctx.resolver)
)
VISITS = Kind("visits", "Encounter", visit_to_bundle, _visit)
