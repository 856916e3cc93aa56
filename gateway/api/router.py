"""The domain API under /api: plain JSON for the provider's own systems."""

from __future__ import annotations

from fastapi import APIRouter, Depends, FastAPI

from gateway.api import careplans, infusions, referrals, visits
from gateway.api.service import DomainService
from gateway.auth import require_auth
from gateway.settings import Settings

router = APIRouter(prefix="/api", tags=["Domain API"], dependencies=[Depends(require_auth)])
for module in (referrals, careplans, infusions, visits):
    router.include_router(module.router)


def startup(app: FastAPI, settings: Settings) -> None:
    app.state.domain = DomainService(fhir=app.state.fhir, bundles=app.state.bundles)
