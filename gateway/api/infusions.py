"""/api/infusion-orders: create and read back."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from gateway.api.deps import Created, DomainDep
from gateway.api.kinds import INFUSION_ORDERS
from gateway.domain.infusion import InfusionOrder

router = APIRouter(prefix="/infusion-orders")


@router.post("", status_code=201, response_model=Created)
def create_infusion_order(infusion_order: InfusionOrder, domain: DomainDep) -> dict[str, Any]:
    return domain.create(INFUSION_ORDERS, infusion_order)


@router.get("/{infusion_order_id}", response_model=InfusionOrder)
def get_infusion_order(infusion_order_id: str, domain: DomainDep) -> Any:
    return domain.get(INFUSION_ORDERS, infusion_order_id)
