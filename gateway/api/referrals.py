"""/api/referrals: create a referral, read it back, and the queue of received referrals."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Query

from gateway.api.deps import Created, DomainDep
from gateway.api.kinds import REFERRALS
from gateway.domain.referral import Referral, ReferralStatus
from gateway.mapping.referral import STATUS_TO_FHIR

router = APIRouter(prefix="/referrals")


@router.post("", status_code=201, response_model=Created)
def create_referral(referral: Referral, domain: DomainDep) -> dict[str, Any]:
    return domain.create(REFERRALS, referral)


@router.get("")
def list_referrals(
    domain: DomainDep,
    status: ReferralStatus | None = Query(None, description="e.g. 'received' for the intake queue"),
    service_type: str | None = Query(None, description="Discipline, e.g. 'physical-therapy'"),
    order: Literal["newest", "oldest"] = "newest",
) -> list[dict[str, Any]]:
    params: list[tuple[str, str]] = [("_sort", "-_lastUpdated" if order == "newest" else "_lastUpdated")]
    if status:
        params.append(("status", STATUS_TO_FHIR[status]))
    if service_type:
        params.append(("code", service_type))
    items = domain.list(REFERRALS, params)
    return [item for item in items if status is None or item.get("status", status) == status]


@router.get("/{referral_id}", response_model=Referral)
def get_referral(referral_id: str, domain: DomainDep) -> Any:
    return domain.get(REFERRALS, referral_id)
