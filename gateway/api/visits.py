"""/api/visits: create and read back."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from gateway.api.deps import Created, DomainDep
from gateway.api.kinds import VISITS
from gateway.domain.visit import Visit

router = APIRouter(prefix="/visits")


@router.post("", status_code=201, response_model=Created)
def create_visit(visit: Visit, domain: DomainDep) -> dict[str, Any]:
    return domain.create(VISITS, visit)


@router.get("/{visit_id}", response_model=Visit)
def get_visit(visit_id: str, domain: DomainDep) -> Any:
    return domain.get(VISITS, visit_id)
