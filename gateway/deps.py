"""Request-scoped dependencies: the heavy objects built once in the lifespan, injected by type.

Every dependency in the app is ``async def``: FastAPI runs a plain ``def`` dependency in its thread
pool, a thread hop of about 0.25 ms each, and a FHIR request has four of them. These only look
things up, so they belong on the event loop (``tests/gateway/test_dependencies.py`` holds the line).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from gateway.fhir.capability import Capabilities
from gateway.fhir.service import FhirService
from gateway.settings import Settings
from gateway.storage.base import Store


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_store(request: Request) -> Store:
    return request.app.state.store


async def get_fhir(request: Request) -> FhirService:
    return request.app.state.fhir


async def get_capabilities(request: Request) -> Capabilities:
    return request.app.state.capabilities


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
FhirDep = Annotated[FhirService, Depends(get_fhir)]
CapsDep = Annotated[Capabilities, Depends(get_capabilities)]
