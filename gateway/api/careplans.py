"""/api/care-plans: create and read back."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from gateway.api.deps import Created, DomainDep
from gateway.api.kinds import CARE_PLANS
from gateway.domain.careplan import CarePlan

router = APIRouter(prefix="/care-plans")


@router.post("", status_code=201, response_model=Created)
def create_care_plan(care_plan: CarePlan, domain: DomainDep) -> dict[str, Any]:
    return domain.create(CARE_PLANS, care_plan)


@router.get("/{care_plan_id}", response_model=CarePlan)
def get_care_plan(care_plan_id: str, domain: DomainDep) -> Any:
    return domain.get(CARE_PLANS, care_plan_id)
