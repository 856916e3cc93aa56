"""Dependencies of the domain API routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from pydantic import BaseModel

from gateway.api.service import DomainService


async def get_domain(request: Request) -> DomainService:
    return request.app.state.domain


DomainDep = Annotated[DomainService, Depends(get_domain)]


class Created(BaseModel):
    id: str
    fhir: dict[str, str | list[str]]
